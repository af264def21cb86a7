//go:build ingresslib_harness

// This file is ingresslib's: its parity test (parity/traefik_test.go)
// copies it, with normalizePath and sanitizePath taken from
// pkg/server/server_entrypoint_tcp.go and applyModel from
// pkg/server/aggregator.go, into a temporary copy of Traefik's module at
// pkg/provider/kubernetes/ingress, and runs it there. It routes the
// requests of each Ingress set through Traefik's own code: the Kubernetes
// Ingress provider (loadConfigurationFromIngresses, with the provider's
// client mock), the entry point models (applyModel), the split of routers
// by entry point and TLS (GetRoutersByEntryPoints), the HTTP muxer and its
// rule parser, the request decorator and the entry point's path handling.
// What is not Traefik's code is written here and says so: the default
// entry points and websecure's model, setting each router's default
// priority and refusing priorities above the highest a user may give
// (pkg/server/router/router.go, buildEntryPointHandler), and reading the
// answer of each router on its own to find the routers an unstable sort
// could put first.

package ingress

import (
	"bufio"
	"context"
	"math"
	"math/rand/v2"
	"net/http"
	"net/http/httptest"
	"slices"
	"strings"
	"testing"

	"github.com/traefik/traefik/v3/pkg/config/dynamic"
	"github.com/traefik/traefik/v3/pkg/config/runtime"
	"github.com/traefik/traefik/v3/pkg/middlewares/requestdecorator"
	httpmuxer "github.com/traefik/traefik/v3/pkg/muxer/http"
	corev1 "k8s.io/api/core/v1"
	netv1 "k8s.io/api/networking/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
)

const ingresslibMaxUserPriority = math.MaxInt - 1000 // pkg/server/router/router.go, maxUserPriority

// TestIngresslibParity answers each request with what Traefik can answer:
// requests with TLS arrive at websecure, others at web; the Ingresses are
// listed in several orders, as Traefik's informer's is not defined.
func TestIngresslibParity(t *testing.T) {
	parser, err := httpmuxer.NewSyntaxParser()
	if err != nil {
		t.Fatal(err)
	}
	ingresslibRun(t, func(t *testing.T, si int, set ingresslibSet) []map[string]bool {
		orders := [][]*netv1.Ingress{set.Ingresses, slices.Clone(set.Ingresses)}
		slices.Reverse(orders[1])
		rng := rand.New(rand.NewPCG(uint64(si), 7))
		for range 4 {
			o := slices.Clone(set.Ingresses)
			rng.Shuffle(len(o), func(i, j int) { o[i], o[j] = o[j], o[i] })
			orders = append(orders, o)
		}
		answers := make([]map[string]bool, len(set.Requests))
		for i := range answers {
			answers[i] = map[string]bool{}
		}
		for _, ings := range orders {
			routes := ingresslibRoutes(t, parser, set, ings)
			for ri, rq := range set.Requests {
				side := routes.web
				if rq.TLS {
					side = routes.websecure
				}
				for _, a := range ingresslibServe(side, rq.Host, rq.Target) {
					answers[ri][a] = true
				}
			}
		}
		return answers
	})
}

// ingresslibRoute is one router: a muxer holding it alone, its priority,
// and the Kubernetes Service it sends requests to.
type ingresslibRoute struct {
	mux      *httpmuxer.Muxer
	priority int
	service  string
}

// ingresslibEntryPoints are the routers of Traefik's two entry points: web
// (cleartext) and websecure (TLS terminated on the entry point, as
// Traefik's Helm chart configures it).
type ingresslibEntryPoints struct {
	web, websecure []ingresslibRoute
}

// ingresslibRoutes builds Traefik's routers for the Ingresses, in the
// order the provider's client lists them.
func ingresslibRoutes(t *testing.T, parser httpmuxer.SyntaxParser, set ingresslibSet, ings []*netv1.Ingress) ingresslibEntryPoints {
	client := clientMock{ingresses: ings}
	// Every Service the Ingresses name exists, as an ExternalName
	// service named after itself, on port 80 named "http".
	seen := map[string]bool{}
	addService := func(ns string, b *netv1.IngressBackend) {
		if b == nil || b.Service == nil || seen[ns+"/"+b.Service.Name] {
			return
		}
		seen[ns+"/"+b.Service.Name] = true
		client.services = append(client.services, &corev1.Service{
			ObjectMeta: metav1.ObjectMeta{Namespace: ns, Name: b.Service.Name},
			Spec: corev1.ServiceSpec{Type: corev1.ServiceTypeExternalName, ExternalName: ns + "." + b.Service.Name + ".ingresslib",
				Ports: []corev1.ServicePort{{Name: "http", Port: 80}}},
		})
	}
	for _, ing := range ings {
		addService(ing.Namespace, ing.Spec.DefaultBackend)
		for _, r := range ing.Spec.Rules {
			if r.HTTP == nil {
				continue
			}
			for i := range r.HTTP.Paths {
				addService(ing.Namespace, &r.HTTP.Paths[i].Backend)
			}
		}
	}
	p := Provider{StrictPrefixMatching: set.Strict, AllowExternalNameServices: true, DisableClusterScopeResources: true}
	conf := p.loadConfigurationFromIngresses(context.Background(), client)
	// Routers without entry points get the default ones: every entry
	// point of the static configuration, here web and websecure
	// (pkg/server/aggregator.go, mergeConfiguration; not Traefik's code).
	for _, rt := range conf.HTTP.Routers {
		if len(rt.EntryPoints) == 0 {
			rt.EntryPoints = []string{"web", "websecure"}
		}
	}
	// websecure's http.tls is the TLS of its routers that have none: the
	// model Traefik's internal provider makes of it (pkg/provider/traefik/
	// internal.go, entryPointModels; not Traefik's code), applied by
	// Traefik's applyModel.
	conf.HTTP.Models = map[string]*dynamic.Model{"websecure@internal": {TLS: &dynamic.RouterTLSConfig{}}}
	rc := runtime.NewConfig(applyModel(*conf))
	var eps ingresslibEntryPoints
	eps.web = ingresslibMuxers(parser, conf, rc.GetRoutersByEntryPoints(context.Background(), []string{"web", "websecure"}, false)["web"])
	eps.websecure = ingresslibMuxers(parser, conf, rc.GetRoutersByEntryPoints(context.Background(), []string{"web", "websecure"}, true)["websecure"])
	return eps
}

// ingresslibMuxers makes a muxer of each router of an entry point.
func ingresslibMuxers(parser httpmuxer.SyntaxParser, conf *dynamic.Configuration, routers map[string]*runtime.RouterInfo) []ingresslibRoute {
	var routes []ingresslibRoute
	for _, rt := range routers {
		svc := conf.HTTP.Services[rt.Service]
		if svc == nil || svc.LoadBalancer == nil || len(svc.LoadBalancer.Servers) == 0 {
			continue
		}
		// "http://ns.name.ingresslib:80" → "ns/name"
		u := strings.TrimSuffix(strings.TrimPrefix(svc.LoadBalancer.Servers[0].URL, "http://"), ".ingresslib:80")
		service := strings.Replace(u, ".", "/", 1)
		// buildEntryPointHandler (not Traefik's code, written after it).
		priority := rt.Priority
		if priority == 0 {
			priority = httpmuxer.GetRulePriority(rt.Rule)
		}
		if priority > ingresslibMaxUserPriority {
			continue
		}
		mux := httpmuxer.NewMuxer(parser, nil)
		if err := mux.AddRoute(rt.Rule, "", priority, "kubernetes", http.HandlerFunc(func(w http.ResponseWriter, _ *http.Request) {
			w.Write([]byte(service))
		})); err != nil {
			continue // Traefik refuses the router
		}
		routes = append(routes, ingresslibRoute{mux, priority, service})
	}
	return routes
}

// ingresslibServe returns what the routers can answer a request: the
// services of the matching routers of the highest priority, or "404";
// "400" for a request the entry point or the muxer refuses.
func ingresslibServe(routes []ingresslibRoute, host, target string) []string {
	var best []string
	bestPriority := 0
	bad := false
	// A muxer without routes first: what the entry point refuses.
	empty := ingresslibRoute{mux: httpmuxer.NewMuxer(httpmuxer.SyntaxParser{}, nil)}
	for _, r := range append([]ingresslibRoute{empty}, routes...) {
		req, err := http.ReadRequest(bufio.NewReader(strings.NewReader("GET " + target + " HTTP/1.1\r\nHost: " + host + "\r\n\r\n")))
		if err != nil {
			return []string{"400"}
		}
		rec := httptest.NewRecorder()
		// The entry point's chain: the request decorator, then
		// normalizePath, then sanitizePath, then the router.
		handler := normalizePath(sanitizePath(r.mux))
		requestdecorator.New(nil).ServeHTTP(rec, req, handler.ServeHTTP)
		switch {
		case rec.Code == http.StatusBadRequest:
			bad = true
		case rec.Code == http.StatusOK && r.service != "":
			switch {
			case best == nil || r.priority > bestPriority:
				best, bestPriority = []string{rec.Body.String()}, r.priority
			case r.priority == bestPriority:
				best = append(best, rec.Body.String())
			}
		}
	}
	switch {
	case bad:
		return []string{"400"}
	case best == nil:
		return []string{"404"}
	}
	return best
}
