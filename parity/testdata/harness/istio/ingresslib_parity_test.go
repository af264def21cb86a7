//go:build ingresslib_harness

// This file is ingresslib's: its parity test (parity/istio_test.go) copies
// it into a temporary copy of Istio's module at pilot/pkg/config/kube/ingress
// and runs it there. For each Ingress set Istio's own code converts the
// Ingresses to VirtualServices: the package's controller, on a fake
// Kubernetes client, as the package's own tests run it (setupController).
// What istiod then makes of the VirtualServices for the ingress gateway's
// port 80 is written here after pilot/pkg/networking/core/gateway.go
// (buildGatewayHTTPRouteConfig) and core/route/route.go, and says so at
// each step:
//
//   - The VirtualServices are taken gateway by gateway (each Ingress's
//     gateway has one port 80 server for "*"; gateways by name), and those
//     of a gateway by name, then namespace (PushContext's order: derived
//     configs have no creation time).
//   - A VirtualService's routes (BuildHTTPRoutesForVirtualService,
//     translateRouteMatch under the Ingress route semantics): no match is a
//     prefix "/"; Exact a path; Prefix "/" a prefix "/", any other a
//     path_separated_prefix without its trailing '/'. A catch-all route
//     (prefix "/") ends the list.
//   - One virtual host per lower-cased VirtualService host: the routes of
//     the VirtualServices with that host in the order above, catch-all
//     routes moved to the end (SortVHostRoutes); ignore_port_in_host_matching
//     on.
//
// Envoy's matching is modelled by ingresslibEnvoy (harness/envoy, placed
// beside this file), with merge_slashes off: Istio's default path
// normalisation (BASE) is normalize_path alone.

package ingress

import (
	"cmp"
	"fmt"
	"slices"
	"strings"
	"testing"

	envoy_config_route_v3 "github.com/envoyproxy/go-control-plane/envoy/config/route/v3"
	knetworking "k8s.io/api/networking/v1"
	"k8s.io/apimachinery/pkg/runtime"

	networking "istio.io/api/networking/v1alpha3"
	"istio.io/istio/pkg/config"
)

// TestIngresslibParity answers each request with what Istio answers.
func TestIngresslibParity(t *testing.T) {
	ingresslibRun(t, func(t *testing.T, i int, set ingresslibSet) []map[string]bool {
		var answers []map[string]bool
		// A subtest per set: its controller stops when it ends.
		t.Run(fmt.Sprint(i), func(t *testing.T) {
			rc := ingresslibRouteConfig(t, set.Ingresses)
			for _, rq := range set.Requests {
				answers = append(answers, map[string]bool{ingresslibEnvoy(rc, rq.Host, rq.Target, false, ingresslibIstioService): true})
			}
		})
		return answers
	})
}

// ingresslibRouteConfig converts the Ingresses with Istio's controller and
// builds the gateway's port 80 route configuration (see the file comment).
func ingresslibRouteConfig(t *testing.T, ings []*knetworking.Ingress) *envoy_config_route_v3.RouteConfiguration {
	objs := make([]runtime.Object, len(ings))
	for i, ing := range ings {
		objs[i] = ing
	}
	controller, _ := setupController(t, "cluster.local", objs...)
	vss := controller.outputs.VirtualServices.List()
	gateway := func(c config.Config) string {
		if gws := c.Spec.(*networking.VirtualService).Gateways; len(gws) > 0 {
			return gws[0]
		}
		return ""
	}
	slices.SortFunc(vss, func(a, b config.Config) int {
		return cmp.Or(cmp.Compare(gateway(a), gateway(b)), cmp.Compare(a.Name, b.Name), cmp.Compare(a.Namespace, b.Namespace))
	})
	vhosts := map[string]*envoy_config_route_v3.VirtualHost{}
	var order []string
	for _, c := range vss {
		vs := c.Spec.(*networking.VirtualService)
		routes := ingresslibRoutes(vs)
		for _, h := range vs.Hosts {
			h = strings.ToLower(h)
			v := vhosts[h]
			if v == nil {
				v = &envoy_config_route_v3.VirtualHost{Name: h, Domains: []string{h}}
				vhosts[h] = v
				order = append(order, h)
			}
			v.Routes = append(v.Routes, routes...)
		}
	}
	rc := &envoy_config_route_v3.RouteConfiguration{Name: "http.80", IgnorePortInHostMatching: true}
	for _, h := range order {
		v := vhosts[h]
		// SortVHostRoutes: catch-all routes last.
		var rest, all []*envoy_config_route_v3.Route
		for _, r := range v.Routes {
			if ingresslibCatchAll(r) {
				all = append(all, r)
			} else {
				rest = append(rest, r)
			}
		}
		v.Routes = append(rest, all...)
		rc.VirtualHosts = append(rc.VirtualHosts, v)
	}
	return rc
}

// ingresslibRoutes translates a VirtualService's HTTP routes (see the file
// comment).
func ingresslibRoutes(vs *networking.VirtualService) []*envoy_config_route_v3.Route {
	var out []*envoy_config_route_v3.Route
	for _, h := range vs.Http {
		d := h.Route[0].Destination
		r := &envoy_config_route_v3.Route{
			Match: &envoy_config_route_v3.RouteMatch{PathSpecifier: &envoy_config_route_v3.RouteMatch_Prefix{Prefix: "/"}},
			Action: &envoy_config_route_v3.Route_Route{Route: &envoy_config_route_v3.RouteAction{
				ClusterSpecifier: &envoy_config_route_v3.RouteAction_Cluster{Cluster: fmt.Sprintf("outbound|%d||%s", d.Port.GetNumber(), d.Host)},
			}},
		}
		if len(h.Match) > 0 {
			switch m := h.Match[0].Uri.GetMatchType().(type) {
			case *networking.StringMatch_Exact:
				r.Match.PathSpecifier = &envoy_config_route_v3.RouteMatch_Path{Path: m.Exact}
			case *networking.StringMatch_Prefix:
				if m.Prefix != "/" {
					r.Match.PathSpecifier = &envoy_config_route_v3.RouteMatch_PathSeparatedPrefix{PathSeparatedPrefix: strings.TrimSuffix(m.Prefix, "/")}
				}
			}
		}
		out = append(out, r)
		if ingresslibCatchAll(r) {
			break
		}
	}
	return out
}

func ingresslibCatchAll(r *envoy_config_route_v3.Route) bool {
	return r.Match.GetPrefix() == "/" || r.Match.GetPathSeparatedPrefix() == "/"
}

// ingresslibIstioService returns the Service of an Istio cluster,
// outbound|port||name.namespace.svc.cluster.local.
func ingresslibIstioService(cluster string) string {
	_, h, ok := strings.Cut(cluster, "||")
	if !ok {
		return ""
	}
	parts := strings.Split(h, ".")
	if len(parts) < 2 {
		return ""
	}
	return parts[1] + "/" + parts[0]
}
