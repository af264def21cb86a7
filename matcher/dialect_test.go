package matcher_test

import (
	"errors"
	"net/http/httptest"
	"strings"
	"testing"

	ingresslib "github.com/ingresslib/ingress"
	"github.com/ingresslib/ingress/matcher"
	corev1 "k8s.io/api/core/v1"
	networkingv1 "k8s.io/api/networking/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
)

func annotate(ing *networkingv1.Ingress, kv ...string) *networkingv1.Ingress {
	if ing.Annotations == nil {
		ing.Annotations = map[string]string{}
	}
	for i := 0; i+1 < len(kv); i += 2 {
		ing.Annotations[kv[i]] = kv[i+1]
	}
	return ing
}

// outcome is what a request gets, in one word: the service, "301 /foo/",
// "302 /app", "no route" or "400".
func outcome(m *matcher.Matcher, host, target string) string {
	req := httptest.NewRequest("GET", "http://"+host+target, nil)
	r, err := m.RouteRequest(req)
	switch {
	case errors.Is(err, matcher.ErrBadRequest):
		return "400"
	case errors.Is(err, matcher.ErrNoRoute):
		return "no route"
	case err != nil:
		return err.Error()
	case r.Action != nil && r.Action.Redirect.Status != 0:
		return strings.TrimSpace(strings.Join([]string{itoa(r.Action.Redirect.Status), r.Action.Redirect.Location}, " "))
	}
	return service(r.Backend)
}

func itoa(n int) string {
	return string(rune('0'+n/100)) + string(rune('0'+n/10%10)) + string(rune('0'+n%10))
}

type dialectCase struct {
	host, target, want string
}

func runDialect(t *testing.T, m *matcher.Matcher, cases []dialectCase) {
	t.Helper()
	for _, c := range cases {
		if got := outcome(m, c.host, c.target); got != c.want {
			t.Errorf("%s%s: got %s, want %s\n%s", c.host, c.target, got, c.want, m.Explain(c.host, c.target))
		}
	}
}

// The five behaviours of "Before You Migrate: Five Surprising Ingress-NGINX
// Behaviors" (kubernetes.io blog, 2026-02-27), one test each.
func TestIngressNGINXRegexIsCaseInsensitivePrefix(t *testing.T) {
	m := matcher.Compile([]*networkingv1.Ingress{
		annotate(ingress("ns", "users", 0, rule("foo.com", path(specific, "/u/[0-9]+", "users"))), "nginx.ingress.kubernetes.io/use-regex", "true"),
	}, matcher.WithDialect(matcher.IngressNGINX))
	runDialect(t, m, []dialectCase{
		{"foo.com", "/u/42", "users"},
		{"foo.com", "/U/42", "users"},          // case-insensitive
		{"foo.com", "/u/42/anything", "users"}, // a prefix: anchored at the start only
		{"foo.com", "/u/x", "no route"},
	})
}

func TestIngressNGINXUseRegexIsHostWide(t *testing.T) {
	m := matcher.Compile([]*networkingv1.Ingress{
		annotate(ingress("ns", "regex", 0, rule("foo.com", path(specific, "/api/v[0-9]", "api"))), "nginx.ingress.kubernetes.io/use-regex", "true"),
		ingress("ns", "plain", 1, rule("foo.com", path(exact, "/exact", "exact"), path(prefix, "/docs", "docs"))),
		ingress("ns", "other", 2, rule("bar.com", path(exact, "/exact", "bar-exact"))),
	}, matcher.WithDialect(matcher.IngressNGINX))
	runDialect(t, m, []dialectCase{
		{"foo.com", "/exact", "exact"},
		{"foo.com", "/exactly", "exact"}, // Exact became ~* "^/exact"
		{"foo.com", "/EXACT/x", "exact"},
		{"foo.com", "/docsify", "docs"}, // Prefix too: no element boundary
		{"bar.com", "/exactly", "no route"},
		{"bar.com", "/exact", "bar-exact"},
	})
}

func TestIngressNGINXRewriteTargetImpliesRegex(t *testing.T) {
	m := matcher.Compile([]*networkingv1.Ingress{
		annotate(ingress("ns", "rewrite", 0, rule("foo.com", path(specific, "/api(/|$)(.*)", "api"))), "nginx.ingress.kubernetes.io/rewrite-target", "/$2"),
		ingress("ns", "plain", 1, rule("foo.com", path(exact, "/health", "health"))),
	}, matcher.WithDialect(matcher.IngressNGINX))
	runDialect(t, m, []dialectCase{
		{"foo.com", "/api/users", "api"},
		{"foo.com", "/API", "api"},
		{"foo.com", "/healthz", "health"},
		{"foo.com", "/Health", "health"},
	})
}

func TestIngressNGINXTrailingSlashRedirect(t *testing.T) {
	m := matcher.Compile([]*networkingv1.Ingress{
		ingress("ns", "a", 0, rule("foo.com",
			path(prefix, "/docs/", "docs"),
			path(specific, "/static/", "static"),
			path(prefix, "/api", "api"),
			path(exact, "/menu/", "menu"))),
	}, matcher.WithDialect(matcher.IngressNGINX))
	runDialect(t, m, []dialectCase{
		{"foo.com", "/docs", "301 /docs/"},
		{"foo.com", "/docs?x=1", "301 /docs/?x=1"},
		{"foo.com", "/docs/", "docs"},
		{"foo.com", "/static", "301 /static/"},
		{"foo.com", "/api", "api"}, // Prefix /api has its exact twin: no redirect
		{"foo.com", "/api/", "api"},
		{"foo.com", "/apix", "no route"},
		{"foo.com", "/menu", "301 /menu/"},
	})
}

func TestIngressNGINXNormalisesURLs(t *testing.T) {
	m := matcher.Compile([]*networkingv1.Ingress{
		ingress("ns", "a", 0, rule("foo.com", path(prefix, "/public", "public"), path(prefix, "/admin", "admin"))),
	}, matcher.WithDialect(matcher.IngressNGINX))
	runDialect(t, m, []dialectCase{
		{"foo.com", "/public/../admin/x", "admin"},
		{"foo.com", "/public%2F..%2Fadmin", "admin"}, // %2F decoded as nginx does
		{"foo.com", "//admin//x", "admin"},
		{"foo.com", "/%61dmin", "admin"},
		{"foo.com", "/../admin", "400"},
	})
}

func TestIngressNGINXServersAndDefaults(t *testing.T) {
	catchAll := withDefault(ingress("ns", "fallback", 0), "fallback")
	hostDefault := withDefault(ingress("ns", "site", 1, rule("site.com", path(prefix, "/app", "app"))), "site-default")
	m := matcher.Compile([]*networkingv1.Ingress{
		catchAll, hostDefault,
		ingress("ns", "wild", 2, rule("*.wild.com", path(prefix, "/", "wild"))),
		ingress("ns", "nohost", 3, rule("", path(prefix, "/open", "open"))),
		annotate(ingress("ns", "approot", 4, rule("app.com", path(prefix, "/", "app-root"))), "nginx.ingress.kubernetes.io/app-root", "/app1"),
	}, matcher.WithDialect(matcher.IngressNGINX))
	runDialect(t, m, []dialectCase{
		{"site.com", "/app/x", "app"},
		{"site.com", "/other", "site-default"}, // the host's defaultBackend
		{"unknown.com", "/", "fallback"},       // the "_" server: an Ingress without rules
		{"unknown.com", "/open/1", "open"},     // rules without host are in "_"
		{"site.com", "/open", "site-default"},  // no fall-through to "_"
		{"a.wild.com", "/x", "wild"},
		{"a_b.wild.com", "/x", "wild"}, // [\w-]+ takes '_'
		{"a.b.wild.com", "/x", "fallback"},
		{"app.com", "/", "302 /app1"},
		{"app.com", "/x", "app-root"},
	})
}

func TestIngressNGINXSSLRedirectAndCanary(t *testing.T) {
	main := ingress("ns", "main", 0, rule("foo.com", path(prefix, "/", "stable")))
	main.Spec.TLS = []networkingv1.IngressTLS{{Hosts: []string{"foo.com"}, SecretName: "foo-tls"}}
	canary := annotate(ingress("ns", "canary", 1, rule("foo.com", path(prefix, "/", "canary"))),
		"nginx.ingress.kubernetes.io/canary", "true", "nginx.ingress.kubernetes.io/canary-by-header", "X-Canary",
		"nginx.ingress.kubernetes.io/canary-weight", "20")
	orphan := annotate(ingress("ns", "orphan", 2, rule("foo.com", path(prefix, "/nothing", "orphan"))), "nginx.ingress.kubernetes.io/canary", "true")
	m := matcher.Compile([]*networkingv1.Ingress{main, canary, orphan}, matcher.WithDialect(matcher.IngressNGINX))
	runDialect(t, m, []dialectCase{
		{"foo.com", "/x?a=b", "308 https://foo.com/x?a=b"},
	})
	r, ok := m.Match("foo.com", "/x")
	if !ok || service(r.Backend) != "stable" || r.Action == nil {
		t.Fatalf("Match = %v, %v", r, ok)
	}
	if r.Action.HTTPSRedirect != 308 || len(r.Action.Alternatives) != 1 {
		t.Fatalf("Action = %+v", r.Action)
	}
	alt := r.Action.Alternatives[0]
	if service(alt.Route.Backend) != "canary" || alt.When != "header X-Canary: always, else weight 20 of 100" {
		t.Errorf("alternative = %s when %q", alt.Route, alt.When)
	}
	found := false
	for _, d := range m.Diagnostics() {
		found = found || d.Object == orphan && strings.Contains(d.Message, "merges into no location")
	}
	if !found {
		t.Errorf("the canary without primary is not reported: %v", m.Diagnostics())
	}
}

func TestIngressNGINXDuplicateLocation(t *testing.T) {
	m := matcher.Compile([]*networkingv1.Ingress{
		ingress("ns", "a", 0, rule("foo.com", path(prefix, "/foo", "a"))),
		ingress("ns", "b", 1, rule("foo.com", path(prefix, "/foo/", "b"))),
		ingress("ns", "c", 2, rule("foo.com", path(prefix, "/foo", "c"))),
	}, matcher.WithDialect(matcher.IngressNGINX))
	runDialect(t, m, []dialectCase{
		// Locations are written longest path first: b's /foo/ comes before
		// the /foo/ that a's Prefix /foo becomes, which is the duplicate.
		{"foo.com", "/foo/x", "b"},
		{"foo.com", "/foo/", "b"},
		{"foo.com", "/foo", "a"}, // = /foo, a's exact twin
	})
	kinds := map[string]bool{}
	for _, d := range m.Diagnostics() {
		kinds[string(d.Kind)+" "+d.Object.GetName()] = true
	}
	if !kinds["DialectConflict a"] || !kinds["PathShadowed c"] {
		t.Errorf("diagnostics: %v", m.Diagnostics())
	}
}

func TestTraefikPriorityIsRuleLength(t *testing.T) {
	ings := []*networkingv1.Ingress{
		ingress("ns", "a", 0, rule("foo.com", path(exact, "/foo", "exact"), path(prefix, "/foo", "prefix"), path(prefix, "/bar", "bar"))),
		ingress("ns", "b", 1, rule("", path(prefix, "/bar/very/long/path/indeed", "hostless"))),
		ingress("ns", "c", 2, rule("*.foo.com", path(prefix, "/", "wild"))),
		withDefault(ingress("ns", "d", 3), "default"),
		withDefault(ingress("ns", "e", 4, rule("e.com", path(prefix, "/e", "e"))), "never"),
	}
	loose := matcher.Compile(ings, matcher.WithDialect(matcher.Traefik))
	runDialect(t, loose, []dialectCase{
		{"foo.com", "/foo", "prefix"}, // PathPrefix(`/foo`) is longer than Path(`/foo`)
		{"foo.com", "/foobar", "prefix"},
		{"foo.com", "/bar/very/long/path/indeed/x", "hostless"}, // a longer rule without host wins
		{"foo.com", "/bar/x", "bar"},
		{"a.foo.com", "/x", "wild"},
		{"a.b.foo.com", "/x", "default"},
		{"e.com", "/x", "default"}, // e's defaultBackend is not read: it has rules
		{"FOO.com:8080", "/bar", "bar"},
	})
	strict := matcher.Compile(ings, matcher.WithDialect(matcher.TraefikStrict))
	runDialect(t, strict, []dialectCase{
		{"foo.com", "/foo", "prefix"},
		{"foo.com", "/foobar", "default"},
		{"foo.com", "/foo/", "prefix"},
	})
}

func TestGatewayAPIDialect(t *testing.T) {
	ings := []*networkingv1.Ingress{
		withDefault(ingress("ns", "a", 0, rule("foo.com", path(prefix, "/app", "app"))), "fallback"),
		ingress("ns", "b", 1, rule("*.wild.com", path(prefix, "/", "wild")), rule("*.b.wild.com", path(prefix, "/", "deeper"))),
	}
	m := matcher.Compile(ings, matcher.WithDialect(matcher.GatewayAPI))
	runDialect(t, m, []dialectCase{
		{"foo.com", "/app/x", "app"},
		{"foo.com", "/other", "no route"}, // the hostname has routes: no default
		{"bar.com", "/other", "fallback"},
		{"a.wild.com", "/", "wild"},
		{"a.x.wild.com", "/", "wild"}, // a wildcard covers several labels
		{"a.b.wild.com", "/", "deeper"},
	})
	def := matcher.Compile(ings)
	runDialect(t, def, []dialectCase{
		{"foo.com", "/other", "fallback"},
		{"a.x.wild.com", "/", "fallback"},
	})
}

func TestDialectString(t *testing.T) {
	for d, want := range map[matcher.Dialect]string{matcher.DefaultDialect: "default", matcher.IngressNGINX: "ingress-nginx",
		matcher.Traefik: "traefik", matcher.TraefikStrict: "traefik-strict", matcher.GatewayAPI: "gateway-api", 200: "Dialect(200)"} {
		if got := d.String(); got != want {
			t.Errorf("%d: %q, want %q", d, got, want)
		}
	}
	// An unknown dialect is the default.
	m := matcher.Compile([]*networkingv1.Ingress{ingress("ns", "a", 0, rule("foo.com", path(prefix, "/foo", "foo")))}, matcher.WithDialect(200))
	runDialect(t, m, []dialectCase{{"foo.com", "/foobar", "no route"}, {"foo.com", "/foo/x", "foo"}})
	_ = metav1.Now
}

// Found by the parity test against real nginx (e2e/nginx_test.go).
func TestIngressNGINXCatchAllDefaultBackend(t *testing.T) {
	// An Ingress without rules configures the catch-all server's location
	// / before the paths are added: a rule without host and with path /
	// of an older Ingress no longer replaces it, and the default
	// backend's own annotations (app-root, use-regex) do not apply.
	older := annotate(ingress("ns", "older", 0, rule("", path(prefix, "/", "explicit"), path(exact, "/exact", "exact"))), "nginx.ingress.kubernetes.io/app-root", "/app1")
	catchAll := annotate(withDefault(ingress("ns", "catchall", 1), "catch-all"),
		"nginx.ingress.kubernetes.io/app-root", "/never", "nginx.ingress.kubernetes.io/use-regex", "true")
	m := matcher.Compile([]*networkingv1.Ingress{older, catchAll}, matcher.WithDialect(matcher.IngressNGINX))
	runDialect(t, m, []dialectCase{
		{"any.com", "/x", "catch-all"},
		{"any.com", "/exact", "exact"},
		{"any.com", "/exactly", "catch-all"}, // use-regex of the default backend does not apply
		{"any.com", "/", "302 /app1"},        // older's app-root does
	})
}

func TestIngressNGINXRegexRootConflict(t *testing.T) {
	// Under use-regex, Exact / becomes ~* "^/", the location the
	// controller's default backend already has.
	ing := annotate(ingress("ns", "a", 0, rule("foo.com", path(exact, "/", "root"), path(prefix, "/api", "api"))), "nginx.ingress.kubernetes.io/use-regex", "true")
	m := matcher.Compile([]*networkingv1.Ingress{ing}, matcher.WithDialect(matcher.IngressNGINX))
	var msgs []string
	for _, d := range m.Diagnostics() {
		if d.Kind == matcher.DialectConflict {
			msgs = append(msgs, d.Field+": "+d.Message)
		}
	}
	want := `spec.rules[0].http.paths[0]: ingress-nginx writes the location ~* "^/" twice for host foo.com (also for the controller's default backend); nginx refuses such a configuration, and this path is left out`
	if len(msgs) != 1 || msgs[0] != want {
		t.Errorf("DialectConflict diagnostics:\n%s\nwant\n%s", strings.Join(msgs, "\n"), want)
	}
}

func TestContourDialect(t *testing.T) {
	a := ingress("ns", "a", 0, rule("foo.com",
		path(prefix, "/foo/", "a-foo"),
		path(exact, "/exact", "a-exact"),
		path(specific, "/static", "a-static"),
		path(specific, "/api/v[0-9]+", "a-regex")),
		rule("*.wild.com", path(prefix, "/", "wild")))
	b := withDefault(ingress("ns", "b", 1, rule("foo.com", path(prefix, "/foo", "b-foo"))), "fallback")
	m := matcher.Compile([]*networkingv1.Ingress{a, b}, matcher.WithDialect(matcher.Contour))
	runDialect(t, m, []dialectCase{
		{"foo.com", "/foo", "a-foo"}, // /foo/ and /foo are one route: a's is kept
		{"foo.com", "/foo/x", "a-foo"},
		{"foo.com", "/foobar", "no route"},
		{"foo.com", "/staticfiles", "a-static"}, // a string prefix
		{"foo.com", "/api/v2", "a-regex"},       // a regular expression on the whole path
		{"foo.com", "/api/v2/x", "no route"},
		{"foo.com", "/other", "no route"}, // the default backend is in "*" only
		{"bar.com", "/other", "fallback"},
		{"a.wild.com", "/x", "wild"},
		{"a.b.wild.com", "/x", "no route"}, // the *.wild.com virtual host, one label only
	})
	found := false
	for _, d := range m.Diagnostics() {
		found = found || d.Kind == matcher.DialectConflict && d.Object == b
	}
	if !found {
		t.Errorf("the duplicate route is not reported: %v", m.Diagnostics())
	}
}

func TestIstioDialect(t *testing.T) {
	m := matcher.Compile([]*networkingv1.Ingress{
		withDefault(ingress("ns", "a", 0, rule("foo.com",
			path(exact, "/foo", "exact"),
			path(prefix, "/foo/", "prefix"),
			path(specific, "/static/*", "static"),
			path(specific, "/literal", "literal"))), "ignored"),
		ingress("ns", "b", 1, rule("*.wild.com", path(prefix, "/", "wild")), rule("", path(specific, "", "everything"))),
	}, matcher.WithDialect(matcher.Istio))
	runDialect(t, m, []dialectCase{
		{"foo.com", "/foo", "prefix"}, // Prefix /foo/ (5 bytes) sorts before Exact /foo (4)
		{"foo.com", "/foo/x", "prefix"},
		{"foo.com", "/static/x", "static"},
		{"foo.com", "/static", "static"},
		{"foo.com", "/literal/x", "no route"}, // ImplementationSpecific without * is Exact
		{"foo.com", "/literal", "literal"},
		{"foo.com", "/other", "no route"}, // defaultBackend is ignored
		{"a.b.wild.com", "/", "wild"},     // Envoy wildcards cover several labels
		{"bar.com", "/any/thing", "everything"},
		{"foo.com", "//foo", "no route"}, // repeated slashes are kept
	})
}

func TestHAProxyDialect(t *testing.T) {
	ings := []*networkingv1.Ingress{
		ingress("ns", "a", 0, rule("foo.com",
			path(prefix, "/app", "app"),
			path(specific, "/App/Sub", "sub"), // begin: case-insensitive string prefix
			path(exact, "/exact", "exact")),
			rule("*.wild.com", path(prefix, "/", "wild"))),
		annotate(ingress("ns", "b", 1, rule("foo.com", path(specific, "/r[0-9]+", "regex"))), "haproxy-ingress.github.io/path-type", "regex"),
		withDefault(ingress("ns", "c", 2, rule("", path(prefix, "/shared", "shared"))), "fallback"),
	}
	m := matcher.Compile(ings, matcher.WithDialect(matcher.HAProxy))
	runDialect(t, m, []dialectCase{
		{"foo.com", "/app/x", "app"},
		{"foo.com", "/app/sub/x", "sub"}, // the longer begin path overlaps Prefix /app: a priority map first
		{"foo.com", "/APP/SUB", "sub"},
		{"foo.com", "/appsub", "fallback"}, // Prefix is element-wise; then the default host
		{"foo.com", "/r7/x", "regex"},
		{"foo.com", "/shared/y", "shared"}, // falls through to the rules without host
		{"foo.com", "/exact", "exact"},
		{"foo.com", "/exact/", "fallback"},
		{"FOO.com:8080", "/app", "app"},
		{"foo.com.", "/app", "fallback"},     // the trailing dot is kept: no host matches
		{"foo.com", "/x/../app", "fallback"}, // no normalisation
		{"a.wild.com", "/x", "wild"},
		{"a.b.wild.com", "/x", "fallback"}, // one label
	})
	m = matcher.Compile(append(ings, ingress("ns", "d", 3, rule("", path(prefix, "/", "root")))), matcher.WithDialect(matcher.HAProxy))
	runDialect(t, m, []dialectCase{{"other.com", "/x", "root"}})
	found := false
	for _, d := range m.Diagnostics() {
		found = found || d.Kind == matcher.PathShadowed && d.Field == "spec.defaultBackend"
	}
	if !found {
		t.Errorf("the default backend behind the default host's / is not reported: %v", m.Diagnostics())
	}
}

func TestTable(t *testing.T) {
	m := matcher.Compile([]*networkingv1.Ingress{
		withDefault(ingress("ns", "a", 0,
			rule("foo.com", path(prefix, "/", "root"), path(exact, "/api", "api-exact"), path(prefix, "/api", "api"), path(prefix, "/api/", "api-dup")),
			rule("", path(prefix, "/x", "x")),
			rule("*.foo.com", path(specific, "/w", "w"))), "fallback"),
		ingress("ns", "b", 1, rule("foo.com", path(prefix, "/api", "api-b"), path(exact, "/a/b/c", "long"))),
	})
	groups, def := m.Table()
	if def == nil || service(def.Backend) != "fallback" {
		t.Fatalf("default: %v", def)
	}
	var got []string
	for _, g := range groups {
		for _, r := range g.Rows {
			mark := ""
			if r.Shadowed != "" {
				mark = " (shadowed)"
			}
			got = append(got, g.Host+" "+service(r.Route.Backend)+mark)
		}
	}
	want := []string{
		"foo.com long", "foo.com api-exact", "foo.com api", "foo.com api-dup (shadowed)", "foo.com api-b (shadowed)", "foo.com root",
		"*.foo.com w",
		" x",
	}
	if strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Errorf("table:\n%s\nwant\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
	if groups, _ := matcher.Compile(nil, matcher.WithDialect(matcher.Traefik)).Table(); groups != nil {
		t.Errorf("a dialect's table: %v", groups)
	}
}

// TestHAProxyLongWildcardHost: every path of a wildcard host is a regex
// line "^[^.]+\.suffix#path"; its first label is read once, so a long
// suffix does not count against the regex bound (a 38-byte suffix and a
// 23-byte path used to be skipped), and an ordinary path routes.
func TestHAProxyLongWildcardHost(t *testing.T) {
	ings := []*networkingv1.Ingress{ingress("ns", "pay", 0,
		rule("*.payments.eu-west-1.prod.example.com", path(prefix, "/api/v2/customer-orders", "orders"), path(exact, "/healthz", "health")))}
	m := matcher.Compile(ings, matcher.WithDialect(matcher.HAProxy))
	for _, d := range m.Diagnostics() {
		if d.Kind == matcher.PathSkipped {
			t.Errorf("skipped: %v", d)
		}
	}
	runDialect(t, m, []dialectCase{
		{"a.payments.eu-west-1.prod.example.com", "/api/v2/customer-orders/7", "orders"},
		{"a.payments.eu-west-1.prod.example.com", "/api/v2/customer-ordersX", "orders"}, // haproxy-ingress's (/.*)? has no end anchor
		{"a.payments.eu-west-1.prod.example.com", "/healthz", "health"},
		{"a.payments.eu-west-1.prod.example.com", "/healthz/x", "no route"},
		{"a.b.payments.eu-west-1.prod.example.com", "/healthz", "no route"},
	})
}

// TestIngressNGINXController: what ingress-nginx's controller decides
// besides nginx's location choice, each rule with the source it follows.
func TestIngressNGINXController(t *testing.T) {
	withTLS := func(ing *networkingv1.Ingress, hosts ...string) *networkingv1.Ingress {
		ing.Spec.TLS = append(ing.Spec.TLS, networkingv1.IngressTLS{Hosts: hosts, SecretName: "tls"})
		return ing
	}
	compile := func(ings ...*networkingv1.Ingress) *matcher.Matcher {
		return matcher.Compile(ings, matcher.WithDialect(matcher.IngressNGINX))
	}
	https := func(m *matcher.Matcher, host, target string) string {
		req := httptest.NewRequest("GET", "https://"+host+target, nil)
		r, err := m.RouteRequest(req)
		if errors.Is(err, matcher.ErrNoRoute) {
			return "no route"
		}
		return service(r.Backend)
	}

	// A host's location / carries the annotations of the first Ingress
	// with a rule for it (controller.go, createServers,
	// locationApplyAnnotations): on a host with a certificate its
	// unmatched paths answer 308; with TLS, the controller's 404.
	m := compile(withTLS(ingress("ns", "a", 0, rule("foo.com", path(prefix, "/a", "a"))), "foo.com"))
	runDialect(t, m, []dialectCase{{"foo.com", "/x", "308 https://foo.com/x"}, {"foo.com", "/a", "308 https://foo.com/a"}})
	if got := https(m, "foo.com", "/x"); got != "no route" {
		t.Errorf("https foo.com/x = %q, want no route", got)
	}
	if got := https(m, "foo.com", "/a/1"); got != "a" {
		t.Errorf("https foo.com/a/1 = %q, want a", got)
	}
	// ...and its ssl-redirect: "false" applies to them too.
	off := annotate(withTLS(ingress("ns", "a", 0, rule("foo.com", path(prefix, "/a", "a"))), "foo.com"), "nginx.ingress.kubernetes.io/ssl-redirect", "false")
	runDialect(t, compile(off), []dialectCase{{"foo.com", "/x", "no route"}, {"foo.com", "/a", "a"}})

	// Every rule host of an Ingress with any spec.tls entry gets a
	// certificate (the default one when no entry names it); a host named
	// only in the spec.tls of an Ingress without a rule for it gets none
	// (createServers, the certificate loop).
	runDialect(t, compile(withTLS(ingress("ns", "a", 0, rule("foo.com", path(prefix, "/a", "a"))), "other.com")), []dialectCase{{"foo.com", "/a", "308 https://foo.com/a"}})
	runDialect(t, compile(ingress("ns", "a", 0, rule("foo.com", path(prefix, "/a", "a"))), withTLS(ingress("ns", "b", 1), "foo.com")), []dialectCase{{"foo.com", "/a", "a"}})

	// The redirect goes to the Host without its port and the request URI
	// without one trailing '/' (lua_ingress.lua, redirect_host,
	// preserve-trailing-slash false by default).
	m = compile(withTLS(ingress("ns", "a", 0, rule("foo.com", path(prefix, "/a", "a"))), "foo.com"))
	runDialect(t, m, []dialectCase{{"foo.com:8080", "/a/", "308 https://foo.com/a"}, {"foo.com", "/a/?q=/", "308 https://foo.com/a/?q="}})
	keep := annotate(withTLS(ingress("ns", "a", 0, rule("foo.com", path(prefix, "/a", "a"))), "foo.com"), "nginx.ingress.kubernetes.io/preserve-trailing-slash", "true")
	runDialect(t, compile(keep), []dialectCase{{"foo.com:8080", "/a/", "308 https://foo.com/a/"}})

	// Equal creationTimestamps: ingress-nginx orders by "namespace/name"
	// descending (store.go, sortIngressSlice: in > jn), so ns/b's path
	// comes first.
	runDialect(t, compile(ingress("ns", "a", 0, rule("foo.com", path(prefix, "/x", "a"))), ingress("ns", "b", 0, rule("foo.com", path(prefix, "/x", "b")))),
		[]dialectCase{{"foo.com", "/x", "b"}})

	// A certificate is looked up by the request's host, then its wildcard
	// name (certificate.lua, get_pem_cert_uid): *.foo.com's certificate
	// makes a.foo.com, served by a server of its own, redirect.
	runDialect(t, compile(withTLS(ingress("ns", "w", 0, rule("*.foo.com", path(prefix, "/w", "w"))), "*.foo.com"), ingress("ns", "a", 1, rule("a.foo.com", path(prefix, "/a", "a")))),
		[]dialectCase{{"a.foo.com", "/a", "308 https://a.foo.com/a"}, {"a.b.foo.com", "/a", "no route"}})

	// A path without pathType is Prefix (internal/k8s/main.go,
	// SetDefaultNGINXPathType).
	noType := ingress("ns", "a", 0, rule("foo.com", path(prefix, "/p", "p")))
	noType.Spec.Rules[0].HTTP.Paths[0].PathType = nil
	runDialect(t, compile(noType), []dialectCase{{"foo.com", "/p/q", "p"}, {"foo.com", "/p", "p"}})
}

// TestIngressNGINXCanaryUpstreams: a canary attaches to the primary's
// upstream, so every location proxying to the primary Service gets it;
// a canary path that merges into nothing deletes the canary's upstream
// (controller.go, mergeAlternativeBackends).
func TestIngressNGINXCanaryUpstreams(t *testing.T) {
	primary := ingress("ns", "main", 0, rule("foo.com", path(prefix, "/a", "stable"), path(prefix, "/b", "stable"), path(prefix, "/c", "other")))
	canary := annotate(ingress("ns", "canary", 1, rule("foo.com", path(prefix, "/a", "canary"))), "nginx.ingress.kubernetes.io/canary", "true", "nginx.ingress.kubernetes.io/canary-weight", "10")
	m := matcher.Compile([]*networkingv1.Ingress{primary, canary}, matcher.WithDialect(matcher.IngressNGINX))
	for p, want := range map[string]int{"/a": 1, "/b": 1, "/c": 0} {
		r, _ := m.Match("foo.com", p)
		if got := alternatives(r); got != want {
			t.Errorf("Match(foo.com, %s): %d alternatives, want %d", p, got, want)
		}
	}
	// A second canary path that finds no primary deletes the upstream.
	orphaned := annotate(ingress("ns", "canary", 1, rule("foo.com", path(prefix, "/a", "canary"), path(prefix, "/zzz", "canary"))), "nginx.ingress.kubernetes.io/canary", "true")
	m = matcher.Compile([]*networkingv1.Ingress{primary, orphaned}, matcher.WithDialect(matcher.IngressNGINX))
	if r, _ := m.Match("foo.com", "/a"); alternatives(r) != 0 {
		t.Errorf("Match(foo.com, /a) keeps the canary whose upstream ingress-nginx deleted: %v", r.Action)
	}
}

// alternatives returns the number of a route's alternative backends.
func alternatives(r matcher.Route) int {
	if r.Action == nil {
		return 0
	}
	return len(r.Action.Alternatives)
}

// TestTraefikV37: what Traefik v3.7's Kubernetes Ingress provider, muxer
// and entry points do, each with the source it follows.
func TestTraefikV37(t *testing.T) {
	compile := func(d matcher.Dialect, ings ...*networkingv1.Ingress) *matcher.Matcher {
		return matcher.Compile(ings, matcher.WithDialect(d))
	}
	// The entry point cleans the path with url.URL.JoinPath
	// (sanitizePath): "/api/." and "/api/x/.." are "/api", a trailing '/'
	// kept only where there was one.
	m := compile(matcher.Traefik, ingress("ns", "a", 0, rule("foo.com", path(exact, "/api", "api"), path(exact, "/api/", "api-slash"))))
	runDialect(t, m, []dialectCase{{"foo.com", "/api/.", "api"}, {"foo.com", "/api/x/..", "api"}, {"foo.com", "/api/x/../", "api-slash"}, {"foo.com", "//api", "api"}})
	// The routing path decodes all but reserved characters (mux.go,
	// withRoutingPath): "/%40v" is not "/@v", "/x%20y" is "/x y".
	m = compile(matcher.Traefik, ingress("ns", "a", 0, rule("foo.com", path(exact, "/@v", "at"), path(exact, "/x y", "space"))))
	runDialect(t, m, []dialectCase{{"foo.com", "/%40v", "no route"}, {"foo.com", "/x%20y", "space"}})
	// Two paths of one Ingress with the same rule text are one router,
	// the later one (routers keyed by namespace, name, host and path, then
	// the rule's hash).
	m = compile(matcher.Traefik, ingress("ns", "a", 0, rule("foo.com", path(prefix, "/", "first"), path(specific, "/", "second"))))
	runDialect(t, m, []dialectCase{{"foo.com", "/x", "second"}})
	m = compile(matcher.TraefikStrict, ingress("ns", "a", 0, rule("foo.com", path(prefix, "/a", "first"), path(prefix, "/a/", "second"))))
	runDialect(t, m, []dialectCase{{"foo.com", "/a/b", "second"}, {"foo.com", "/a", "second"}})
	if !hasDiagnostic(m, matcher.PathShadowed, "spec.rules[0].http.paths[0]") {
		t.Errorf("the replaced router's path is not reported: %v", m.Diagnostics())
	}
	// A wildcard host is Host("*.foo.com") in v3.7 (loadRouter): any first
	// label, of any bytes, and the priority is that rule's length, so a
	// rule without host with a longer text wins over it.
	long := "/" + strings.Repeat("a", 26)
	m = compile(matcher.Traefik,
		ingress("ns", "w", 0, rule("*.foo.com", path(prefix, "/a", "wild"))),
		ingress("ns", "h", 1, rule("", path(prefix, long, "hostless"))))
	runDialect(t, m, []dialectCase{{"a_b.foo.com", "/a", "wild"}, {"x.foo.com", long, "hostless"}, {"x.y.foo.com", "/a", "no route"},
		// The request decorator's host (parseHost: net.SplitHostPort, else
		// the bytes without brackets, else the whole header); a byte Go's
		// server refuses leaves the request without host.
		{"a~b.foo.com:81", "/a", "wild"}, {".foo.com", "/a", "wild"}, {"A.FOO.COM.", "/a", "wild"},
	})
	// Hosts a URL cannot carry (Go 1.26's url.Parse refuses the colons).
	if r, ok := m.Match("x.foo.com:8080:1", "/a"); ok {
		t.Errorf("Host x.foo.com:8080:1, which net.SplitHostPort cannot split, matched %v", r.Backend)
	}
	for _, h := range []string{"a b.foo.com", "a\x80.foo.com"} {
		if r, ok := m.Match(h, "/a"); ok {
			t.Errorf("Host %q, a header Go's server refuses, matched %v", h, r.Backend)
		}
	}
	// A resource backend, or none, gets no router ("Resource backends are
	// not supported", "Missing service definition").
	res := ingress("ns", "r", 0, rule("foo.com", path(prefix, "/r", "r")))
	res.Spec.Rules[0].HTTP.Paths[0].Backend = networkingv1.IngressBackend{Resource: &corev1.TypedLocalObjectReference{Kind: "Bucket", Name: "b"}}
	runDialect(t, compile(matcher.Traefik, res), []dialectCase{{"foo.com", "/r", "no route"}})
	// A rule without host and a path without path is an empty rule, which
	// Traefik rejects; a missing pathType is ImplementationSpecific.
	empty := ingress("ns", "e", 0, rule("", path(prefix, "", "empty")), rule("foo.com", path(prefix, "/n", "no-type")))
	empty.Spec.Rules[1].HTTP.Paths[0].PathType = nil
	runDialect(t, compile(matcher.Traefik, empty), []dialectCase{{"other.com", "/", "no route"}, {"foo.com", "/nx", "no-type"}})
}

// hasDiagnostic reports whether m reports a diagnostic of kind on field.
func hasDiagnostic(m *matcher.Matcher, kind ingresslib.Kind, field string) bool {
	for _, d := range m.Diagnostics() {
		if d.Kind == kind && d.Field == field {
			return true
		}
	}
	return false
}

// TestContourV133: what Contour v1.33 builds, each rule with its source.
func TestContourV133(t *testing.T) {
	compile := func(ings ...*networkingv1.Ingress) *matcher.Matcher {
		return matcher.Compile(ings, matcher.WithDialect(matcher.Contour))
	}
	// A wildcard host's one-label check is a case-sensitive regex on
	// :authority as sent, port allowed (dag.go,
	// wildcardDomainHeaderMatch).
	m := compile(ingress("ns", "w", 0, rule("*.foo.com", path(prefix, "/", "wild"))))
	runDialect(t, m, []dialectCase{{"a.foo.com", "/", "wild"}, {"a.foo.com:8080", "/", "wild"}, {"X.foo.com", "/", "no route"}, {"a_b.foo.com", "/", "no route"}, {"a.b.foo.com", "/", "no route"}})
	// Routes with the same condition replace each other (dag.go,
	// VirtualHost.AddRoute): in one Ingress the later path; across
	// Ingresses in no defined order (reported).
	m = compile(ingress("ns", "a", 0, rule("foo.com", path(prefix, "/foo", "first"), path(prefix, "/foo/", "second"))))
	runDialect(t, m, []dialectCase{{"foo.com", "/foo/x", "second"}})
	if !hasDiagnostic(m, matcher.PathShadowed, "spec.rules[0].http.paths[0]") {
		t.Errorf("the replaced path is not reported: %v", m.Diagnostics())
	}
	m = compile(ingress("ns", "a", 0, rule("foo.com", path(prefix, "/foo", "a"))), ingress("ns", "b", 1, rule("foo.com", path(prefix, "/foo", "b"))))
	if !hasKind(m, matcher.DialectConflict) {
		t.Errorf("routes with the same condition from two Ingresses are not reported: %v", m.Diagnostics())
	}
	// spec.defaultBackend is the first rule of its Ingress, a hostless
	// string prefix "/" (rulesFromSpec): a later hostless Prefix "/" of
	// the same Ingress replaces it.
	db := withDefault(ingress("ns", "d", 0, rule("", path(prefix, "/", "root"))), "default")
	m = compile(db)
	runDialect(t, m, []dialectCase{{"any.com", "/x", "root"}})
	if !hasDiagnostic(m, matcher.PathShadowed, "spec.defaultBackend") {
		t.Errorf("the replaced default backend is not reported: %v", m.Diagnostics())
	}
	// Envoy's normalize_path decodes only unreserved characters:
	// "/x%20y" reaches ImplementationSpecific "/x%20y", "/x%41" reaches "/xA".
	m = compile(ingress("ns", "p", 0, rule("foo.com", path(exact, "/x%20y", "encoded"), path(exact, "/xA", "decoded"))))
	runDialect(t, m, []dialectCase{{"foo.com", "/x%20y", "encoded"}, {"foo.com", "/x%41", "decoded"}})
}

func hasKind(m *matcher.Matcher, k ingresslib.Kind) bool {
	for _, d := range m.Diagnostics() {
		if d.Kind == k {
			return true
		}
	}
	return false
}

// TestIngressNGINXUpperCaseHost: a rule host with capitals (API-invalid)
// makes a server of its own; nginx compares names without regard to case
// and keeps the first server in the configuration, which ingress-nginx
// writes in byte order: "Foo.com" before "foo.com".
func TestIngressNGINXUpperCaseHost(t *testing.T) {
	m := matcher.Compile([]*networkingv1.Ingress{
		ingress("ns", "lower", 0, rule("foo.com", path(prefix, "/", "lower"))),
		ingress("ns", "upper", 1, rule("Foo.com", path(prefix, "/u", "upper"))),
	}, matcher.WithDialect(matcher.IngressNGINX))
	runDialect(t, m, []dialectCase{{"foo.com", "/u", "upper"}, {"foo.com", "/x", "no route"}, {"FOO.COM", "/u", "upper"}})
	if !hasDiagnostic(m, matcher.DialectConflict, "spec.rules[0].http.paths[0]") {
		t.Errorf("the ignored server's path is not reported: %v", m.Diagnostics())
	}
}

// TestIngressNGINXUpperCaseWildcard: ingress-nginx writes a wildcard
// server as a regular expression (template.go, buildServerName) and nginx
// compiles one holding a capital letter caseless (ngx_http_core_server_name),
// so "*.Foo.com" serves lower-cased hosts, and of two names differing only
// in case the one written first (byte order) serves.
func TestIngressNGINXUpperCaseWildcard(t *testing.T) {
	m := matcher.Compile([]*networkingv1.Ingress{
		ingress("ns", "upper", 0, rule("*.Foo.com", path(prefix, "/u", "upper"))),
	}, matcher.WithDialect(matcher.IngressNGINX))
	runDialect(t, m, []dialectCase{{"a.foo.com", "/u", "upper"}, {"A.FOO.COM", "/u", "upper"}, {"a.b.foo.com", "/u", "no route"}})
	m = matcher.Compile([]*networkingv1.Ingress{
		ingress("ns", "lower", 0, rule("*.foo.com", path(prefix, "/", "lower"))),
		ingress("ns", "upper", 1, rule("*.Foo.com", path(prefix, "/u", "upper"))),
	}, matcher.WithDialect(matcher.IngressNGINX))
	runDialect(t, m, []dialectCase{{"a.foo.com", "/u", "upper"}, {"a.foo.com", "/x", "no route"}})
	if !hasDiagnostic(m, matcher.DialectConflict, "spec.rules[0].http.paths[0]") {
		t.Errorf("the shadowed server's path is not reported: %v", m.Diagnostics())
	}
}

// TestIngressNGINXFromToWWW: from-to-www-redirect makes ingress-nginx
// write a server for the www (or bare) name (pkg/util/ingress,
// BuildRedirects; nginx.tmpl, RedirectServers) that answers 308 to
// $scheme://host$request_uri without one trailing '/', unless a server of
// that name exists.
func TestIngressNGINXFromToWWW(t *testing.T) {
	const www = "nginx.ingress.kubernetes.io/from-to-www-redirect"
	m := matcher.Compile([]*networkingv1.Ingress{
		annotate(ingress("ns", "w", 0, rule("foo.com", path(prefix, "/a", "a")), rule("www.bar.com", path(prefix, "/", "bar")),
			rule("taken.com", path(prefix, "/", "t")), rule("*.w.com", path(prefix, "/", "wild"))), www, "true"),
		ingress("ns", "taken", 1, rule("www.taken.com", path(prefix, "/", "wt")), rule("nopath.com")),
		annotate(ingress("ns", "nopath", 2, rule("nopath.com")), www, "1"),
	}, matcher.WithDialect(matcher.IngressNGINX))
	runDialect(t, m, []dialectCase{
		{"www.foo.com", "/a/b/?q=/", "308 http://foo.com/a/b/?q="}, {"WWW.FOO.COM:8080", "/x/", "308 http://foo.com/x"},
		{"www.foo.com", "/", "308 http://foo.com"}, {"foo.com", "/a", "a"},
		{"bar.com", "/y", "308 http://www.bar.com/y"}, {"www.taken.com", "/", "wt"}, {"www.nopath.com", "/", "no route"},
	})
	if !hasDiagnostic(m, matcher.DialectConflict, "metadata.annotations["+www+"]") {
		t.Errorf("the wildcard host's redirect server, which nginx refuses, is not reported: %v", m.Diagnostics())
	}
	req := httptest.NewRequest("GET", "https://www.foo.com/z", nil)
	if r, err := m.RouteRequest(req); err != nil || r.Action == nil || r.Action.Redirect.Location != "https://foo.com/z" {
		t.Errorf("over TLS: %v %v, want 308 https://foo.com/z", r.Action, err)
	}
	if r, ok := m.Match("www.foo.com", "/z"); !ok || r.Action.Redirect.Location != "//foo.com" {
		t.Errorf("Match: %v %v, want the Location //foo.com", r.Action, ok)
	}
}

// TestIngressNGINXPermanentRedirect: permanent-redirect and
// temporal-redirect make every location of the Ingress "return code URL;"
// (nginx.tmpl), the host's location / included when the Ingress is the
// host's first; the redirect runs before lua_ingress's https redirect, a
// code outside 300-308 falls back (redirect.go), and a code that is no
// redirect answers the URL as its body.
func TestIngressNGINXPermanentRedirect(t *testing.T) {
	const p = "nginx.ingress.kubernetes.io/"
	tls := func(ing *networkingv1.Ingress) *networkingv1.Ingress {
		ing.Spec.TLS = []networkingv1.IngressTLS{{Hosts: []string{"p.com"}, SecretName: "s"}}
		return ing
	}
	m := matcher.Compile([]*networkingv1.Ingress{
		tls(annotate(ingress("ns", "p", 0, rule("p.com", path(prefix, "/a", "a"), path(prefix, "/d/", "d"))), p+"permanent-redirect", "https://example.org/new", p+"app-root", "/app")),
		annotate(ingress("ns", "c", 1, rule("c.com", path(prefix, "/", "c"))), p+"permanent-redirect", "https://example.org/c", p+"permanent-redirect-code", "999"),
		annotate(ingress("ns", "t", 2, rule("t.com", path(prefix, "/", "t"))), p+"temporal-redirect", "https://example.org/t", p+"temporal-redirect-code", "307",
			p+"permanent-redirect", "https://example.org/ignored"),
		annotate(ingress("ns", "b", 3, rule("b.com", path(prefix, "/", "b"))), p+"permanent-redirect", "https://example.org/b", p+"permanent-redirect-code", "300"),
	}, matcher.WithDialect(matcher.IngressNGINX))
	runDialect(t, m, []dialectCase{
		{"p.com", "/a/x?q=1", "301 https://example.org/new"}, // the query is not added
		{"p.com", "/unmatched", "301 https://example.org/new"},
		{"p.com", "/", "302 /app"}, // app-root, in the server block, first
		{"p.com", "/d", "301 /d/"}, // nginx's own slash redirect, before the location runs
		{"c.com", "/", "301 https://example.org/c"},
		{"t.com", "/x", "307 https://example.org/t"},
	})
	if r, err := m.RouteRequest(httptest.NewRequest("GET", "http://b.com/", nil)); err != nil || r.Action == nil || r.Action.Status != 300 {
		t.Errorf("permanent-redirect-code 300: %v %v, want the status 300 answered with the URL as body", r.Action, err)
	}
}

// TestIngressNGINXServerAlias: server-alias adds names to the host's
// server_name (createServers; nginx.tmpl): the first Ingress of the host
// with a list gives them, a name of another server is dropped; nginx
// matches exact names, then its own leading wildcards (any depth), then
// regular expressions.
func TestIngressNGINXServerAlias(t *testing.T) {
	const alias = "nginx.ingress.kubernetes.io/server-alias"
	m := matcher.Compile([]*networkingv1.Ingress{
		annotate(ingress("ns", "a", 0, rule("a.com", path(prefix, "/", "a"))), alias, "alias.com, b.com, *.star.com, *.deep.com, ~^re[0-9]+\\.com$"),
		annotate(ingress("ns", "a2", 1, rule("a.com", path(prefix, "/x", "a2"))), alias, "other.com"),
		ingress("ns", "b", 2, rule("b.com", path(prefix, "/", "b"))),
		ingress("ns", "w", 3, rule("*.star.com", path(prefix, "/", "w"))),
	}, matcher.WithDialect(matcher.IngressNGINX))
	runDialect(t, m, []dialectCase{
		{"alias.com", "/", "a"}, {"ALIAS.COM", "/x", "a2"}, {"b.com", "/", "b"}, {"other.com", "/", "no route"},
		{"x.y.deep.com", "/", "a"}, // nginx's *.deep.com: any depth
		{"x.star.com", "/", "w"},   // *.star.com is a server's name: dropped
		{"x.y.star.com", "/", "no route"},
		{"re42.com", "/", "a"}, {"rex.com", "/", "no route"},
	})
}

// TestIngressNGINXSnippets: an Ingress with a snippet annotation is
// refused whole at ingress-nginx's default annotations-risk-level (High:
// parser.CheckAnnotationRisk, annotations.go Extract), and routed with
// WithNGINXSnippets.
func TestIngressNGINXSnippets(t *testing.T) {
	snippet := annotate(ingress("ns", "s", 0, rule("foo.com", path(prefix, "/", "snippet"))), "nginx.ingress.kubernetes.io/configuration-snippet", "more_set_headers \"X: y\";")
	m := matcher.Compile([]*networkingv1.Ingress{snippet}, matcher.WithDialect(matcher.IngressNGINX))
	runDialect(t, m, []dialectCase{{"foo.com", "/", "no route"}})
	if !hasDiagnostic(m, matcher.PathSkipped, "metadata.annotations[nginx.ingress.kubernetes.io/configuration-snippet]") {
		t.Errorf("the refused Ingress is not reported: %v", m.Diagnostics())
	}
	m = matcher.Compile([]*networkingv1.Ingress{snippet}, matcher.WithDialect(matcher.IngressNGINX), matcher.WithNGINXSnippets())
	runDialect(t, m, []dialectCase{{"foo.com", "/", "snippet"}})
}

// TestIngressNGINXAnnotationValues: ingress-nginx validates annotation
// values (parser/validators.go); a parser that passes the error on makes
// the Extractor refuse the whole Ingress (annotations.go, Extract), while
// the rewrite parser reads an invalid rewrite-target or app-root as absent.
func TestIngressNGINXAnnotationValues(t *testing.T) {
	const p = "nginx.ingress.kubernetes.io/"
	for _, c := range []struct {
		key, value string
		refused    bool
		other      []string // more annotations
	}{
		{"permanent-redirect", "https://x/$1$2", true, nil},
		{"permanent-redirect", "https://example.org/new?a=b&c=d", false, nil},
		{"temporal-redirect", "https://x/<y>", true, nil},
		{"temporal-redirect", "ftp://x/y", true, nil},
		{"temporal-redirect", "/relative", true, nil},
		{"permanent-redirect-code", "308x", true, nil},
		// A valid temporal redirect ends the parser before the permanent
		// one is read.
		{"permanent-redirect", "https://x/$1", false, []string{p + "temporal-redirect", "https://example.org/t"}},
		{"from-to-www-redirect", "yes", true, nil},
		{"from-to-www-redirect", "1", false, nil},
		{"server-alias", "a.com, b.com", false, nil},
		{"server-alias", "a.com, b c.com", true, nil},
		{"server-alias", "*.a.com,~^w+\\.b\\.com$", false, nil},
		{"default-backend", "My_Service", true, nil},
		{"default-backend", "fallback", false, nil},
		{"auth-type", "form", true, nil},
		{"auth-type", " basic", false, nil},
		{"custom-http-errors", "404, 503", false, nil},
		{"custom-http-errors", "302", true, nil},
		{"global-rate-limit", "10r/s", false, nil}, // the parser turns the limit off
		{"ssl-passthrough", "yes", true, nil},
		{"ssl-passthrough", "true", false, nil},
		{"http2-push-preload", "on", true, nil},
		{"limit-rps", "10r", true, nil},
		{"limit-rps", "10", false, nil},
		{"limit-connections", "x", true, nil},
		{"upstream-hash-by", "$request_uri", false, nil},
		{"upstream-hash-by", "$request_uri;", true, nil},
		{"upstream-hash-by-subset-size", "3.5", true, nil},
		{"upstream-vhost", " in.example ", false, nil},
		{"upstream-vhost", "in example", true, nil},
		{"x-forwarded-prefix", "/$1", false, nil},
		{"x-forwarded-prefix", "/a?b", true, nil},
		{"client-body-buffer-size", "16k", false, nil},
		{"client-body-buffer-size", "16kb", true, nil},
		{"connection-proxy-header", "upgrade", true, nil},
		{"fastcgi-index", "index.php", false, nil},
		{"fastcgi-index", "index php;", true, nil},
		{"ssl-ciphers", "ECDHE-RSA-AES128-GCM-SHA256:@SECLEVEL=2", false, nil},
		{"ssl-ciphers", "ECDHE;", true, nil},
		{"load-balance", "ewma", false, nil},
		{"load-balance", "EWMA", true, nil},
		{"limit-allowlist", "10.0.0.0/8, 192.168.1.1", false, nil},
		{"limit-whitelist", "10.0.0.0/33", true, nil},
		{"auth-secret-type", "htpasswd", true, []string{p + "auth-type", "basic", p + "auth-secret", "users"}},
		{"auth-secret-type", "htpasswd", false, nil}, // read only after a valid auth-type
		{"opentelemetry-operation-name", "a b;", true, []string{p + "enable-opentelemetry", "true"}},
		{"opentelemetry-operation-name", "a b;", false, nil},
		{"auth-url", "http://auth.svc/verify?rd=$escaped_request_uri", false, nil},
		{"auth-url", "http://auth.svc/verify#x", true, nil},
		{"proxy-ssl-secret", "ns/secret", false, nil},
		{"proxy-ssl-secret", "ns/secret;", true, nil},
		{"ssl-redirect", "yes", false, nil}, // the rewrite parser logs it and keeps the default
	} {
		kv := append([]string{p + c.key, c.value}, c.other...)
		ing := annotate(ingress("ns", "a", 0, rule("foo.com", path(prefix, "/", "svc"))), kv...)
		m := matcher.Compile([]*networkingv1.Ingress{ing}, matcher.WithDialect(matcher.IngressNGINX))
		_, routed := m.Match("foo.com", "/x")
		reported := hasDiagnostic(m, matcher.PathSkipped, "metadata.annotations["+p+c.key+"]")
		if routed == c.refused || reported != c.refused {
			t.Errorf("%s: %q: routed %v, reported %v; want the Ingress refused: %v\n%v", c.key, c.value, routed, reported, c.refused, m.Diagnostics())
		}
	}
	// rewrite-target with a character outside RegexPathWithCapture is read
	// as absent: the host's paths stay prefixes.
	bad := annotate(ingress("ns", "r", 0, rule("foo.com", path(prefix, "/a.c", "svc"))), p+"rewrite-target", "/x?y=1")
	m := matcher.Compile([]*networkingv1.Ingress{bad}, matcher.WithDialect(matcher.IngressNGINX))
	runDialect(t, m, []dialectCase{{"foo.com", "/a.c", "svc"}, {"foo.com", "/abc", "no route"}})
	good := annotate(ingress("ns", "r", 0, rule("foo.com", path(prefix, "/a.c", "svc"))), p+"rewrite-target", "/$1")
	m = matcher.Compile([]*networkingv1.Ingress{good}, matcher.WithDialect(matcher.IngressNGINX))
	runDialect(t, m, []dialectCase{{"foo.com", "/abc", "svc"}})
}

// TestTraefikEntryPoints: router.tls makes an Ingress's routers serve only
// requests over TLS; router.entrypoints picks web (cleartext) or websecure
// (TLS).
func TestTraefikEntryPoints(t *testing.T) {
	tlsOnly := annotate(ingress("ns", "secure", 0, rule("foo.com", path(prefix, "/s", "secure"))), "traefik.ingress.kubernetes.io/router.tls", "true")
	webOnly := annotate(ingress("ns", "web", 1, rule("foo.com", path(prefix, "/w", "web"))), "traefik.ingress.kubernetes.io/router.entrypoints", "web")
	both := ingress("ns", "both", 2, rule("foo.com", path(prefix, "/b", "both")))
	m := matcher.Compile([]*networkingv1.Ingress{tlsOnly, webOnly, both}, matcher.WithDialect(matcher.Traefik))
	for _, c := range []struct {
		scheme, path, want string
	}{
		{"http", "/s", "no route"}, {"https", "/s", "secure"},
		{"http", "/w", "web"}, {"https", "/w", "no route"},
		{"http", "/b", "both"}, {"https", "/b", "both"},
	} {
		req := httptest.NewRequest("GET", c.scheme+"://foo.com"+c.path, nil)
		got := "no route"
		if r, err := m.RouteRequest(req); err == nil {
			got = service(r.Backend)
		}
		if got != c.want {
			t.Errorf("%s://foo.com%s = %q, want %q", c.scheme, c.path, got, c.want)
		}
	}
}

// TestTraefikRouterAnnotations: the router.* annotations decode as
// Traefik's label decoder reads them; one it cannot decode skips the
// Ingress with a diagnostic naming the annotation.
func TestTraefikRouterAnnotations(t *testing.T) {
	const p = "traefik.ingress.kubernetes.io/"
	for _, c := range []struct {
		kv         []string
		http, tls  bool   // served over cleartext, over TLS
		skippedKey string // the annotation a PathSkipped names
	}{
		{kv: nil, http: true, tls: true},
		{kv: []string{p + "router.tls", "true"}, tls: true},
		{kv: []string{p + "Router.TLS", "TRUE"}, tls: true},
		{kv: []string{p + "router.tls", ""}, tls: true},
		{kv: []string{p + "router.tls", "false"}, http: true, tls: true},
		{kv: []string{p + "router.tls", "yes"}, http: true, tls: true},
		{kv: []string{p + "router.tls", "false", p + "router.tls.certresolver", "le"}, http: true, tls: true},
		{kv: []string{p + "router.tls.certresolver", "le"}, tls: true},
		{kv: []string{p + "router.tls.domains.0.main", "foo.com"}, tls: true},
		{kv: []string{p + "router.entrypoints", " websecure "}, tls: true},
		{kv: []string{p + "router.entrypoints", "web,websecure"}, http: true, tls: true},
		{kv: []string{p + "router.entrypoints", ""}, http: true, tls: true},
		{kv: []string{p + "router.entrypoints", "traefik"}},
		{kv: []string{p + "router.entrypoints", "web", p + "router.tls", "true"}},
		{kv: []string{p + "router.middleware", "auth@kubernetescrd"}, skippedKey: p + "router.middleware"},
		{kv: []string{p + "router.priority", "high"}, skippedKey: p + "router.priority"},
		{kv: []string{p + "router.observability.metrics", "maybe"}, skippedKey: p + "router.observability.metrics"},
		{kv: []string{p + "router.tls.cert", "x"}, skippedKey: p + "router.tls.cert"},
		{kv: []string{p + "router..tls", "true"}, skippedKey: p + "router..tls"},
		{kv: []string{p + "router.observability.metrics", "false", p + "router.middlewares", "a,b"}, http: true, tls: true},
		// Not a router annotation: Traefik's router decoding ignores it.
		{kv: []string{p + "service.sticky.cookie", "true"}, http: true, tls: true},
	} {
		ing := annotate(ingress("ns", "web", 0, rule("foo.com", path(prefix, "/", "web"))), c.kv...)
		m := matcher.Compile([]*networkingv1.Ingress{ing}, matcher.WithDialect(matcher.Traefik))
		for _, side := range []struct {
			scheme string
			want   bool
		}{{"http", c.http}, {"https", c.tls}} {
			_, err := m.RouteRequest(httptest.NewRequest("GET", side.scheme+"://foo.com/", nil))
			if got := err == nil; got != side.want {
				t.Errorf("%v: %s request routed %v, want %v", c.kv, side.scheme, got, side.want)
			}
		}
		if c.skippedKey != "" && !hasDiagnostic(m, matcher.PathSkipped, "metadata.annotations["+c.skippedKey+"]") {
			t.Errorf("%v: no PathSkipped naming %s: %v", c.kv, c.skippedKey, m.Diagnostics())
		}
	}
}
