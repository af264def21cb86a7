//go:build ingresslib_harness

// This file is ingresslib's: its parity test (parity/contour_test.go)
// copies it into a temporary copy of Contour's module at
// internal/xdscache/v3 and runs it there. For each Ingress set Contour's
// own code builds the Envoy configuration: the DAG (dag.Builder with the
// listener and Ingress processors, the Ingresses and Services in its
// KubernetesCache), then the route configuration Envoy receives
// (RouteCache.OnChange: the route sorter and the translation to Envoy's
// virtual hosts and routes). Envoy itself is not run; what it does with
// that configuration is written here after Envoy's documentation and
// source, and says so at each step:
//
//   - The virtual host (RouteMatcher::findVirtualHost): the Host header
//     lower-cased, its port dropped when the route configuration says
//     ignore_port_in_host_matching (HeaderUtility::getPortStart: the part
//     after the last ':' must be a number, outside "[...]"); an exact
//     domain, else the longest "*.suffix" domain the host ends with (the
//     wildcard matching at least one character), else "*". No trailing dot
//     is stripped (strip_trailing_host_dot is off).
//   - The path (normalize_path and merge_slashes, RFC 3986 section 6):
//     percent-encoded unreserved characters decoded, other escapes kept
//     with upper-case digits, dot segments removed, repeated slashes
//     merged; the query string is not part of it.
//   - The routes in order, the first that matches: prefix a string
//     prefix, path an exact path, path_separated_prefix the prefix then
//     '/' or the end, safe_regex the whole path (RE2), every header matcher
//     a safe_regex on :authority (the Host header as sent), whole.

package v3

import (
	"encoding/json"
	"io"
	"os"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"

	envoy_config_route_v3 "github.com/envoyproxy/go-control-plane/envoy/config/route/v3"
	"github.com/sirupsen/logrus"
	core_v1 "k8s.io/api/core/v1"
	networking_v1 "k8s.io/api/networking/v1"
	meta_v1 "k8s.io/apimachinery/pkg/apis/meta/v1"

	"github.com/projectcontour/contour/internal/dag"
)

type ingresslibSet struct {
	Ingresses []*networking_v1.Ingress `json:"ingresses"`
	Requests  []struct {
		Host   string `json:"host"`
		Target string `json:"target"`
	} `json:"requests"`
}

type ingresslibAnswer struct {
	Answers []string `json:"answers"`
}

func TestIngresslibParity(t *testing.T) {
	in, err := os.ReadFile(os.Getenv("INGRESSLIB_PARITY_IN"))
	if err != nil {
		t.Fatal(err)
	}
	var sets []ingresslibSet
	if err := json.Unmarshal(in, &sets); err != nil {
		t.Fatal(err)
	}
	var out [][]ingresslibAnswer
	for _, set := range sets {
		answers := make([]map[string]bool, len(set.Requests))
		for i := range answers {
			answers[i] = map[string]bool{}
		}
		// Contour keeps its Ingresses in a map, visited in Go's random
		// order (each new map has its own hash seed): building many times
		// gives the answers the orders can give, with a chance below 1e-4
		// of missing one when five Ingresses compete for a route.
		for range 48 {
			rc := ingresslibRouteConfig(set.Ingresses)
			for i, rq := range set.Requests {
				answers[i][ingresslibEnvoy(rc, rq.Host, rq.Target)] = true
			}
		}
		var setOut []ingresslibAnswer
		for _, a := range answers {
			var list []string
			for k := range a {
				list = append(list, k)
			}
			slices.Sort(list)
			setOut = append(setOut, ingresslibAnswer{list})
		}
		out = append(out, setOut)
	}
	b, err := json.Marshal(out)
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(os.Getenv("INGRESSLIB_PARITY_OUT"), b, 0o644); err != nil {
		t.Fatal(err)
	}
}

// ingresslibRouteConfig builds the route configuration of the HTTP
// listener for the Ingresses with Contour's code.
func ingresslibRouteConfig(ings []*networking_v1.Ingress) *envoy_config_route_v3.RouteConfiguration {
	log := logrus.New()
	log.SetOutput(io.Discard)
	builder := dag.Builder{
		Source:     dag.KubernetesCache{FieldLogger: log},
		Processors: []dag.Processor{&dag.ListenerProcessor{}, &dag.IngressProcessor{FieldLogger: log}},
	}
	seen := map[string]bool{}
	addService := func(ns string, b *networking_v1.IngressBackend) {
		if b == nil || b.Service == nil || seen[ns+"/"+b.Service.Name] {
			return
		}
		seen[ns+"/"+b.Service.Name] = true
		builder.Source.Insert(&core_v1.Service{
			ObjectMeta: meta_v1.ObjectMeta{Namespace: ns, Name: b.Service.Name},
			Spec:       core_v1.ServiceSpec{Ports: []core_v1.ServicePort{{Name: "http", Protocol: "TCP", Port: 80}}},
		})
	}
	for _, ing := range ings {
		builder.Source.Insert(ing)
		addService(ing.Namespace, ing.Spec.DefaultBackend)
		for _, r := range ing.Spec.Rules {
			if r.HTTP != nil {
				for i := range r.HTTP.Paths {
					addService(ing.Namespace, &r.HTTP.Paths[i].Backend)
				}
			}
		}
	}
	var rc RouteCache
	rc.OnChange(builder.Build())
	for _, m := range rc.Contents() {
		if c, ok := m.(*envoy_config_route_v3.RouteConfiguration); ok && c.Name == "ingress_http" {
			return c
		}
	}
	return &envoy_config_route_v3.RouteConfiguration{}
}

// ingresslibEnvoy answers a request with the route configuration, as
// Envoy would (see the file comment): the Service of the route's cluster
// ("ns/name"), or "404".
func ingresslibEnvoy(rc *envoy_config_route_v3.RouteConfiguration, host, target string) string {
	authority := host
	h := host
	if rc.IgnorePortInHostMatching {
		if i := strings.LastIndexByte(h, ':'); i >= 0 && strings.LastIndexByte(h, ']') < i {
			if _, err := strconv.ParseUint(h[i+1:], 10, 32); err == nil {
				h = h[:i]
			}
		}
	}
	h = strings.ToLower(h)
	var vh, wild, def *envoy_config_route_v3.VirtualHost
	wildLen := -1
	for _, v := range rc.VirtualHosts {
		for _, d := range v.Domains {
			switch {
			case d == "*":
				def = v
			case strings.HasPrefix(d, "*"):
				if s := d[1:]; len(h) > len(s) && strings.HasSuffix(h, s) && len(s) > wildLen {
					wild, wildLen = v, len(s)
				}
			case d == h:
				vh = v
			}
		}
	}
	switch {
	case vh != nil:
	case wild != nil:
		vh = wild
	default:
		vh = def
	}
	if vh == nil {
		return "404"
	}
	path := target
	if i := strings.IndexAny(path, "?#"); i >= 0 {
		path = path[:i]
	}
	path = ingresslibNormalize(path)
	for _, r := range vh.Routes {
		m := r.GetMatch()
		ok := false
		switch {
		case m.GetPathSpecifier() == nil:
			ok = true
		case m.GetSafeRegex() != nil:
			ok = ingresslibFull(m.GetSafeRegex().GetRegex(), path)
		case m.GetPathSeparatedPrefix() != "":
			p := m.GetPathSeparatedPrefix()
			ok = path == p || strings.HasPrefix(path, p+"/")
		case m.GetPath() != "":
			ok = path == m.GetPath()
		default:
			ok = strings.HasPrefix(path, m.GetPrefix())
		}
		for _, hm := range m.GetHeaders() {
			if hm.GetName() != ":authority" || hm.GetStringMatch().GetSafeRegex() == nil {
				ok = false // no other header is sent
				continue
			}
			ok = ok && ingresslibFull(hm.GetStringMatch().GetSafeRegex().GetRegex(), authority)
		}
		if !ok {
			continue
		}
		cluster := r.GetRoute().GetCluster()
		if cluster == "" {
			return "404"
		}
		// Cluster names are namespace/name/port/hash (envoy.Clustername).
		parts := strings.Split(cluster, "/")
		if len(parts) < 2 {
			return "404"
		}
		return parts[0] + "/" + parts[1]
	}
	return "404"
}

// ingresslibFull reports whether the RE2 expression matches all of s.
func ingresslibFull(expr, s string) bool {
	re, err := regexp.Compile("^(?:" + expr + ")$")
	return err == nil && re.MatchString(s)
}

// ingresslibNormalize is Envoy's normalize_path then merge_slashes, as the
// file comment says.
func ingresslibNormalize(p string) string {
	var b strings.Builder
	for i := 0; i < len(p); i++ {
		if p[i] == '%' && i+2 < len(p) {
			if v, err := strconv.ParseUint(p[i+1:i+3], 16, 8); err == nil {
				c := byte(v)
				if 'a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' || '0' <= c && c <= '9' || c == '-' || c == '.' || c == '_' || c == '~' {
					b.WriteByte(c)
				} else {
					b.WriteString(strings.ToUpper(p[i : i+3]))
				}
				i += 2
				continue
			}
		}
		b.WriteByte(p[i])
	}
	p = b.String()
	// RFC 3986 section 5.2.4.
	var out []string
	segs := strings.Split(p, "/")[1:]
	for i, s := range segs {
		last := i == len(segs)-1
		switch s {
		case ".":
			if last {
				out = append(out, "")
			}
		case "..":
			if len(out) > 0 {
				out = out[:len(out)-1]
			}
			if last {
				out = append(out, "")
			}
		default:
			out = append(out, s)
		}
	}
	p = "/" + strings.Join(out, "/")
	for strings.Contains(p, "//") {
		p = strings.ReplaceAll(p, "//", "/")
	}
	return p
}
