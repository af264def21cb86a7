package matcher_test

import (
	"crypto/tls"
	"errors"
	"fmt"
	"net/http/httptest"
	"testing"

	"github.com/ingresslib/ingress/matcher"
	networkingv1 "k8s.io/api/networking/v1"
)

// tinAnswer routes a request ("http://h/p" or "https://h/p") under the
// TraefikIngressNGINX dialect and says what comes back: the service, "404",
// "400", or "<status> <Location>".
func tinAnswer(m *matcher.Matcher, url string) string {
	req := httptest.NewRequest("GET", url, nil)
	if req.URL.Scheme == "https" || len(url) > 5 && url[:5] == "https" {
		req.TLS = &tls.ConnectionState{}
	} else {
		req.TLS = nil
	}
	r, err := m.RouteRequest(req)
	switch {
	case errors.Is(err, matcher.ErrBadRequest):
		return "400"
	case err != nil:
		return "404"
	case r.Action != nil && r.Action.Redirect.Status != 0:
		return fmt.Sprintf("%d %s", r.Action.Redirect.Status, r.Action.Redirect.Location)
	case r.Action != nil && r.Action.Status != 0:
		return fmt.Sprint(r.Action.Status)
	}
	return service(r.Backend)
}

// TestTraefikIngressNGINX checks the routing of Traefik's ingress-nginx
// provider (pkg/provider/kubernetes/ingress-nginx, v3.7.13): routers
// ranked by rule length across hosts (translator.go, buildRule), strict
// path validation and snippets (build.go, validateIngress), default
// backends (build.go, build), redirects per Ingress (middleware.go).
func TestTraefikIngressNGINX(t *testing.T) {
	tlsSpec := func(ing *networkingv1.Ingress) *networkingv1.Ingress {
		ing.Spec.TLS = []networkingv1.IngressTLS{{Hosts: []string{"s.com"}, SecretName: "s"}}
		return ing
	}
	for _, c := range []struct {
		name string
		ings []*networkingv1.Ingress
		opts []matcher.Option
		want map[string]string // request URL → answer
	}{
		{"hostless rule with a longer text beats the host's own", []*networkingv1.Ingress{
			ingress("ns", "host", 0, rule("foo.com", path(prefix, "/", "root"))),
			ingress("ns", "hostless", 1, rule("", path(prefix, "/api", "api"))),
		}, nil, map[string]string{"http://foo.com/api": "api", "http://foo.com/x": "root", "http://foo.com/apix": "root"}},
		{"Prefix /a beats a longer Exact; /a/ serves /a without redirect", []*networkingv1.Ingress{
			ingress("ns", "a", 0, rule("bar.com", path(prefix, "/a/", "pre"), path(exact, "/a/b", "ex"))),
		}, nil, map[string]string{"http://bar.com/a/b": "pre", "http://bar.com/a": "pre", "http://bar.com/ab": "404"}},
		{"use-regex: Prefix a case-insensitive regex prefix, Exact stays Path", []*networkingv1.Ingress{
			annotate(ingress("ns", "r", 0, rule("r.com", path(specific, "/t.c", "re"), path(exact, "/e", "ex"))), "nginx.ingress.kubernetes.io/use-regex", "true"),
		}, nil, map[string]string{"http://r.com/TXC/more": "re", "http://r.com/e": "ex", "http://r.com/E": "404"}},
		{"a path outside [[:alnum:]._-/] skips the whole Ingress, ImplementationSpecific is exempt", []*networkingv1.Ingress{
			ingress("ns", "strict", 0, rule("v.com", path(prefix, "/ok", "ok"), path(prefix, "/bad~", "bad"))),
			ingress("ns", "is", 1, rule("w.com", path(specific, "/bad~", "isbad"))),
		}, nil, map[string]string{"http://v.com/ok": "404", "http://w.com/bad~": "isbad"}},
		{"snippets skip the Ingress", []*networkingv1.Ingress{
			annotate(ingress("ns", "snip", 0, rule("n.com", path(prefix, "/", "snip"))), "nginx.ingress.kubernetes.io/configuration-snippet", "x"),
		}, nil, map[string]string{"http://n.com/": "404"}},
		{"snippets allowed", []*networkingv1.Ingress{
			annotate(ingress("ns", "snip", 0, rule("n.com", path(prefix, "/", "snip"))), "nginx.ingress.kubernetes.io/configuration-snippet", "x"),
		}, []matcher.Option{matcher.WithNGINXSnippets()}, map[string]string{"http://n.com/": "snip"}},
		{"the oldest rules-less default backend answers every host", []*networkingv1.Ingress{
			withDefault(ingress("ns", "db-new", 2), "new"),
			withDefault(ingress("ns", "db-old", 0), "old"),
			ingress("ns", "h1", 1, rule("h1.com", path(prefix, "/a", "a"))),
		}, nil, map[string]string{"http://nohost.com/": "old", "http://h1.com/other": "old", "http://h1.com/a": "a"}},
		{"a default backend with rules is a router Host(h)", []*networkingv1.Ingress{
			withDefault(ingress("ns", "d", 0, rule("d.com", path(exact, "/x", "x"))), "dd"),
		}, nil, map[string]string{"http://d.com/x": "x", "http://d.com/y": "dd", "http://e.com/y": "404"}},
		{"ssl-redirect is per Ingress: 308, port dropped, path cleaned, query kept", []*networkingv1.Ingress{
			tlsSpec(ingress("ns", "a", 0, rule("s.com", path(prefix, "/a", "a")))),
			ingress("ns", "b", 1, rule("s.com", path(prefix, "/b", "b"))),
		}, nil, map[string]string{
			"http://s.com:8080/a/../a/b/?q=1": "308 https://s.com/a/b/?q=1", "http://s.com/b": "b", "https://s.com/a": "a",
		}},
		// redirect_scheme.go: net.SplitHostPort, then uriPattern, whose host
		// is [\w._-]+ or a bracketed address; url.Parse refuses an IPv6
		// host without brackets but with a port, and the middleware answers
		// 502 (oxy's StdHandler: *url.Error is a net.Error).
		{"ssl-redirect Location from RedirectScheme's pattern", []*networkingv1.Ingress{
			annotate(ingress("ns", "any", 0, rule("", path(prefix, "/", "any"))), "nginx.ingress.kubernetes.io/force-ssl-redirect", "true"),
		}, nil, map[string]string{
			"http://[::1]/a": "308 https://[::1]/a", "http://[::1]:8080/a": "502", "http://a~b.com:81/x": "308 https://a~b.com:81/x",
			"http://a.com:80/x": "308 https://a.com/x", "http://127.0.0.1:8080/x/": "308 https://127.0.0.1/x/",
		}},
		// middleware.go, buildFromToWwwRedirect; translator.go,
		// applyFromToWwwRedirect: a router Host("www.h") at its rule's
		// length, 308 keeping scheme and port, one trailing '/' of the
		// whole URL removed.
		{"from-to-www-redirect", []*networkingv1.Ingress{
			annotate(ingress("ns", "w", 0, rule("w.com", path(prefix, "/a", "a"), path(exact, "/b", "b")), rule("www.v.com", path(prefix, "/", "v")),
				rule("*.x.com", path(prefix, "/", "x")), rule("taken.com", path(prefix, "/", "t"))), "nginx.ingress.kubernetes.io/from-to-www-redirect", "true"),
			ingress("ns", "taken", 1, rule("www.taken.com", path(prefix, "/", "wt"))),
			ingress("ns", "long", 2, rule("", path(prefix, "/a-very-long-path", "long"))),
		}, nil, map[string]string{
			"http://www.w.com/a/b/": "308 http://w.com/a/b", "http://www.w.com:8080/a/b/?c=d/": "308 http://w.com:8080/a/b/?c=d",
			"http://www.w.com/": "308 http://w.com/", "https://WWW.W.COM/z": "308 https://w.com/z", "http://w.com/a": "a",
			"http://v.com/x/": "308 http://www.v.com/x", "http://www.v.com/x": "v", "http://www.x.com/": "x",
			"http://www.taken.com/": "wt", "http://taken.com/": "t",
			// PathPrefix("/a-very-long-path") is longer than Host("www.w.com").
			"http://www.w.com/a-very-long-path": "long",
		}},
		{"ssl-redirect: only \"true\" is true", []*networkingv1.Ingress{
			annotate(tlsSpec(ingress("ns", "a", 0, rule("s.com", path(prefix, "/a", "a")))), "nginx.ingress.kubernetes.io/ssl-redirect", "yes"),
			annotate(ingress("ns", "f", 0, rule("f.com", path(prefix, "/", "f"))), "nginx.ingress.kubernetes.io/force-ssl-redirect", "TRUE"),
		}, nil, map[string]string{"http://s.com/a": "a", "http://f.com/x": "308 https://f.com/x"}},
		{"app-root: 302 for / on the Ingress's own router", []*networkingv1.Ingress{
			annotate(ingress("ns", "ar", 0, rule("ar.com", path(prefix, "/", "ar"))), "nginx.ingress.kubernetes.io/app-root", "/app"),
			annotate(ingress("ns", "ar2", 1, rule("ar2.com", path(prefix, "/x", "x"))), "nginx.ingress.kubernetes.io/app-root", "/app"),
		}, nil, map[string]string{"http://ar.com/": "302 /app", "http://ar.com/y": "ar", "https://ar.com/": "302 /app", "http://ar2.com/": "404"}},
		{"permanent and temporal redirects", []*networkingv1.Ingress{
			annotate(ingress("ns", "p", 0, rule("p.com", path(prefix, "/", "p"))), "nginx.ingress.kubernetes.io/permanent-redirect", "https://example.org/new",
				"nginx.ingress.kubernetes.io/permanent-redirect-code", "399"),
			annotate(ingress("ns", "t", 0, rule("t.com", path(prefix, "/", "t"))), "nginx.ingress.kubernetes.io/permanent-redirect", "https://example.org/p",
				"nginx.ingress.kubernetes.io/temporal-redirect", "https://example.org/t"),
		}, nil, map[string]string{
			// The Location is the annotation's URL: the request's query is
			// not added (redirect/redirect.go, replacement of ".*").
			"http://p.com/anything": "301 https://example.org/new", "http://p.com/a?q=1": "301 https://example.org/new", "http://t.com/": "302 https://example.org/t",
		}},
		// middleware.go, buildRedirect: under use-regex the expression is
		// ^https?://[^/]+ and the path, case-sensitive; the rest of the URL
		// stays after the target.
		{"permanent-redirect under use-regex", []*networkingv1.Ingress{
			annotate(ingress("ns", "pr", 0, rule("pr.com", path(prefix, "/foo", "foo"), path(exact, "/e", "e"))), "nginx.ingress.kubernetes.io/use-regex", "true",
				"nginx.ingress.kubernetes.io/permanent-redirect", "https://example.org/new"),
			annotate(withDefault(ingress("ns", "db", 1, rule("db.com", path(prefix, "/p", "p"))), "dd"), "nginx.ingress.kubernetes.io/rewrite-target", "/",
				"nginx.ingress.kubernetes.io/temporal-redirect", "https://t.org"),
		}, nil, map[string]string{
			"http://pr.com/foo/bar?x=1": "301 https://example.org/new/bar?x=1", "http://pr.com/FOO/bar": "foo", "https://pr.com:8443/foo": "301 https://example.org/new",
			"http://pr.com/e": "301 https://example.org/new", "http://db.com/other/x": "302 https://t.org/other/x",
		}},
		{"server-alias adds hosts not claimed before", []*networkingv1.Ingress{
			annotate(ingress("ns", "al", 0, rule("main.com", path(prefix, "/", "main"))), "nginx.ingress.kubernetes.io/server-alias", "Alias.com, other.com"),
			ingress("ns", "other", 1, rule("other.com", path(prefix, "/", "other"))),
		}, nil, map[string]string{"http://alias.com/x": "main", "http://other.com/x": "other"}},
		{"a canary Ingress has no router of its own", []*networkingv1.Ingress{
			ingress("ns", "prod", 0, rule("c.com", path(prefix, "/", "prod"))),
			annotate(ingress("ns", "canary", 1, rule("c.com", path(prefix, "/", "canary"))), "nginx.ingress.kubernetes.io/canary", "true"),
		}, nil, map[string]string{"http://c.com/": "prod"}},
		// rewrite_target.go: the location's path, unanchored and
		// case-insensitive, replaced in the path the entry point left.
		{"rewrite-target / on Prefix /a: /a/b becomes //b, which Traefik refuses", []*networkingv1.Ingress{
			annotate(ingress("ns", "rw", 0, rule("rw.com", path(prefix, "/a", "a"), path(exact, "/e", "e"))), "nginx.ingress.kubernetes.io/rewrite-target", "/"),
		}, nil, map[string]string{"http://rw.com/a": "a", "http://rw.com/A/b": "400", "https://rw.com/a/b": "400", "http://rw.com/e": "e", "http://rw.com/e/": "404"}},
		{"rewrite-target /$2 with capture groups: a clean path is forwarded", []*networkingv1.Ingress{
			annotate(ingress("ns", "rw", 0, rule("rw.com", path(specific, "/api(/|$)(.*)", "api"))), "nginx.ingress.kubernetes.io/rewrite-target", "/$2",
				"nginx.ingress.kubernetes.io/use-regex", "true"),
		}, nil, map[string]string{"http://rw.com/api": "api", "http://rw.com/api/x/y": "api", "http://rw.com/api//x": "api"}},
		{"rewrite-target to a URL redirects with 302, the request's query kept", []*networkingv1.Ingress{
			annotate(ingress("ns", "rw", 0, rule("rw.com", path(specific, "/old(.*)", "old"), path(prefix, "/plain", "plain"))), "nginx.ingress.kubernetes.io/rewrite-target", "https://new.org$1"),
		}, nil, map[string]string{"http://rw.com/old/x?q=1": "302 https://new.org/x?q=1", "http://rw.com/plain/x": "302 https://new.org"}},
		// rewrite_target.go, New: url.Parse of the untrimmed value decides;
		// " https://new.org/" is no URL, and its trimmed text makes the
		// path "https://new.org/", whose "//" Traefik answers 400.
		{"rewrite-target with a leading space is no URL", []*networkingv1.Ingress{
			annotate(ingress("ns", "rw", 0, rule("rw.com", path(prefix, "/old", "old"))), "nginx.ingress.kubernetes.io/rewrite-target", " https://new.org/"),
		}, nil, map[string]string{"http://rw.com/old": "400"}},
		{"rewrite-target to an empty path: 500; on a default backend the replacement without $n", []*networkingv1.Ingress{
			annotate(ingress("ns", "rw", 0, rule("rw.com", path(specific, "/e(.*)", "e"))), "nginx.ingress.kubernetes.io/rewrite-target", "$1"),
			annotate(withDefault(ingress("ns", "db", 0), "db"), "nginx.ingress.kubernetes.io/rewrite-target", "/x/$1"),
		}, nil, map[string]string{"http://rw.com/e": "500", "http://rw.com/ex": "e", "http://other.com/a//b": "db"}},
		{"dot segments above the root are served; %2F stays encoded", []*networkingv1.Ingress{
			ingress("ns", "api", 0, rule("foo.com", path(prefix, "/api", "api"), path(prefix, "/", "root"))),
		}, nil, map[string]string{"http://foo.com/../api": "api", "http://foo.com/api%2Fx": "root"}},
	} {
		t.Run(c.name, func(t *testing.T) {
			m := matcher.Compile(c.ings, append([]matcher.Option{matcher.WithDialect(matcher.TraefikIngressNGINX)}, c.opts...)...)
			for url, want := range c.want {
				if got := tinAnswer(m, url); got != want {
					t.Errorf("GET %s = %q, want %q\n%s", url, got, want, m.Diagnostics())
				}
			}
		})
	}
}
