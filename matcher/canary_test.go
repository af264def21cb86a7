package matcher_test

import (
	"errors"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/ingresslib/ingress/matcher"
	networkingv1 "k8s.io/api/networking/v1"
)

const nginxPrefix = matcher.NGINXAnnotationPrefix

// canaryOf makes a canary Ingress with the nginx annotations kv.
func canaryOf(ing *networkingv1.Ingress, kv ...string) *networkingv1.Ingress {
	return annotate(ing, append([]string{nginxPrefix + "canary", "true"}, kv...)...)
}

// served says which Service a request with the headers (name, value,
// name, value, …) reaches under RouteRequest: "svc", "svc|canary" when the
// canary takes it by chance, "no route", or the redirect.
func served(t *testing.T, m *matcher.Matcher, host, target string, headers ...string) string {
	t.Helper()
	req := httptest.NewRequest("GET", "http://"+host+target, nil)
	for i := 0; i+1 < len(headers); i += 2 {
		req.Header.Add(headers[i], headers[i+1])
	}
	r, err := m.RouteRequest(req)
	switch {
	case errors.Is(err, matcher.ErrNoRoute):
		return "no route"
	case err != nil:
		return err.Error()
	case r.Action != nil && r.Action.Redirect.Status != 0:
		return itoa(r.Action.Redirect.Status) + " " + r.Action.Redirect.Location
	case r.Action != nil && len(r.Action.Alternatives) > 0:
		if len(r.Action.Alternatives) != 1 {
			t.Errorf("RouteRequest left %d alternatives; the controller consults one", len(r.Action.Alternatives))
		}
		return service(r.Backend) + "|" + service(r.Action.Alternatives[0].Route.Backend)
	}
	return service(r.Backend)
}

// TestNGINXCanaryPick follows ingress-nginx's balancer
// (rootfs/etc/nginx/lua/balancer.lua, route_to_alternative_balancer): the
// header first (its value, its pattern, or always/never), then the
// cookie, then the weight, of the first alternative of the upstream.
func TestNGINXCanaryPick(t *testing.T) {
	primary := ingress("ns", "main", 0, rule("foo.com", path(prefix, "/", "app")))
	for _, c := range []struct {
		name    string
		ann     []string
		headers []string
		want    string
	}{
		{"no policy", nil, nil, "app"},
		{"header always", []string{"canary-by-header", "X-Canary"}, []string{"X-Canary", "always"}, "canary"},
		{"header in any case", []string{"canary-by-header", "x-CANARY"}, []string{"X-Canary", "always"}, "canary"},
		{"header's value is case-sensitive", []string{"canary-by-header", "X-Canary"}, []string{"X-Canary", "Always"}, "app"},
		{"header never beats the weight", []string{"canary-by-header", "X-Canary", "canary-weight", "100"}, []string{"X-Canary", "never"}, "app"},
		{"header never beats the cookie", []string{"canary-by-header", "X-Canary", "canary-by-cookie", "c"}, []string{"X-Canary", "never", "Cookie", "c=always"}, "app"},
		{"another header value goes on to the cookie", []string{"canary-by-header", "X-Canary", "canary-by-cookie", "c"}, []string{"X-Canary", "maybe", "Cookie", "c=always"}, "canary"},
		{"header value", []string{"canary-by-header", "X-Canary", "canary-by-header-value", "v2"}, []string{"X-Canary", "v2"}, "canary"},
		{"header value: always is just another value", []string{"canary-by-header", "X-Canary", "canary-by-header-value", "v2"}, []string{"X-Canary", "always"}, "app"},
		{"header value: never does not stop the weight", []string{"canary-by-header", "X-Canary", "canary-by-header-value", "v2", "canary-weight", "100"}, []string{"X-Canary", "never"}, "canary"},
		{"two header lines are one value joined by a comma", []string{"canary-by-header", "X-Canary", "canary-by-header-value", "a"}, []string{"X-Canary", "a", "X-Canary", "b"}, "app"},
		{"header pattern, unanchored", []string{"canary-by-header", "X-Canary", "canary-by-header-pattern", "v[0-9]"}, []string{"X-Canary", "is v3"}, "canary"},
		{"header pattern does not match", []string{"canary-by-header", "X-Canary", "canary-by-header-pattern", "^v[0-9]$"}, []string{"X-Canary", "v10"}, "app"},
		{"an annotation's '_' reads a request's '-'", []string{"canary-by-header", "X_Canary"}, []string{"X-Canary", "always"}, "canary"},
		{"header value outside the validated characters reads as unset", []string{"canary-by-header", "X-Canary", "canary-by-header-value", "a$b"}, []string{"X-Canary", "always"}, "canary"},
		{"header value validated without its spaces, read trimmed", []string{"canary-by-header", "X-Canary", "canary-by-header-value", " v2 "}, []string{"X-Canary", "v2"}, "canary"},
		{"cookie always", []string{"canary-by-cookie", "canary"}, []string{"Cookie", "other=1; canary=always"}, "canary"},
		{"cookie name in any case, spaces around =", []string{"canary-by-cookie", "canary"}, []string{"Cookie", "CANARY = always"}, "canary"},
		{"cookie pairs split at a comma too", []string{"canary-by-cookie", "canary"}, []string{"Cookie", "x=1, canary=always"}, "canary"},
		{"cookie value runs to ';'", []string{"canary-by-cookie", "canary"}, []string{"Cookie", "canary=always, x=1"}, "app"},
		{"cookie never beats the weight", []string{"canary-by-cookie", "canary", "canary-weight", "100"}, []string{"Cookie", "canary=never"}, "app"},
		{"a longer cookie name is another cookie", []string{"canary-by-cookie", "canary"}, []string{"Cookie", "canaryX=always"}, "app"},
		{"weight 0", []string{"canary-weight", "0"}, nil, "app"},
		{"weight 100", []string{"canary-weight", "100"}, nil, "canary"},
		{"weight 30", []string{"canary-weight", "30"}, nil, "app|canary"},
		{"a total under 100 is 100", []string{"canary-weight", "50", "canary-weight-total", "50"}, nil, "app|canary"},
		{"weight of total", []string{"canary-weight", "1000", "canary-weight-total", "1000"}, nil, "canary"},
		{"weight that is no integer is 0", []string{"canary-weight", "100%"}, nil, "app"},
	} {
		t.Run(c.name, func(t *testing.T) {
			var kv []string
			for i := 0; i+1 < len(c.ann); i += 2 {
				kv = append(kv, nginxPrefix+c.ann[i], c.ann[i+1])
			}
			can := canaryOf(ingress("ns", "can", 1, rule("foo.com", path(prefix, "/", "canary"))), kv...)
			m := matcher.Compile([]*networkingv1.Ingress{primary, can}, matcher.WithDialect(matcher.IngressNGINX))
			if got := served(t, m, "foo.com", "/x", c.headers...); got != c.want {
				t.Errorf("got %s, want %s", got, c.want)
			}
			// Match knows no headers: the location's route and its canary.
			if r, ok := m.Match("foo.com", "/x"); !ok || service(r.Backend) != "app" || r.Action == nil || len(r.Action.Alternatives) != 1 {
				t.Errorf("Match: %v %v", r, ok)
			}
		})
	}
}

// TestNGINXCanaryUpstreams follows how ingress-nginx makes upstreams and
// merges canaries into them (controller.go: createUpstreams,
// getBackendServers, mergeAlternativeBackends).
func TestNGINXCanaryUpstreams(t *testing.T) {
	always := []string{nginxPrefix + "canary-by-header", "X-Canary"}
	hdr := []string{"X-Canary", "always"}
	type req struct {
		host, target string
		headers      []string
		want         string
	}
	for _, c := range []struct {
		name string
		ings []*networkingv1.Ingress
		reqs []req
		diag string
	}{{
		name: "the canary serves every location of the primary's upstream, other hosts and paths too",
		ings: []*networkingv1.Ingress{
			ingress("ns", "main", 0, rule("foo.com", path(prefix, "/a", "app"), path(prefix, "/b", "app")), rule("bar.com", path(exact, "/c", "app"))),
			canaryOf(ingress("ns", "can", 1, rule("foo.com", path(prefix, "/a", "canary"))), always...),
		},
		reqs: []req{{"foo.com", "/b", hdr, "canary"}, {"bar.com", "/c", hdr, "canary"}, {"bar.com", "/c", nil, "app"}},
	}, {
		name: "an upstream a canary made first is the canary's: a regular path to it gets no location",
		ings: []*networkingv1.Ingress{
			canaryOf(ingress("ns", "can", 0, rule("foo.com", path(prefix, "/a", "shared"))), always...),
			ingress("ns", "main", 1, rule("foo.com", path(prefix, "/a", "app"), path(prefix, "/s", "shared"))),
		},
		reqs: []req{{"foo.com", "/s", nil, "no route"}, {"foo.com", "/a", hdr, "shared"}},
		diag: "a canary's upstream serves no location",
	}, {
		name: "a canary path to a regular upstream is a location like any other",
		ings: []*networkingv1.Ingress{
			ingress("ns", "main", 0, rule("foo.com", path(prefix, "/a", "app"))),
			canaryOf(ingress("ns", "can", 1, rule("foo.com", path(prefix, "/z", "app"))), always...),
		},
		reqs: []req{{"foo.com", "/z", nil, "app"}},
	}, {
		name: "a canary rule without host merges into the catch-all server",
		ings: []*networkingv1.Ingress{
			ingress("ns", "main", 0, rule("", path(prefix, "/a", "app"))),
			canaryOf(ingress("ns", "can", 1, rule("", path(prefix, "/a", "canary"))), always...),
		},
		reqs: []req{{"any.org", "/a", hdr, "canary"}},
	}, {
		name: "an empty canary path is not the location /",
		ings: []*networkingv1.Ingress{
			ingress("ns", "main", 0, rule("foo.com", path(prefix, "/", "app"))),
			canaryOf(ingress("ns", "can", 1, rule("foo.com", path(prefix, "", "canary"))), always...),
		},
		reqs: []req{{"foo.com", "/", hdr, "app"}},
		diag: "merges into no location",
	}, {
		name: "a canary's default backend merges into every location of the catch-all server",
		ings: []*networkingv1.Ingress{
			withDefault(ingress("ns", "def", 0), "def"),
			ingress("ns", "main", 1, rule("", path(prefix, "/a", "app"))),
			canaryOf(withDefault(ingress("ns", "can", 2), "canary"), always...),
		},
		reqs: []req{{"any.org", "/a", hdr, "canary"}, {"any.org", "/zzz", hdr, "canary"}, {"any.org", "/zzz", nil, "def"}},
	}, {
		name: "only the first canary of an upstream is consulted",
		ings: []*networkingv1.Ingress{
			ingress("ns", "main", 0, rule("foo.com", path(prefix, "/", "app"))),
			canaryOf(ingress("ns", "can1", 1, rule("foo.com", path(prefix, "/", "one"))), nginxPrefix+"canary-by-header", "X-One"),
			canaryOf(ingress("ns", "can2", 2, rule("foo.com", path(prefix, "/", "two"))), always...),
		},
		reqs: []req{{"foo.com", "/", hdr, "app"}, {"foo.com", "/", []string{"X-One", "always"}, "one"}},
		diag: "consults only an upstream's first alternative",
	}, {
		name: "the canary's policy is the one of the Ingress that made its upstream",
		ings: []*networkingv1.Ingress{
			ingress("ns", "main", 0, rule("foo.com", path(prefix, "/a", "app")), rule("bar.com", path(prefix, "/b", "other"))),
			canaryOf(ingress("ns", "can1", 1, rule("foo.com", path(prefix, "/a", "canary"))), nginxPrefix+"canary-by-header", "X-One"),
			canaryOf(ingress("ns", "can2", 2, rule("bar.com", path(prefix, "/b", "canary"))), always...),
		},
		reqs: []req{{"bar.com", "/b", hdr, "other"}, {"bar.com", "/b", []string{"X-One", "always"}, "canary"}},
	}, {
		name: "a deleted first alternative leaves no canary",
		ings: []*networkingv1.Ingress{
			ingress("ns", "main", 0, rule("foo.com", path(prefix, "/a", "app"))),
			canaryOf(ingress("ns", "can", 1, rule("foo.com", path(prefix, "/a", "canary"), path(prefix, "/nowhere", "canary"))), always...),
		},
		reqs: []req{{"foo.com", "/a", hdr, "app"}},
		diag: "deleted it",
	}} {
		t.Run(c.name, func(t *testing.T) {
			m := matcher.Compile(c.ings, matcher.WithDialect(matcher.IngressNGINX))
			for _, r := range c.reqs {
				if got := served(t, m, r.host, r.target, r.headers...); got != r.want {
					t.Errorf("%s%s %q: got %s, want %s", r.host, r.target, r.headers, got, r.want)
				}
			}
			if c.diag != "" {
				found := false
				for _, d := range m.Diagnostics() {
					found = found || strings.Contains(d.Message, c.diag)
				}
				if !found {
					t.Errorf("no diagnostic says %q: %v", c.diag, m.Diagnostics())
				}
			}
		})
	}
}

// TestCanaryPickedRoute checks what RouteRequest returns once the canary
// is picked: the canary's own route, without alternatives; the location's
// https redirect still comes first.
func TestCanaryPickedRoute(t *testing.T) {
	main := ingress("ns", "main", 0, rule("foo.com", path(prefix, "/", "app")))
	main.Spec.TLS = []networkingv1.IngressTLS{{Hosts: []string{"foo.com"}}}
	can := canaryOf(ingress("ns", "can", 1, rule("foo.com", path(prefix, "/", "canary"))), nginxPrefix+"canary-weight", "100")
	m := matcher.Compile([]*networkingv1.Ingress{main, can}, matcher.WithDialect(matcher.IngressNGINX))
	if got := served(t, m, "foo.com", "/x"); got != "308 https://foo.com/x" {
		t.Errorf("cleartext: got %s", got)
	}
	req := httptest.NewRequest("GET", "https://foo.com/x", nil)
	r, err := m.RouteRequest(req)
	if err != nil || r.Ingress != can || r.Field() != "spec.rules[0].http.paths[0]" || service(r.Backend) != "canary" {
		t.Fatalf("over TLS: %v %v", r, err)
	}
	if r.Action == nil || len(r.Action.Alternatives) != 0 || r.Action.HTTPSRedirect != 308 {
		t.Errorf("over TLS: the action is %+v, want the location's, without alternatives", r.Action)
	}
}

// TestTraefikIngressNGINXCanary follows Traefik's ingress-nginx provider
// (pkg/provider/kubernetes/ingress-nginx: build.go, the canary pass;
// translator.go, appendCanaryRule and the weighted round robin): routers
// with the canary's header or cookie test, ranked by the length of their
// rule like any other, and a weighted service for the rest.
func TestTraefikIngressNGINXCanary(t *testing.T) {
	hdr := []string{"X-Canary", "always"}
	type req struct {
		host, target string
		headers      []string
		want         string
	}
	for _, c := range []struct {
		name string
		ings []*networkingv1.Ingress
		reqs []req
		diag string
	}{{
		name: "header, cookie and weight",
		ings: []*networkingv1.Ingress{
			ingress("ns", "main", 0, rule("foo.com", path(prefix, "/a", "app"))),
			canaryOf(ingress("ns", "can", 1, rule("foo.com", path(prefix, "/a", "canary"))),
				nginxPrefix+"canary-by-header", "X-Canary", nginxPrefix+"canary-by-cookie", "c", nginxPrefix+"canary-weight", "10"),
		},
		reqs: []req{
			{"foo.com", "/a", hdr, "canary"},
			{"foo.com", "/a/b", []string{"x-canary", "always"}, "canary"},
			{"foo.com", "/a", []string{"X-Canary", "never"}, "app"},
			{"foo.com", "/a", []string{"Cookie", "k=1; c=always"}, "canary"},
			{"foo.com", "/a", []string{"Cookie", "c=always", "X-Canary", "never"}, "app"},
			{"foo.com", "/a", []string{"Cookie", "c=never"}, "app"},
			{"foo.com", "/a", []string{"Cookie", "C=always"}, "app|canary"}, // the cookie's name is case-sensitive here
			{"foo.com", "/a", nil, "app|canary"},
		},
	}, {
		name: "a header value is a header test; no non-canary router",
		ings: []*networkingv1.Ingress{
			ingress("ns", "main", 0, rule("foo.com", path(prefix, "/a", "app"))),
			canaryOf(ingress("ns", "can", 1, rule("foo.com", path(prefix, "/a", "canary"))),
				nginxPrefix+"canary-by-header", "X-Canary", nginxPrefix+"canary-by-header-value", "v2", nginxPrefix+"canary-weight", "100"),
		},
		reqs: []req{{"foo.com", "/a", []string{"X-Canary", "v2"}, "canary"}, {"foo.com", "/a", []string{"X-Canary", "never"}, "canary"}, {"foo.com", "/a", nil, "canary"}},
	}, {
		name: "the canary router outranks a longer path's router of the host",
		ings: []*networkingv1.Ingress{
			ingress("ns", "main", 0, rule("foo.com", path(prefix, "/a", "app"), path(prefix, "/a/b", "deep"))),
			canaryOf(ingress("ns", "can", 1, rule("foo.com", path(prefix, "/a", "canary"))), nginxPrefix+"canary-by-header", "X-Canary"),
		},
		reqs: []req{{"foo.com", "/a/b", hdr, "canary"}, {"foo.com", "/a/b", nil, "deep"}},
	}, {
		name: "every location of the primary Service gets the canary",
		ings: []*networkingv1.Ingress{
			ingress("ns", "main", 0, rule("foo.com", path(prefix, "/a", "app")), rule("bar.com", path(exact, "/b", "app"))),
			canaryOf(ingress("ns", "can", 1, rule("foo.com", path(prefix, "/a", "canary"))), nginxPrefix+"canary-by-header", "X-Canary"),
		},
		reqs: []req{{"bar.com", "/b", hdr, "canary"}, {"bar.com", "/b", nil, "app"}},
	}, {
		name: "a canary path without its primary path is ignored",
		ings: []*networkingv1.Ingress{
			ingress("ns", "main", 0, rule("foo.com", path(prefix, "/a", "app"))),
			canaryOf(ingress("ns", "can", 1, rule("foo.com", path(exact, "/a", "canary"))), nginxPrefix+"canary-by-header", "X-Canary"),
		},
		reqs: []req{{"foo.com", "/a", hdr, "app"}},
		diag: "finds no path of another Ingress",
	}, {
		name: "weight 0 leaves the canary out",
		ings: []*networkingv1.Ingress{
			ingress("ns", "main", 0, rule("foo.com", path(prefix, "/a", "app"))),
			canaryOf(ingress("ns", "can", 1, rule("foo.com", path(prefix, "/a", "canary"))), nginxPrefix+"canary-weight", "0"),
		},
		reqs: []req{{"foo.com", "/a", hdr, "app"}},
	}} {
		t.Run(c.name, func(t *testing.T) {
			m := matcher.Compile(c.ings, matcher.WithDialect(matcher.TraefikIngressNGINX))
			for _, r := range c.reqs {
				if got := served(t, m, r.host, r.target, r.headers...); got != r.want {
					t.Errorf("%s%s %q: got %s, want %s", r.host, r.target, r.headers, got, r.want)
				}
			}
			if c.diag != "" {
				found := false
				for _, d := range m.Diagnostics() {
					found = found || strings.Contains(d.Message, c.diag)
				}
				if !found {
					t.Errorf("no diagnostic says %q: %v", c.diag, m.Diagnostics())
				}
			}
		})
	}
}
