package matcher_test

import (
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/ingresslib/ingress/matcher"
	networkingv1 "k8s.io/api/networking/v1"
)

// from says what a request from a client address gets under
// RouteRequest: the Service, the status the controller answers, "no
// route", or "unsettled" when the route keeps its Access (no address).
func from(t *testing.T, m *matcher.Matcher, addr, host, target string) string {
	t.Helper()
	req := httptest.NewRequest("GET", "http://"+host+target, nil)
	req.RemoteAddr = addr
	r, err := m.RouteRequest(req)
	switch {
	case err != nil:
		return "no route"
	case r.Action != nil && r.Action.Status != 0:
		return itoa(r.Action.Status)
	case r.Action != nil && r.Action.Redirect.Status != 0:
		return itoa(r.Action.Redirect.Status)
	case r.Action != nil && r.Action.Access != nil:
		return "unsettled " + service(r.Backend)
	}
	return service(r.Backend)
}

// TestNGINXSourceRanges follows ingress-nginx's allowlist-source-range
// (whitelist-source-range) and denylist-source-range (annotations/
// ipallowlist, ipdenylist; nginx.tmpl: "deny" lines, then "allow" lines
// and "deny all"; a value that does not parse denies the location: 503).
func TestNGINXSourceRanges(t *testing.T) {
	for _, c := range []struct {
		name string
		ann  []string
		addr string
		want string
	}{
		{"allowed", []string{"whitelist-source-range", "10.0.0.0/8, 192.168.1.1"}, "10.1.2.3:4000", "app"},
		{"allowed address", []string{"whitelist-source-range", "10.0.0.0/8, 192.168.1.1"}, "192.168.1.1:4000", "app"},
		{"refused", []string{"whitelist-source-range", "10.0.0.0/8"}, "172.16.0.1:4000", "403"},
		{"allowlist-source-range wins over its alias", []string{"allowlist-source-range", "172.16.0.0/12", "whitelist-source-range", "10.0.0.0/8"}, "172.16.0.1:4000", "app"},
		{"an empty allowlist-source-range gives way to the alias", []string{"allowlist-source-range", "", "whitelist-source-range", "10.0.0.0/8"}, "172.16.0.1:4000", "403"},
		{"deny first", []string{"denylist-source-range", "10.1.0.0/16", "whitelist-source-range", "10.0.0.0/8"}, "10.1.2.3:4000", "403"},
		{"deny alone admits the others", []string{"denylist-source-range", "10.1.0.0/16"}, "172.16.0.1:4000", "app"},
		{"IPv6", []string{"whitelist-source-range", "::1/128"}, "[::1]:4000", "app"},
		{"IPv4 in IPv6", []string{"whitelist-source-range", "10.0.0.0/8"}, "[::ffff:10.1.2.3]:4000", "app"},
		{"a host bit in the CIDR", []string{"whitelist-source-range", "10.1.2.3/8"}, "10.9.9.9:4000", "app"},
		{"no address: unsettled", []string{"whitelist-source-range", "10.0.0.0/8"}, "", "unsettled app"},
		{"not an address: 503", []string{"whitelist-source-range", "10.0.0.0/8, not-an-ip"}, "10.1.2.3:4000", "503"},
		{"a prefix too long: 503", []string{"denylist-source-range", "192.168.1.1/33"}, "10.1.2.3:4000", "503"},
		{"empty: 503", []string{"denylist-source-range", ""}, "10.1.2.3:4000", "503"},
		{"the redirect comes first", []string{"whitelist-source-range", "10.0.0.0/8", "permanent-redirect", "https://example.org/"}, "172.16.0.1:4000", "301"},
	} {
		t.Run(c.name, func(t *testing.T) {
			var kv []string
			for i := 0; i+1 < len(c.ann); i += 2 {
				kv = append(kv, nginxPrefix+c.ann[i], c.ann[i+1])
			}
			ing := annotate(ingress("ns", "app", 0, rule("foo.com", path(prefix, "/api", "app"))), kv...)
			m := matcher.Compile([]*networkingv1.Ingress{ing}, matcher.WithDialect(matcher.IngressNGINX))
			if got := from(t, m, c.addr, "foo.com", "/api"); got != c.want {
				t.Errorf("got %s, want %s", got, c.want)
			}
		})
	}
	// The host's location / carries the first Ingress's lists: its
	// unmatched paths answer 403 to a refused address, 404 to others.
	ing := annotate(ingress("ns", "app", 0, rule("foo.com", path(prefix, "/api", "app"))), nginxPrefix+"whitelist-source-range", "10.0.0.0/8")
	m := matcher.Compile([]*networkingv1.Ingress{ing}, matcher.WithDialect(matcher.IngressNGINX))
	if got := from(t, m, "172.16.0.1:1", "foo.com", "/other"); got != "403" {
		t.Errorf("location / refused: got %s", got)
	}
	if got := from(t, m, "10.0.0.1:1", "foo.com", "/other"); got != "no route" {
		t.Errorf("location / admitted: got %s", got)
	}
	bad := annotate(ingress("ns", "bad", 0, rule("bar.com", path(prefix, "/api/", "app"))), nginxPrefix+"whitelist-source-range", "nope")
	m = matcher.Compile([]*networkingv1.Ingress{bad}, matcher.WithDialect(matcher.IngressNGINX))
	found := false
	for _, d := range m.Diagnostics() {
		found = found || strings.Contains(d.Message, "answers 503")
	}
	if !found {
		t.Errorf("the denied location is not reported: %v", m.Diagnostics())
	}
	// A denied location has no proxy_pass, so no trailing-slash 301.
	if got := from(t, m, "10.0.0.1:1", "bar.com", "/api"); got != "503" {
		t.Errorf("bar.com/api: got %s, want 503 (location /, denied too)", got)
	}
}
