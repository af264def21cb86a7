//go:build ingresslib_harness

// This file is ingresslib's: its parity test (parity/contour_test.go)
// copies it into a temporary copy of Contour's module at
// internal/xdscache/v3 and runs it there. For each Ingress set Contour's
// own code builds the Envoy configuration: the DAG (dag.Builder with the
// listener and Ingress processors, the Ingresses and Services in its
// KubernetesCache), then the route configuration Envoy receives
// (RouteCache.OnChange: the route sorter and the translation to Envoy's
// virtual hosts and routes). Envoy itself is not run: what it does with
// that configuration is modelled by ingresslibEnvoy (harness/envoy, placed
// beside this file), with Contour's merge_slashes on.

package v3

import (
	"io"
	"math/rand/v2"
	"slices"
	"strings"
	"testing"

	envoy_config_route_v3 "github.com/envoyproxy/go-control-plane/envoy/config/route/v3"
	"github.com/sirupsen/logrus"
	core_v1 "k8s.io/api/core/v1"
	networking_v1 "k8s.io/api/networking/v1"
	meta_v1 "k8s.io/apimachinery/pkg/apis/meta/v1"

	"github.com/projectcontour/contour/internal/dag"
)

// TestIngresslibParity answers each request with what Contour can answer.
// Contour keeps its Ingresses in a map, visited in Go's random order; that
// order is only a rotation of the order the entries were inserted in (a
// map this small is one group of slots, visited from a random one), so
// each build inserts the Ingresses in a new random order: the orders are
// then uniform, and 96 builds miss an answer that one of five Ingresses
// gives by coming first (or last) with a chance below (4/5)^96, 5e-10.
func TestIngresslibParity(t *testing.T) {
	ingresslibRun(t, func(t *testing.T, si int, set ingresslibSet) []map[string]bool {
		answers := make([]map[string]bool, len(set.Requests))
		for i := range answers {
			answers[i] = map[string]bool{}
		}
		rng := rand.New(rand.NewPCG(uint64(si), 11))
		for range 96 {
			ings := slices.Clone(set.Ingresses)
			rng.Shuffle(len(ings), func(i, j int) { ings[i], ings[j] = ings[j], ings[i] })
			rc := ingresslibRouteConfig(ings)
			for i, rq := range set.Requests {
				answers[i][ingresslibEnvoy(rc, rq.Host, rq.Target, true, ingresslibContourService)] = true
			}
		}
		return answers
	})
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

// ingresslibContourService returns the Service of a Contour cluster,
// named namespace/name/port/hash (envoy.Clustername).
func ingresslibContourService(cluster string) string {
	parts := strings.Split(cluster, "/")
	if len(parts) < 2 {
		return ""
	}
	return parts[0] + "/" + parts[1]
}
