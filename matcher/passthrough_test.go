package matcher_test

import (
	"crypto/tls"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/ingresslib/ingress/matcher"
	networkingv1 "k8s.io/api/networking/v1"
)

// passed says what a request over TLS with the server name gets: "pass
// svc" when the connection is passed through, else the route's Service.
func passed(t *testing.T, m *matcher.Matcher, serverName, target string) string {
	t.Helper()
	req := httptest.NewRequest("GET", "https://"+serverName+target, nil)
	req.TLS = &tls.ConnectionState{ServerName: serverName}
	r, err := m.RouteRequest(req)
	switch {
	case err != nil:
		return "no route"
	case r.Action != nil && r.Action.Passthrough:
		return "pass " + service(r.Backend)
	}
	return service(r.Backend)
}

// TestNGINXSSLPassthrough follows ingress-nginx with --enable-ssl-passthrough
// (controller.go, getConfiguration: the backend of the server's first
// location /; the TCP proxy matches server names byte for byte): without
// the flag the annotation does nothing.
func TestNGINXSSLPassthrough(t *testing.T) {
	pass := annotate(ingress("ns", "pass", 0, rule("secure.test", path(exact, "/x", "x"), path(prefix, "/", "tls-app"))), nginxPrefix+"ssl-passthrough", "true")
	later := annotate(ingress("ns", "later", 1, rule("late.test", path(prefix, "/a", "a"))), nginxPrefix+"ssl-passthrough", "true")
	plain := ingress("ns", "plain", 2, rule("late.test", path(prefix, "/", "late-root")), rule("secure.test", path(prefix, "/y", "y")))
	ings := []*networkingv1.Ingress{pass, later, plain}

	off := matcher.Compile(ings, matcher.WithDialect(matcher.IngressNGINX))
	if got := passed(t, off, "secure.test", "/x"); got != "x" {
		t.Errorf("without the flag: got %s, want x (routed by path)", got)
	}
	on := matcher.Compile(ings, matcher.WithDialect(matcher.IngressNGINX), matcher.WithNGINXSSLPassthrough())
	for _, c := range []struct{ name, target, want string }{
		{"secure.test", "/x", "pass tls-app"},
		{"secure.test", "/y", "pass tls-app"},
		{"SECURE.test", "/x", "x"}, // the TCP proxy compares names byte for byte
		{"late.test", "/a", "pass late-root"},
		{"other.test", "/x", "no route"},
	} {
		if got := passed(t, on, c.name, c.target); got != c.want {
			t.Errorf("%s%s: got %s, want %s", c.name, c.target, got, c.want)
		}
	}
	// Cleartext requests are routed as ever.
	if got := outcome(on, "secure.test", "/x"); got != "x" {
		t.Errorf("cleartext: got %s", got)
	}
	// A server whose location / is its own (no Service path /): the TCP
	// proxy dials port 0 and drops the connection.
	bare := annotate(ingress("ns", "bare", 0, rule("bare.test", path(prefix, "/a", "a"))), nginxPrefix+"ssl-passthrough", "true")
	m := matcher.Compile([]*networkingv1.Ingress{bare}, matcher.WithDialect(matcher.IngressNGINX), matcher.WithNGINXSSLPassthrough())
	if got := passed(t, m, "bare.test", "/a"); got != "no route" {
		t.Errorf("bare.test: got %s, want no route (the connection is dropped)", got)
	}
	found := false
	for _, d := range m.Diagnostics() {
		found = found || strings.Contains(d.Message, "drops them")
	}
	if !found {
		t.Errorf("not reported: %v", m.Diagnostics())
	}
}

// TestTraefikIngressNGINXSSLPassthrough follows Traefik's ingress-nginx
// provider (build.go, translator.go): per rule host, a TCP router
// HostSNI("h") with TLS passthrough to the rule's path "/", and an HTTP
// router Host("h") for cleartext, behind a 308 when the Ingress has TLS.
func TestTraefikIngressNGINXSSLPassthrough(t *testing.T) {
	pass := annotate(ingress("ns", "pass", 0, rule("secure.test", path(exact, "/x", "x"), path(exact, "/", "tls-app")), rule("*.wild.test", path(prefix, "/", "wild"))), nginxPrefix+"ssl-passthrough", "true")
	pass.Spec.TLS = []networkingv1.IngressTLS{{Hosts: []string{"secure.test"}}}
	other := ingress("ns", "other", 1, rule("secure.test", path(prefix, "/y", "y")))
	m := matcher.Compile([]*networkingv1.Ingress{pass, other}, matcher.WithDialect(matcher.TraefikIngressNGINX))
	for _, c := range []struct{ name, target, want string }{
		{"secure.test", "/x", "pass tls-app"},
		{"SECURE.test", "/y", "pass tls-app"},
		{"a.wild.test", "/z", "pass wild"},
		{"a.b.wild.test", "/z", "no route"},
	} {
		if got := passed(t, m, c.name, c.target); got != c.want {
			t.Errorf("%s%s: got %s, want %s", c.name, c.target, got, c.want)
		}
	}
	// Cleartext: the HTTP router Host("secure.test") redirects (spec.tls);
	// the longer rule of /y wins.
	if got := outcome(m, "secure.test", "/x"); got != "308 https://secure.test/x" {
		t.Errorf("cleartext /x: got %s", got)
	}
	if got := outcome(m, "secure.test", "/y"); got != "y" {
		t.Errorf("cleartext /y: got %s", got)
	}
	if got := outcome(m, "a.wild.test", "/z"); got != "308 https://a.wild.test/z" {
		t.Errorf("cleartext wildcard: got %s (the Ingress has spec.tls: every rule redirects)", got)
	}
}
