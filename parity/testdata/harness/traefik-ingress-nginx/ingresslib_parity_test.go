//go:build ingresslib_harness

// This file is ingresslib's: its parity test
// (parity/traefikingressnginx_test.go) copies it, with denyFragment,
// normalizePath and sanitizePath taken from
// pkg/server/server_entrypoint_tcp.go, into a temporary copy of Traefik's
// module at pkg/provider/kubernetes/ingress-nginx, and runs it there. It
// routes the requests of each Ingress set through Traefik's own code: the
// ingress-nginx provider (loadConfiguration: IngressClass filter, build,
// translate), the split of routers by entry point and TLS
// (GetRoutersByEntryPoints), the HTTP muxer and its rule parser, the
// request decorator, the entry point's path handling, and the middlewares
// the provider attaches that answer instead of the backend: RedirectScheme
// (ssl-redirect), AppRoot, RedirectRegex (permanent- and
// temporal-redirect) and RewriteTarget (built from a copy whose one
// tracing call is made a no-op by the parity test).
// What is not Traefik's code is written here and says so: the informer
// caches the provider's client reads, filled directly instead of by a
// watch; the default entry points (web, websecure) given to routers
// without any; setting each router's default priority (the rule's
// length); and reading the answer of each router on its own to find the
// routers an unstable sort could put first.

package ingressnginx_test

import (
	"bufio"
	"context"
	"crypto/tls"
	"fmt"
	"math"
	"net"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/rs/zerolog"
	"github.com/traefik/traefik/v3/pkg/config/dynamic"
	"github.com/traefik/traefik/v3/pkg/config/runtime"
	"github.com/traefik/traefik/v3/pkg/middlewares/ingressnginx/approot"
	"github.com/traefik/traefik/v3/pkg/middlewares/ingressnginx/rewritetarget"
	"github.com/traefik/traefik/v3/pkg/middlewares/ingressnginx/upstreamvhost"
	"github.com/traefik/traefik/v3/pkg/middlewares/ipallowlist"
	"github.com/traefik/traefik/v3/pkg/middlewares/redirect"
	"github.com/traefik/traefik/v3/pkg/middlewares/requestdecorator"
	httpmuxer "github.com/traefik/traefik/v3/pkg/muxer/http"
	tcpmuxer "github.com/traefik/traefik/v3/pkg/muxer/tcp"
	ingressnginx "github.com/traefik/traefik/v3/pkg/provider/kubernetes/ingress-nginx"
	"github.com/traefik/traefik/v3/pkg/tcp"
	netv1 "k8s.io/api/networking/v1"
	kubefake "k8s.io/client-go/kubernetes/fake"
)

const ingresslibMaxUserPriority = math.MaxInt - 1000 // pkg/server/router/router.go, maxUserPriority

// TestIngresslibParity answers each request with what Traefik can answer:
// requests with TLS arrive at websecure, others at web. The provider's
// configuration is built several times: its translation walks Go maps
// (the hosts of the model), so a router key two hosts share keeps the
// router of either; the routers of each build are read.
func TestIngresslibParity(t *testing.T) {
	zerolog.SetGlobalLevel(zerolog.Disabled) // the provider logs every skipped Ingress
	parser, err := httpmuxer.NewSyntaxParser()
	if err != nil {
		t.Fatal(err)
	}
	clientset := kubefake.NewClientset()
	ingresslibRun(t, func(t *testing.T, si int, set ingresslibSet) []map[string]bool {
		answers := make([]map[string]bool, len(set.Requests))
		for i := range answers {
			answers[i] = map[string]bool{}
		}
		// Go's map order is far from uniform for small maps (a few keys
		// in one group: one of them first in 7 orders of 8), so an answer
		// drawn by it needs many builds to be seen: 32, and 96 where a
		// default backend's router key is shared by hosts.
		builds := 32
		if ingresslibMultiHostDefault(set.Ingresses) {
			builds = 96 // one host's router survives, drawn by map order
		}
		for range builds {
			routes := ingresslibRoutes(t, parser, clientset, set.Ingresses)
			for ri, rq := range set.Requests {
				side := routes.web
				if rq.TLS {
					side = routes.websecure
					if as := ingresslibPassthrough(routes.tcp, rq.Host); as != nil {
						for _, a := range as {
							answers[ri][a] = true
						}
						continue
					}
				}
				for _, a := range ingresslibServe(side, rq.Host, rq.Target, rq.TLS, rq.Headers, rq.Addr) {
					answers[ri][a] = true
				}
			}
		}
		return answers
	})
}

// ingresslibMultiHostDefault says whether an Ingress has a default backend
// and rules of more than one host.
func ingresslibMultiHostDefault(ings []*netv1.Ingress) bool {
	for _, ing := range ings {
		hosts := map[string]bool{}
		for _, r := range ing.Spec.Rules {
			hosts[r.Host] = true
		}
		if ing.Spec.DefaultBackend != nil && len(hosts) > 1 {
			return true
		}
	}
	return false
}

// ingresslibRoute is one router: a muxer holding it alone, its priority,
// and whether the last request reached it.
type ingresslibRoute struct {
	mux      *httpmuxer.Muxer
	priority int
	hit      *bool
}

// ingresslibEntryPoints are the routers of Traefik's two entry points: web
// (cleartext) and websecure (TLS), and websecure's TCP routers (the
// TLS-passthrough ones of ssl-passthrough Ingresses), which take a TLS
// connection by its server name before any HTTP router.
type ingresslibEntryPoints struct {
	web, websecure []ingresslibRoute
	tcp            []ingresslibTCPRoute
}

// ingresslibTCPRoute is one TCP router: a muxer of Traefik's holding it
// alone, its priority and its answer. Routers of equal priority are tried
// in the order of a Go map (the router manager's), which a few builds
// would sample unevenly: each is read on its own instead, as the HTTP
// routers are.
type ingresslibTCPRoute struct {
	mux      *tcpmuxer.Muxer
	priority int
}

// ingresslibTCPAnswer is a TCP router's handler: the answer of its
// service, "pass ns/name".
type ingresslibTCPAnswer string

func (ingresslibTCPAnswer) ServeTCP(tcp.WriteCloser) {}

// ingresslibRoutes builds the provider's routers for the Ingresses
// (ingresslib_export_test.go) and splits them by entry point and TLS.
func ingresslibRoutes(t *testing.T, parser httpmuxer.SyntaxParser, clientset *kubefake.Clientset, ings []*netv1.Ingress) ingresslibEntryPoints {
	conf, err := ingressnginx.IngresslibConfiguration(clientset, ings)
	if err != nil {
		t.Fatal(err)
	}
	// Routers without entry points (the TLS ones: the provider's
	// TLSEntryPoints is empty unless httpsEntryPoint is set) get the
	// default ones: every entry point of the static configuration, here
	// web and websecure (pkg/server/aggregator.go, mergeConfiguration;
	// not Traefik's code).
	for _, rt := range conf.HTTP.Routers {
		if len(rt.EntryPoints) == 0 {
			rt.EntryPoints = []string{"web", "websecure"}
		}
	}
	for _, rt := range conf.TCP.Routers {
		if len(rt.EntryPoints) == 0 {
			rt.EntryPoints = []string{"web", "websecure"}
		}
	}
	rc := runtime.NewConfig(*conf)
	eps := []string{"web", "websecure"}
	// The TCP routers of websecure with TLS passthrough, each in a muxer
	// of Traefik's (its priority: the rule's length).
	var tcpRoutes []ingresslibTCPRoute
	for _, rt := range rc.GetTCPRoutersByEntryPoints(context.Background(), eps)["websecure"] {
		if rt.TLS == nil || !rt.TLS.Passthrough {
			continue
		}
		answer := "503"
		if svc := conf.TCP.Services[rt.Service]; svc != nil && svc.LoadBalancer != nil && len(svc.LoadBalancer.Servers) > 0 {
			// "ns.name.ingresslib:80" → "ns/name"
			answer = strings.Replace(strings.TrimSuffix(svc.LoadBalancer.Servers[0].Address, ".ingresslib:80"), ".", "/", 1)
		}
		priority := rt.Priority
		if priority == 0 {
			priority = tcpmuxer.GetRulePriority(rt.Rule)
		}
		mux, err := tcpmuxer.NewMuxer(nil)
		if err != nil {
			t.Fatal(err)
		}
		if err := mux.AddRoute(rt.Rule, rt.RuleSyntax, priority, "kubernetesingressnginx", ingresslibTCPAnswer("pass "+answer)); err != nil {
			continue // Traefik refuses the router
		}
		tcpRoutes = append(tcpRoutes, ingresslibTCPRoute{mux, priority})
	}
	return ingresslibEntryPoints{
		web:       ingresslibMuxers(t, parser, conf, rc.GetRoutersByEntryPoints(context.Background(), eps, false)["web"]),
		websecure: ingresslibMuxers(t, parser, conf, rc.GetRoutersByEntryPoints(context.Background(), eps, true)["websecure"]),
		tcp:       tcpRoutes,
	}
}

// ingresslibPassthrough is what websecure's TCP routers can answer a TLS
// connection whose server name is the request's host as a client sends it
// (crypto/tls, hostnameInSNI: without its port and a trailing dot): the
// answers of the matching routers of the highest priority, none when no
// router matches.
func ingresslibPassthrough(routes []ingresslibTCPRoute, host string) []string {
	if h, _, err := net.SplitHostPort(host); err == nil {
		host = h
	}
	sni := strings.TrimSuffix(strings.Trim(host, "[]"), ".")
	if net.ParseIP(sni) != nil {
		sni = "" // no server name for an address
	}
	meta, err := tcpmuxer.NewConnData(sni, &net.TCPAddr{IP: net.IPv4(127, 0, 0, 1)}, nil)
	if err != nil {
		return nil
	}
	var best []string
	bestPriority := 0
	for _, r := range routes {
		h, _ := r.mux.Match(meta)
		if h == nil {
			continue
		}
		switch a := string(h.(ingresslibTCPAnswer)); {
		case best == nil || r.priority > bestPriority:
			best, bestPriority = []string{a}, r.priority
		case r.priority == bestPriority:
			best = append(best, a)
		}
	}
	return best
}

// ingresslibMuxers makes a muxer of each router of an entry point, its
// handler the router's middlewares that can answer, in their order, then
// the service: the "ns/name" of its server, or 503 without one.
func ingresslibMuxers(t *testing.T, parser httpmuxer.SyntaxParser, conf *dynamic.Configuration, routers map[string]*runtime.RouterInfo) []ingresslibRoute {
	ctx := context.Background()
	var routes []ingresslibRoute
	for name, rt := range routers {
		answer := ingresslibService(conf, rt.Service)
		vhost := false // the router has an UpstreamVHost middleware
		var h http.Handler = http.HandlerFunc(func(w http.ResponseWriter, req *http.Request) {
			if answer == "503" {
				w.WriteHeader(http.StatusServiceUnavailable)
				return
			}
			w.Write([]byte(answer + ingresslibReceived(req, vhost)))
		})
		for i := len(rt.Middlewares) - 1; i >= 0; i-- {
			mw := conf.HTTP.Middlewares[rt.Middlewares[i]]
			if mw == nil {
				t.Fatalf("router %s names the middleware %s, which the provider did not make", name, rt.Middlewares[i])
			}
			var err error
			switch {
			case mw.RedirectScheme != nil:
				h, err = redirect.NewRedirectScheme(ctx, h, *mw.RedirectScheme, rt.Middlewares[i])
			case mw.RedirectRegex != nil:
				h, err = redirect.NewRedirectRegex(ctx, h, *mw.RedirectRegex, rt.Middlewares[i])
			case mw.AppRoot != nil:
				h, err = approot.New(ctx, h, *mw.AppRoot, rt.Middlewares[i])
			case mw.RewriteTarget != nil:
				var rw http.Handler
				if rw, err = rewritetarget.New(ctx, h, *mw.RewriteTarget, rt.Middlewares[i]); err == nil {
					// The path before the rewrite, for the backend.
					h = http.HandlerFunc(func(w http.ResponseWriter, req *http.Request) {
						req.Header.Set("X-Ingresslib-Path", req.URL.Path)
						rw.ServeHTTP(w, req)
					})
				}
			case mw.UpstreamVHost != nil:
				h, err = upstreamvhost.New(ctx, h, *mw.UpstreamVHost, rt.Middlewares[i])
				vhost = true
			case mw.IPAllowList != nil:
				h, err = ipallowlist.New(ctx, h, *mw.IPAllowList, rt.Middlewares[i])
			case mw.Retry != nil:
				// Retries the backend: does not change the answer.
			default:
				t.Fatalf("router %s has the middleware %s, which the harness does not build: %+v", name, rt.Middlewares[i], mw)
			}
			if err != nil {
				// Traefik marks the router in error: it serves nothing.
				h = nil
				break
			}
		}
		if h == nil {
			continue
		}
		// buildEntryPointHandler (not Traefik's code, written after it).
		priority := rt.Priority
		if priority == 0 {
			priority = httpmuxer.GetRulePriority(rt.Rule)
		}
		if priority > ingresslibMaxUserPriority {
			continue
		}
		hit := new(bool)
		mux := httpmuxer.NewMuxer(parser, nil)
		if err := mux.AddRoute(rt.Rule, rt.RuleSyntax, priority, "kubernetesingressnginx", http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			*hit = true
			h.ServeHTTP(w, r)
		})); err != nil {
			continue // Traefik refuses the router
		}
		routes = append(routes, ingresslibRoute{mux, priority, hit})
	}
	return routes
}

// ingresslibReceived is what the backend received, where the provider's
// middlewares changed it: " host=<Host>" behind an UpstreamVHost
// middleware, " path=<path>" when the rewrite-target middleware changed
// the path (decoded), " xfp=<X-Forwarded-Prefix>" when it set the header.
func ingresslibReceived(req *http.Request, vhost bool) string {
	var s string
	if vhost {
		s += " host=" + req.Host
	}
	if before := req.Header.Get("X-Ingresslib-Path"); before != "" && before != req.URL.Path {
		s += " path=" + req.URL.Path
	}
	if xfp := req.Header.Get("X-Forwarded-Prefix"); xfp != "" {
		s += " xfp=" + xfp
	}
	return s
}

// ingresslibService is what a service answers: the "ns/name" of its
// server, "503" without one; for a weighted round robin (a location with a
// canary), the answers of its services of positive weight (a service of
// weight 0 is left out: pkg/server/service/loadbalancer/wrr), joined by
// "|" in its order.
func ingresslibService(conf *dynamic.Configuration, name string) string {
	svc := conf.HTTP.Services[name]
	switch {
	case svc == nil:
		return "503"
	case svc.Weighted != nil:
		var answers []string
		for _, ws := range svc.Weighted.Services {
			if ws.Weight == nil || *ws.Weight > 0 {
				answers = append(answers, ingresslibService(conf, ws.Name))
			}
		}
		return strings.Join(answers, "|")
	case svc.LoadBalancer != nil && len(svc.LoadBalancer.Servers) > 0:
		// "http://ns.name.ingresslib:80" → "ns/name"; another scheme
		// (backend-protocol) is said: "ns/name proto=https".
		scheme, u, _ := strings.Cut(svc.LoadBalancer.Servers[0].URL, "://")
		u = strings.Replace(strings.TrimSuffix(u, ".ingresslib:80"), ".", "/", 1)
		if scheme != "http" {
			u += " proto=" + scheme
		}
		return u
	}
	return "503"
}

// ingresslibTLS is the connection state of a request over TLS.
var ingresslibTLS = &tls.ConnectionState{}

// ingresslibServe returns what the routers can answer a request: the
// answers of the matching routers of the highest priority — "ns/name",
// "503", "<status> <Location>" for a redirect, "400", "500" — or "404";
// "400" for a request the entry point or the muxer refuses.
func ingresslibServe(routes []ingresslibRoute, host, target string, overTLS bool, headers []string, addr string) []string {
	var lines strings.Builder
	for i := 0; i+1 < len(headers); i += 2 {
		lines.WriteString(headers[i] + ": " + headers[i+1] + "\r\n")
	}
	var best []string
	bestPriority := 0
	// A muxer without routes first: what the entry point refuses.
	empty := ingresslibRoute{mux: httpmuxer.NewMuxer(httpmuxer.SyntaxParser{}, nil), hit: new(bool)}
	for i, r := range append([]ingresslibRoute{empty}, routes...) {
		req, err := http.ReadRequest(bufio.NewReader(strings.NewReader("GET " + target + " HTTP/1.1\r\nHost: " + host + "\r\n" + lines.String() + "\r\n")))
		if err != nil {
			return []string{"400"}
		}
		if overTLS {
			req.TLS = ingresslibTLS
		}
		if addr != "" {
			req.RemoteAddr = net.JoinHostPort(addr, "1234")
		}
		rec := httptest.NewRecorder()
		*r.hit = false
		// The entry point's chain: denyFragment, normalizePath,
		// sanitizePath, then the router manager's request decorator and
		// the router.
		var handler http.Handler = http.HandlerFunc(func(w http.ResponseWriter, req *http.Request) {
			requestdecorator.New(nil).ServeHTTP(w, req, r.mux.ServeHTTP)
		})
		handler = denyFragment(normalizePath(sanitizePath(handler)))
		handler.ServeHTTP(rec, req)
		if i == 0 {
			if rec.Code == http.StatusBadRequest {
				return []string{"400"}
			}
			continue
		}
		if !*r.hit {
			continue
		}
		answer := rec.Body.String()
		switch {
		case rec.Code >= 300 && rec.Code < 400:
			answer = fmt.Sprintf("%d %s", rec.Code, rec.Header().Get("Location"))
		case rec.Code != http.StatusOK:
			answer = fmt.Sprint(rec.Code)
		}
		switch {
		case best == nil || r.priority > bestPriority:
			best, bestPriority = []string{answer}, r.priority
		case r.priority == bestPriority:
			best = append(best, answer)
		}
	}
	if best == nil {
		return []string{"404"}
	}
	return best
}
