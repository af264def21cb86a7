package conformance_test

import (
	"crypto/tls"
	"fmt"
	"io"
	"log"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/ingresslib/ingress/conformance"
	"github.com/ingresslib/ingress/internal/backend"
	"github.com/ingresslib/ingress/manifest"
	"github.com/ingresslib/ingress/matcher"
	"github.com/ingresslib/ingress/tlsselect"
	networkingv1 "k8s.io/api/networking/v1"
)

// clusterLabel labels a backend as a data plane would: the fixture
// Service's ClusterIP and port number, named ports resolved.
func clusterLabel(fx conformance.Fixtures) func(string, networkingv1.IngressBackend) string {
	return func(ns string, b networkingv1.IngressBackend) string {
		if b.Service == nil {
			return backend.String(b) // a resource backend has no Service
		}
		svc := fx.Service(ns, b.Service.Name)
		for _, p := range svc.Spec.Ports {
			if p.Name == b.Service.Port.Name && (p.Name != "" || p.Port == b.Service.Port.Number) {
				return fmt.Sprintf("%s:%d", svc.Spec.ClusterIP, p.Port)
			}
		}
		return "unresolved"
	}
}

// dataPlane is a tiny in-process proxy over the matcher: it answers every
// request with X-Backend set to the ClusterIP:port of the route, and
// terminates TLS with the fixture Secrets through tlsselect.
func dataPlane(t *testing.T, ings []*networkingv1.Ingress) (http.Handler, *tls.Config, conformance.Fixtures, func(string, networkingv1.IngressBackend) string) {
	fx, err := conformance.FixturesFor(ings)
	if err != nil {
		t.Fatal(err)
	}
	m := matcher.Compile(ings)
	label := clusterLabel(fx)
	h := http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		route, err := m.RouteRequest(r)
		if err != nil {
			http.NotFound(w, r)
			return
		}
		w.Header().Set("X-Backend", label(route.Ingress.Namespace, route.Backend))
	})
	sel := tlsselect.Compile(ings)
	cfg := &tls.Config{GetCertificate: sel.GetCertificate(func(ns, name string) (*tls.Certificate, error) {
		s := fx.Secret(ns, name)
		if s == nil {
			return nil, fmt.Errorf("no secret %s/%s", ns, name)
		}
		c, err := tlsselect.KeyPair(s)
		return &c, err
	})}
	return h, cfg, fx, label
}

// TestHTTPAdapter runs the whole suite through the HTTP adapter: real
// requests to an http.Handler, backends named by ClusterIP:port labels,
// certificates by real TLS handshakes with the fixture Secrets.
func TestHTTPAdapter(t *testing.T) {
	rep := conformance.Run(t, func(ings []*networkingv1.Ingress) (conformance.Router, error) {
		h, cfg, fx, label := dataPlane(t, ings)
		return conformance.HTTPRouter(conformance.HTTP{Handler: h, LabelOf: label, TLSConfig: cfg, Fixtures: fx}), nil
	}, conformance.WithFeatures(conformance.AllFeatures()...))
	if p, s, f, _ := rep.Counts(); f != 0 || s != onlyAlternatives(t, rep) || p == 0 {
		t.Errorf("%d passed, %d skipped, %d failed", p, s, f)
	}
}

// TestHTTPAdapterOverTCP does the same against a real server on loopback.
func TestHTTPAdapterOverTCP(t *testing.T) {
	rep := conformance.Run(t, func(ings []*networkingv1.Ingress) (conformance.Router, error) {
		h, cfg, fx, label := dataPlane(t, ings)
		// httptest's StartTLS would add a certificate of its own, which Go
		// serves to clients without SNI: wrap the listener instead.
		srv := httptest.NewUnstartedServer(h)
		srv.Listener = tls.NewListener(srv.Listener, cfg)
		srv.Config.ErrorLog = log.New(io.Discard, "", 0) // failed handshakes are the tests' business
		srv.Start()
		plain := httptest.NewServer(h)
		t.Cleanup(srv.Close)
		t.Cleanup(plain.Close)
		return conformance.HTTPRouter(conformance.HTTP{Addr: strings.TrimPrefix(plain.URL, "http://"), LabelOf: label,
			TLSAddr: strings.TrimPrefix(srv.URL, "http://"), Fixtures: fx}), nil
	}, conformance.WithFeatures(conformance.AllFeatures()...), conformance.Only("tls"))
	if p, _, f, n := rep.Counts(); f != 0 || p != 3 || n == 0 {
		t.Errorf("%d passed, %d failed, %d requests", p, f, n)
	}
}

// labeler labels backends "namespace/service:port" and answers through
// the matcher.
type labeler struct{ m *matcher.Matcher }

func (l labeler) Label(ns string, b networkingv1.IngressBackend) string {
	return ns + "/" + backend.String(b)
}

func (l labeler) RouteLabel(host, path string) (string, bool) {
	r, ok := l.m.Match(host, path)
	if !ok {
		return "", false
	}
	return l.Label(r.Ingress.Namespace, r.Backend), true
}

// TestLabelRouter: a router answering labels passes what the matcher
// passes, and a wrong label is shown beside the expected one.
func TestLabelRouter(t *testing.T) {
	rep, err := conformance.Check(func(ings []*networkingv1.Ingress) (conformance.Router, error) {
		return conformance.LabelRouter(labeler{m: matcher.Compile(ings)}), nil
	}, conformance.WithFeatures(conformance.DefaultBackend, conformance.ImplementationSpecificAsPrefix), conformance.Only("docs-"))
	if err != nil {
		t.Fatal(err)
	}
	if p, _, f, _ := rep.Counts(); f != 0 || p < 20 {
		t.Errorf("%d passed, %d failed:\n%s", p, f, rep)
	}
	rep, err = conformance.Check(func(ings []*networkingv1.Ingress) (conformance.Router, error) {
		return conformance.LabelRouter(labeler{m: matcher.Compile(ings, matcher.WithDialect(matcher.Traefik))}), nil
	}, conformance.Only("docs-path-table-row-8"))
	if err != nil {
		t.Fatal(err)
	}
	want := `Route("", "/aaa/bbb") = default/p0:80, want no route`
	if got := rep.String(); !strings.Contains(got, want) {
		t.Errorf("report:\n%s\nwant it to contain %q", got, want)
	}
}

func TestFixturesFor(t *testing.T) {
	cases, err := conformance.Cases()
	if err != nil {
		t.Fatal(err)
	}
	var tlsCase conformance.Case
	for _, c := range cases {
		if c.Name == "tls-selection-ranks" {
			tlsCase = c
		}
	}
	set, err := manifestRead(tlsCase.Manifests)
	if err != nil {
		t.Fatal(err)
	}
	fx, err := conformance.FixturesFor(set)
	if err != nil {
		t.Fatal(err)
	}
	var names []string
	for _, s := range fx.Secrets {
		names = append(names, s.Namespace+"/"+s.Name)
	}
	if got := strings.Join(names, " "); got != "a/older-default a/older-shop a/wildcard b/newer-default b/newer-shop" {
		t.Errorf("secrets %s", got)
	}
	// The certificate names the hosts of the entries that name the
	// Secret, and its key matches.
	if errs := tlsselect.CheckSecret(fx.Secret("a", "older-shop"), "api.example.com", time.Date(2027, 1, 1, 0, 0, 0, 0, time.UTC)); len(errs) != 0 {
		t.Errorf("a/older-shop for api.example.com: %v", errs)
	}
	if errs := tlsselect.CheckSecret(fx.Secret("a", "older-shop"), "blog.example.com", time.Date(2027, 1, 1, 0, 0, 0, 0, time.UTC)); len(errs) == 0 {
		t.Errorf("a/older-shop covers blog.example.com")
	}
	if svc := fx.Service("a", "wild"); svc == nil || len(svc.Spec.Ports) != 1 || svc.Spec.Ports[0].Port != 80 {
		t.Errorf("service a/wild: %+v", svc)
	}
}

func manifestRead(y string) ([]*networkingv1.Ingress, error) {
	set, err := manifest.Read(strings.NewReader(y), "case")
	if err != nil {
		return nil, err
	}
	return set.Ingresses, nil
}
