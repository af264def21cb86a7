package matcher_test

import (
	"errors"
	"fmt"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	ingresslib "github.com/ingresslib/ingress"
	"github.com/ingresslib/ingress/matcher"
	"github.com/ingresslib/ingress/pathmatch"
	corev1 "k8s.io/api/core/v1"
	networkingv1 "k8s.io/api/networking/v1"
)

type request struct {
	host, path string
	want       string // service name; "" for no route
}

func check(t *testing.T, source string, m *matcher.Matcher, reqs []request) {
	t.Helper()
	for _, r := range reqs {
		got, ok := m.Match(r.host, r.path)
		if svc := service(got.Backend); svc != r.want || ok != (r.want != "") {
			t.Errorf("%s: Match(%q, %q) = %q, %v; want %q", source, r.host, r.path, svc, ok, r.want)
		}
	}
}

// TestDocsPathTable routes every row of the documentation's path table
// (https://kubernetes.io/docs/concepts/services-networking/ingress/, "Examples") through a Matcher: one Ingress per row, a
// catch-all rule, and the docs' default backend for row 17.
func TestDocsPathTable(t *testing.T) {
	rows := []struct {
		row   string
		paths []networkingv1.HTTPIngressPath
		reqs  []request
	}{
		{"row 1", []networkingv1.HTTPIngressPath{path(prefix, "/", "root")}, []request{{"", "/", "root"}, {"", "/anything/at/all", "root"}}},
		{"row 2", []networkingv1.HTTPIngressPath{path(exact, "/foo", "foo")}, []request{{"", "/foo", "foo"}}},
		{"row 3", []networkingv1.HTTPIngressPath{path(exact, "/foo", "foo")}, []request{{"", "/bar", "default"}}},
		{"row 4", []networkingv1.HTTPIngressPath{path(exact, "/foo", "foo")}, []request{{"", "/foo/", "default"}}},
		{"row 5", []networkingv1.HTTPIngressPath{path(exact, "/foo/", "foo")}, []request{{"", "/foo", "default"}}},
		{"row 6", []networkingv1.HTTPIngressPath{path(prefix, "/foo", "foo")}, []request{{"", "/foo", "foo"}, {"", "/foo/", "foo"}}},
		{"row 7", []networkingv1.HTTPIngressPath{path(prefix, "/foo/", "foo")}, []request{{"", "/foo", "foo"}, {"", "/foo/", "foo"}}},
		{"row 8", []networkingv1.HTTPIngressPath{path(prefix, "/aaa/bb", "bb")}, []request{{"", "/aaa/bbb", "default"}}},
		{"row 9", []networkingv1.HTTPIngressPath{path(prefix, "/aaa/bbb", "bbb")}, []request{{"", "/aaa/bbb", "bbb"}}},
		{"row 10", []networkingv1.HTTPIngressPath{path(prefix, "/aaa/bbb/", "bbb")}, []request{{"", "/aaa/bbb", "bbb"}}},
		{"row 11", []networkingv1.HTTPIngressPath{path(prefix, "/aaa/bbb", "bbb")}, []request{{"", "/aaa/bbb/", "bbb"}}},
		{"row 12", []networkingv1.HTTPIngressPath{path(prefix, "/aaa/bbb", "bbb")}, []request{{"", "/aaa/bbb/ccc", "bbb"}}},
		{"row 13", []networkingv1.HTTPIngressPath{path(prefix, "/aaa/bbb", "bbb")}, []request{{"", "/aaa/bbbxyz", "default"}}},
		{"row 14", []networkingv1.HTTPIngressPath{path(prefix, "/", "root"), path(prefix, "/aaa", "aaa")}, []request{{"", "/aaa/ccc", "aaa"}}},
		{"row 15", []networkingv1.HTTPIngressPath{path(prefix, "/", "root"), path(prefix, "/aaa", "aaa"), path(prefix, "/aaa/bbb", "bbb")}, []request{{"", "/aaa/bbb", "bbb"}}},
		{"row 16", []networkingv1.HTTPIngressPath{path(prefix, "/", "root"), path(prefix, "/aaa", "aaa"), path(prefix, "/aaa/bbb", "bbb")}, []request{{"", "/ccc", "root"}}},
		{"row 17", []networkingv1.HTTPIngressPath{path(prefix, "/aaa", "aaa")}, []request{{"", "/ccc", "default"}}},
		{"row 18", []networkingv1.HTTPIngressPath{path(prefix, "/foo", "prefix"), path(exact, "/foo", "exact")}, []request{{"", "/foo", "exact"}, {"", "/foo/x", "prefix"}}},
		{"row 18, reversed", []networkingv1.HTTPIngressPath{path(exact, "/foo", "exact"), path(prefix, "/foo", "prefix")}, []request{{"", "/foo", "exact"}}},
		{"multiple matches: longer Prefix over shorter Exact", []networkingv1.HTTPIngressPath{path(exact, "/foo", "exact"), path(prefix, "/foo/bar", "prefix")}, []request{{"", "/foo/bar", "prefix"}, {"", "/foo", "exact"}}},
	}
	for _, r := range rows {
		ing := withDefault(ingress("default", "table", 0, rule("", r.paths...)), "default")
		check(t, "docs path table "+r.row, matcher.Compile([]*networkingv1.Ingress{ing}), r.reqs)
	}
}

// TestDocsHostTable routes the documentation's hostname wildcard table
// (https://kubernetes.io/docs/concepts/services-networking/ingress/, "Hostname wildcards") and its ingress-wildcard-host example.
func TestDocsHostTable(t *testing.T) {
	ing := ingress("default", "ingress-wildcard-host", 0,
		rule("foo.bar.com", path(prefix, "/bar", "service1")),
		rule("*.foo.com", path(prefix, "/foo", "service2")),
	)
	check(t, "docs hostname table", matcher.Compile([]*networkingv1.Ingress{ing}), []request{
		{"bar.foo.com", "/foo", "service2"},       // row 1: shared suffix
		{"baz.bar.foo.com", "/foo", ""},           // row 2: single label only
		{"foo.com", "/foo", ""},                   // row 3: single label only
		{"foo.bar.com", "/bar", "service1"},       // exact host
		{"FOO.bar.com.:8080", "/bar", "service1"}, // semantics: case, port, trailing dot
		{"foo.bar.com", "/foo", ""},               // host claims the request
		{"10.0.0.1", "/foo", ""},                  // IP literal: catch-all only
		{"::.foo.com", "/foo", ""},                // malformed: "::" is no label (the host fast path once took it for one)
	})
}

// TestDocsExamples covers the examples of the concept page (https://kubernetes.io/docs/concepts/services-networking/ingress/):
// single service, simple fanout, name-based virtual hosting with a catch-all.
func TestDocsExamples(t *testing.T) {
	single := withDefault(ingress("default", "test-ingress", 0), "test")
	check(t, "docs single-service Ingress", matcher.Compile([]*networkingv1.Ingress{single}), []request{
		{"", "/", "test"}, {"any.host", "/x/y", "test"},
	})
	fanout := ingress("default", "simple-fanout-example", 0,
		rule("foo.bar.com", path(prefix, "/foo", "service1"), path(prefix, "/bar", "service2")))
	check(t, "docs simple fanout", matcher.Compile([]*networkingv1.Ingress{fanout}), []request{
		{"foo.bar.com", "/foo", "service1"}, {"foo.bar.com", "/bar/baz", "service2"}, {"foo.bar.com", "/baz", ""}, {"other.com", "/foo", ""},
	})
	vhosts := ingress("default", "name-virtual-host-ingress-no-third-host", 0,
		rule("first.bar.com", path(prefix, "/", "service1")),
		rule("second.bar.com", path(prefix, "/", "service2")),
		rule("", path(prefix, "/", "service3")))
	check(t, "docs name-based virtual hosting", matcher.Compile([]*networkingv1.Ingress{vhosts}), []request{
		{"first.bar.com", "/", "service1"}, {"second.bar.com", "/x", "service2"}, {"third.bar.com", "/", "service3"}, {"", "/", "service3"}, {"127.0.0.1:80", "/", "service3"},
	})
	// The docs' ingress-resource-backend example: a default backend and a
	// path, both resource backends (StorageBucket objects).
	group := "k8s.example.com"
	bucket := func(name string) networkingv1.IngressBackend {
		return networkingv1.IngressBackend{Resource: &corev1.TypedLocalObjectReference{APIGroup: &group, Kind: "StorageBucket", Name: name}}
	}
	resource := ingress("default", "ingress-resource-backend", 0, rule("", path(prefix, "/icons", "")))
	resource.Spec.Rules[0].HTTP.Paths[0].Backend = bucket("icon-assets")
	def := bucket("static-assets")
	resource.Spec.DefaultBackend = &def
	m := matcher.Compile([]*networkingv1.Ingress{resource})
	for _, tt := range []struct{ path, want string }{{"/icons", "icon-assets"}, {"/icons/a.png", "icon-assets"}, {"/other", "static-assets"}} {
		got, ok := m.Match("", tt.path)
		if !ok || got.Backend.Service != nil || got.Backend.Resource == nil || got.Backend.Resource.Name != tt.want || got.Backend.Resource.Kind != "StorageBucket" {
			t.Errorf("docs resource backend: Match(%q, %q) = %s, %v; want StorageBucket %s", "", tt.path, got, ok, tt.want)
		}
	}
	if d := m.Diagnostics(); len(d) != 0 {
		t.Errorf("docs resource backend: Diagnostics() = %v, want none", d)
	}
}

// TestHostClaimsRequest is docs/semantics.md "Host claims the request" and its option.
func TestHostClaimsRequest(t *testing.T) {
	ings := []*networkingv1.Ingress{
		withDefault(ingress("ns", "exact", 0, rule("foo.bar.com", path(prefix, "/foo", "exact-foo"))), "default"),
		ingress("ns", "wild", 1, rule("*.bar.com", path(prefix, "/wild", "wild"))),
		ingress("ns", "all", 2, rule("", path(prefix, "/", "catch-all"))),
	}
	check(t, "semantics: host claims the request", matcher.Compile(ings), []request{
		{"foo.bar.com", "/foo", "exact-foo"},
		{"foo.bar.com", "/wild", "default"}, // no fall-through to *.bar.com
		{"foo.bar.com", "/other", "default"},
		{"x.bar.com", "/wild", "wild"},
		{"x.bar.com", "/other", "default"}, // no fall-through to catch-all
		{"other.com", "/other", "catch-all"},
	})
	check(t, "WithHostFallThrough", matcher.Compile(ings, matcher.WithHostFallThrough()), []request{
		{"foo.bar.com", "/foo", "exact-foo"},
		{"foo.bar.com", "/wild", "wild"},
		{"foo.bar.com", "/other", "catch-all"},
		{"x.bar.com", "/other", "catch-all"},
	})
	// A host group whose only paths are skipped does not claim the request.
	broken := ingress("ns", "broken", 3, rule("foo.bar.com", networkingv1.HTTPIngressPath{Path: "/x"}))
	check(t, "semantics: usable path", matcher.Compile([]*networkingv1.Ingress{broken, ings[2]}), []request{{"foo.bar.com", "/x", "catch-all"}})
}

// TestSeveralIngresses is docs/semantics.md "Precedence", steps 3-4.
func TestSeveralIngresses(t *testing.T) {
	older := ingress("b", "one", 0, rule("foo.com", path(prefix, "/api", "older")))
	newer := ingress("a", "two", 10, rule("foo.com", path(prefix, "/api/", "newer"), path(exact, "/api", "newer-exact"), path(prefix, "/web", "web")))
	sameAgeA := ingress("a", "z", 0, rule("foo.com", path(prefix, "/same", "ns-a")))
	sameAgeB := ingress("b", "a", 0, rule("foo.com", path(prefix, "/same", "ns-b")))
	sameNS1 := ingress("c", "x1", 5, rule("foo.com", path(prefix, "/name", "x1")))
	sameNS2 := ingress("c", "x2", 5, rule("foo.com", path(prefix, "/name", "x2")))
	ings := []*networkingv1.Ingress{newer, sameNS2, older, sameAgeB, sameNS1, sameAgeA}
	m := matcher.Compile(ings)
	check(t, "semantics: precedence steps 3-4", m, []request{
		{"foo.com", "/api/x", "older"},     // step 3: older, /api and /api/ are equivalent
		{"foo.com", "/api", "newer-exact"}, // step 2 beats step 3
		{"foo.com", "/web", "web"},         // merged
		{"foo.com", "/same", "ns-a"},       // same age: namespace
		{"foo.com", "/name", "x1"},         // same age and namespace: name
	})
	newestFirst := func(a, b *networkingv1.Ingress) int { return b.CreationTimestamp.Compare(a.CreationTimestamp.Time) }
	check(t, "WithTieBreak", matcher.Compile(ings, matcher.WithTieBreak(newestFirst)), []request{
		{"foo.com", "/api/x", "newer"}, {"foo.com", "/same", "ns-a"},
	})
	// Step 4: rule order, then path order, within one Ingress.
	dup := ingress("ns", "dup", 0,
		rule("foo.com", path(prefix, "/x", "rule0-path0"), path(prefix, "/x/", "rule0-path1")),
		rule("foo.com", path(prefix, "/x", "rule1")))
	check(t, "semantics: Precedence, step 4", matcher.Compile([]*networkingv1.Ingress{dup}), []request{{"foo.com", "/x/y", "rule0-path0"}})
}

func TestDefaultBackend(t *testing.T) {
	a := withDefault(ingress("ns", "a", 5, rule("a.com", path(prefix, "/a", "a"))), "default-a")
	b := withDefault(ingress("ns", "b", 1, rule("b.com", path(prefix, "/b", "b"))), "default-b")
	c := ingress("ns", "c", 0, rule("c.com", path(prefix, "/c", "c")))
	ings := []*networkingv1.Ingress{a, b, c}
	check(t, "semantics: default backend: oldest", matcher.Compile(ings), []request{
		{"a.com", "/x", "default-b"}, {"c.com", "/x", "default-b"}, {"z.com", "/", "default-b"},
	})
	check(t, "WithPerHostDefaultBackend", matcher.Compile(ings, matcher.WithPerHostDefaultBackend()), []request{
		{"a.com", "/x", "default-a"}, {"b.com", "/x", "default-b"}, {"c.com", "/x", "default-b"}, {"z.com", "/", "default-b"},
	})
	check(t, "no default backend", matcher.Compile([]*networkingv1.Ingress{c}), []request{{"c.com", "/x", ""}})
	r, ok := matcher.Compile(ings).Match("z.com", "/")
	if !ok || r.Path != nil || r.Host != "" || r.RuleIndex != -1 || r.Ingress != b || r.Field() != "spec.defaultBackend" {
		t.Errorf("default route = %+v, %v; want Ingress b, no path, field spec.defaultBackend", r, ok)
	}
}

func TestImplementationSpecific(t *testing.T) {
	ing := ingress("ns", "is", 0, rule("",
		path(specific, "/api", "is"),
		path(prefix, "/api/v1", "prefix-v1"),
		path(specific, "/Img/.*\\.png", "png"),
	))
	ings := []*networkingv1.Ingress{ing}
	check(t, "semantics: ImplementationSpecific as Prefix", matcher.Compile(ings), []request{
		{"", "/api/x", "is"}, {"", "/apix", ""}, {"", "/api/v1/x", "prefix-v1"},
	})
	check(t, "AsExact", matcher.Compile(ings, matcher.WithImplementationSpecific(pathmatch.AsExact())), []request{
		{"", "/api", "is"}, {"", "/api/x", ""},
	})
	check(t, "AsStringPrefix", matcher.Compile(ings, matcher.WithImplementationSpecific(pathmatch.AsStringPrefix())), []request{
		{"", "/apix", "is"}, {"", "/api/v1/x", "prefix-v1"}, {"", "/api/v1x", "is"},
	})
	check(t, "AsRegex", matcher.Compile(ings, matcher.WithImplementationSpecific(pathmatch.AsRegex())), []request{
		{"", "/Img/a.png", "png"}, {"", "/img/a.png", ""}, {"", "/api/v1/x", "prefix-v1"},
	})
	check(t, "AsRegexFold", matcher.Compile(ings, matcher.WithImplementationSpecific(pathmatch.AsRegexFold())), []request{
		{"", "/img/a.PNG", "png"},
	})
	long := func(pattern, path string) bool { return strings.HasSuffix(path, pattern) }
	check(t, "AsFunc", matcher.Compile(ings, matcher.WithImplementationSpecific(pathmatch.AsFunc(long))), []request{
		{"", "/x/api", "is"},
	})
}

func TestMatchRequest(t *testing.T) {
	ing := ingress("ns", "r", 0, rule("foo.com",
		path(prefix, "/public", "public"), path(prefix, "/admin", "admin"), path(exact, "/a%2Fb", "encoded")))
	m := matcher.Compile([]*networkingv1.Ingress{ing})
	raw := matcher.Compile([]*networkingv1.Ingress{ing}, matcher.WithoutPathNormalization())
	decode := matcher.Compile([]*networkingv1.Ingress{ing}, matcher.WithPathPolicy(pathmatch.Policy{EncodedSlash: pathmatch.DecodeEncodedSlash}))
	tests := []struct {
		m      *matcher.Matcher
		target string
		want   string
	}{
		{m, "/public/../admin", "admin"},
		{m, "/public/%2e%2e/admin", "admin"},
		{m, "//admin//x", "admin"},
		{m, "/public/./x?q=/admin", "public"},
		{m, "/a%2Fb", "encoded"},
		{m, "/public/%00", ""},
		{raw, "/public/%2e%2e/admin", "public"},
		{decode, "/a%2Fb", ""},
		{decode, "/public%2F..%2Fadmin", "admin"},
	}
	for _, tt := range tests {
		req := httptest.NewRequest(http.MethodGet, "http://foo.com"+tt.target, nil)
		got, ok := tt.m.MatchRequest(req)
		if svc := service(got.Backend); svc != tt.want || ok != (tt.want != "") {
			t.Errorf("MatchRequest(GET %s) = %q, %v; want %q", tt.target, svc, ok, tt.want)
		}
	}
	if _, ok := m.MatchRequest(nil); ok {
		t.Errorf("MatchRequest(nil) found a route")
	}
}

func TestDiagnostics(t *testing.T) {
	bad := networkingv1.PathType("Regex")
	older := ingress("ns", "older", 0, rule("foo.com", path(prefix, "/foo", "a")))
	ing := ingress("ns", "newer", 10,
		rule("foo.com", path(prefix, "/foo/", "b"), networkingv1.HTTPIngressPath{Path: "/nopt"},
			networkingv1.HTTPIngressPath{Path: "/bad", PathType: &bad}, path(specific, "/foo", "is")),
		networkingv1.IngressRule{Host: "nohttp.com"},
		rule("10.0.0.1", path(prefix, "/", "ip")),
	)
	ing.Spec.DefaultBackend = &networkingv1.IngressBackend{}
	withDefault(older, "default")
	m := matcher.Compile([]*networkingv1.Ingress{ing, nil, older}, matcher.WithImplementationSpecific(pathmatch.AsRegex()))
	regexBad := matcher.Compile([]*networkingv1.Ingress{ingress("ns", "re", 0, rule("", path(specific, "/a(", "x")))}, matcher.WithImplementationSpecific(pathmatch.AsRegex()))
	type diag struct{ Kind, Ingress, Field, Message, By, ByField string }
	flat := func(ds []ingresslib.Diagnostic) []diag {
		var out []diag
		for _, d := range ds {
			x := diag{Kind: string(d.Kind), Field: d.Field, Message: d.Message, ByField: d.RelatedField}
			if d.Object != nil {
				x.Ingress = d.Object.GetName()
			}
			if d.Related != nil {
				x.By = d.Related.GetName()
			}
			if want := ingresslib.Warning; d.Kind == matcher.HostShared && d.Severity != ingresslib.Info || d.Kind != matcher.HostShared && d.Severity != want {
				t.Errorf("%s diagnostic %v has severity %v", d.Kind, d, d.Severity)
			}
			out = append(out, x)
		}
		return out
	}
	want := []diag{
		{"PathSkipped", "", "ingresses[1]", "nil Ingress", "", ""},
		{"PathSkipped", "newer", "spec.rules[0].http.paths[1].pathType", `path "/nopt" has no pathType; it is skipped`, "", ""},
		{"PathSkipped", "newer", "spec.rules[0].http.paths[2].pathType", `path "/bad" has pathType "Regex"; want Exact, Prefix or ImplementationSpecific; it is skipped`, "", ""},
		{"PathSkipped", "newer", "spec.rules[1].http", "rule has no http paths; it routes nothing (the default backend serves its host)", "", ""},
		{"PathSkipped", "newer", "spec.rules[2].host", `host "10.0.0.1" can never match a request host (not a DNS name or wildcard); its paths are skipped`, "", ""},
		{"PathShadowed", "newer", "spec.rules[0].http.paths[0]", `Prefix path "/foo/" never serves a request: an equivalent path of an Ingress that comes first in the tie-break order wins, spec.rules[0].http.paths[0] (Prefix "/foo") of ns/older`, "older", "spec.rules[0].http.paths[0]"},
		{"HostShared", "newer", "spec.rules", `host "foo.com" is also served by ns/older (older in the tie-break order); the paths of 2 Ingresses are merged for it`, "older", ""},
		{"InvalidField", "newer", "spec.defaultBackend", "backend names neither a service nor a resource; the API server rejects it, and the default backend is this empty backend", "", ""},
		{"PathShadowed", "newer", "spec.defaultBackend", "defaultBackend never serves a request: the defaultBackend of ns/older comes first in the tie-break order", "older", "spec.defaultBackend"},
	}
	if diff := cmp.Diff(want, flat(m.Diagnostics())); diff != "" {
		t.Errorf("Diagnostics() (-want +got):\n%s", diff)
	}
	wantRe := []diag{{"PathSkipped", "re", "spec.rules[0].http.paths[0].path", "ImplementationSpecific path \"/a(\" is not a valid RE2 regular expression: error parsing regexp: missing closing ): `^(?:/a()`; it is skipped", "", ""}}
	if diff := cmp.Diff(wantRe, flat(regexBad.Diagnostics())); diff != "" {
		t.Errorf("Diagnostics() of a bad regex (-want +got):\n%s", diff)
	}
	// ImplementationSpecific read as Prefix beside the same Prefix path.
	isPrefix := matcher.Compile([]*networkingv1.Ingress{ingress("ns", "x", 0, rule("", path(specific, "/a/", "is"), path(prefix, "/a", "p")))})
	wantIS := []diag{{"PathShadowed", "x", "spec.rules[0].http.paths[0]", `ImplementationSpecific path "/a/" never serves a request: a Prefix path of the same length wins over ImplementationSpecific read as Prefix, spec.rules[0].http.paths[1] (Prefix "/a") of ns/x`, "x", "spec.rules[0].http.paths[1]"}}
	if diff := cmp.Diff(wantIS, flat(isPrefix.Diagnostics())); diff != "" {
		t.Errorf("Diagnostics() of ImplementationSpecific beside Prefix (-want +got):\n%s", diff)
	}
	// Skipped paths are skipped; the rest keeps working.
	check(t, "invalid input", m, []request{{"foo.com", "/foo/x", "a"}, {"foo.com", "/nopt", "default"}})
	if got := m.Diagnostics()[0].String(); got != "ingresses[1]: nil Ingress" {
		t.Errorf("Diagnostic.String() = %q", got)
	}
	if got := m.Diagnostics()[1].String(); !strings.HasPrefix(got, "ns/newer: spec.rules[0].http.paths[1].pathType: path") {
		t.Errorf("Diagnostic.String() = %q", got)
	}
}

func TestRouteFields(t *testing.T) {
	ing := ingress("ns", "r", 0, rule("Foo.com", path(prefix, "/a", "svc"), path(exact, "/b", "svc2")))
	m := matcher.Compile([]*networkingv1.Ingress{ing})
	got, ok := m.Match("foo.com", "/b")
	want := matcher.Route{Ingress: ing, Host: "Foo.com", Path: &ing.Spec.Rules[0].HTTP.Paths[1], Backend: ing.Spec.Rules[0].HTTP.Paths[1].Backend, RuleIndex: 0, PathIndex: 1}
	if !ok || got != want {
		t.Errorf("Match(%q, %q) = %+v, %v; want %+v", "foo.com", "/b", got, ok, want)
	}
	if got.Field() != "spec.rules[0].http.paths[1]" {
		t.Errorf("Route.Field() = %q", got.Field())
	}
	if (matcher.Route{}).Field() != "" {
		t.Errorf("Route{}.Field() = %q, want \"\"", (matcher.Route{}).Field())
	}
	if m.Len() != 2 || len(m.Ingresses()) != 1 {
		t.Errorf("Len() = %d, Ingresses() = %d; want 2, 1", m.Len(), len(m.Ingresses()))
	}
}

// TestLongInputs: a huge path or host is answered like a short one
// (docs/semantics.md, "Reliability": bounded work).
func TestLongInputs(t *testing.T) {
	ing := ingress("ns", "long", 0, rule("foo.com", path(prefix, "/a", "a")), rule("", path(prefix, "/", "catch-all")))
	m := matcher.Compile([]*networkingv1.Ingress{ing})
	long := "/a/" + strings.Repeat("x/", 1<<19)
	check(t, "long inputs", m, []request{
		{"foo.com", long, "a"},
		{strings.Repeat("a", 1<<20) + ".foo.com", "/a", "catch-all"},
		{"foo.com", "/" + strings.Repeat("//", 1<<18), ""},
	})
}

// TestInvalidFieldDiagnostics: what the API server rejects but Compile can
// read is routed as documented and reported with the Ingress and field.
func TestInvalidFieldDiagnostics(t *testing.T) {
	ing := ingress("ns", "sloppy", 0,
		rule("__INGRESS_HOST__", path(prefix, "/app", "templated")),
		rule("Foo.COM", path(prefix, "", "empty"), path(exact, "relative", "relative")),
		rule("", path(exact, "/icons", "")),
	)
	ing.Spec.Rules[2].HTTP.Paths[0].Backend = networkingv1.IngressBackend{}
	ing.Spec.DefaultBackend = &networkingv1.IngressBackend{}
	m := matcher.Compile([]*networkingv1.Ingress{ing})
	type diag struct{ Kind, Field, Message string }
	var got []diag
	for _, d := range m.Diagnostics() {
		if d.Object != ing || d.Severity != ingresslib.Warning {
			t.Errorf("diagnostic %q names Ingress %v with severity %v, want a warning about ns/sloppy", d, d.Object, d.Severity)
		}
		got = append(got, diag{string(d.Kind), d.Field, d.Message})
	}
	want := []diag{
		{"InvalidField", "spec.rules[0].host", `host "__INGRESS_HOST__": a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character (e.g. 'example.com', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*'); the API server rejects it, and it is routed as "__ingress_host__"`},
		{"InvalidField", "spec.rules[1].host", `host "Foo.COM": a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character (e.g. 'example.com', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*'); the API server rejects it, and it is routed as "foo.com"`},
		{"InvalidField", "spec.rules[1].http.paths[0].path", `Prefix path "" must be an absolute path; the API server rejects it, and it is matched like "/"`},
		{"InvalidField", "spec.rules[1].http.paths[1].path", `Exact path "relative" must be an absolute path; the API server rejects it, and it is matched as written`},
		{"InvalidField", "spec.rules[2].http.paths[0].backend", "backend names neither a service nor a resource; the API server rejects it, and the path routes to this empty backend"},
		{"InvalidField", "spec.defaultBackend", "backend names neither a service nor a resource; the API server rejects it, and the default backend is this empty backend"},
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("Diagnostics() (-want +got):\n%s", diff)
	}
	// The behaviour stays as documented: lower-cased hosts, "" read as "/",
	// the relative Exact path never matching a request path (which starts
	// with '/'), the empty backends served as they are.
	check(t, "invalid fields", m, []request{
		{"__INGRESS_HOST__", "/app/x", "templated"},
		{"foo.com", "/anything", "empty"},
		{"FOO.COM", "/", "empty"},
	})
	if r, ok := m.Match("other", "/elsewhere"); !ok || r.Path != nil || r.Backend != (networkingv1.IngressBackend{}) {
		t.Errorf("Match(other, /elsewhere) = %v, %v; want the empty default backend", r, ok)
	}
	if r, ok := m.Match("other", "/icons"); !ok || r.Path == nil || r.Path.Path != "/icons" {
		t.Errorf("Match(other, /icons) = %v, %v; want the path with the empty backend", r, ok)
	}
}

// TestLongKeyShortRequest is the regression test of a crash: a host group
// with a key of 63 bytes or more made Match read past the end of every
// shorter request path. Each group kind is tried, with keys at and around
// the 63-byte mark and requests of every length up to the key's.
func TestLongKeyShortRequest(t *testing.T) {
	for _, host := range []struct{ rule, req string }{{"foo.com", "foo.com"}, {"*.foo.com", "a.foo.com"}, {"", "other.org"}} {
		for _, n := range []int{62, 63, 64, 65, 127, 128} {
			long := "/" + strings.Repeat("a", n-1) // n bytes
			m := matcher.Compile([]*networkingv1.Ingress{ingress("ns", "long", 0,
				rule(host.rule, path(prefix, long, "long"), path(prefix, "/", "root")))})
			for k := 0; k <= n+1; k++ {
				req := (long + "/")[:k]
				want := "root"
				if k >= n {
					want = "long"
				}
				got, ok := m.Match(host.req, req)
				if !ok || service(got.Backend) != want {
					t.Errorf("host %q key of %d bytes: Match(%q, %q) = %q, %v; want %q", host.rule, n, host.req, req, service(got.Backend), ok, want)
				}
			}
			if got, _ := m.Match(host.req, "/x"); service(got.Backend) != "root" {
				t.Errorf("host %q key of %d bytes: Match(%q, \"/x\") = %q, want root", host.rule, n, host.req, service(got.Backend))
			}
		}
	}
}

// TestZeroMatcher: the zero Matcher routes nothing and never panics, like a
// zero http.ServeMux.
func TestZeroMatcher(t *testing.T) {
	var m matcher.Matcher
	if r, ok := m.Match("foo.com", "/x"); ok || r.Ingress != nil {
		t.Errorf("zero Matcher: Match = %v, %v; want no route", r, ok)
	}
	if _, err := m.RouteRequest(httptest.NewRequest(http.MethodGet, "http://foo.com/x", nil)); !errors.Is(err, matcher.ErrNoRoute) {
		t.Errorf("zero Matcher: RouteRequest error = %v, want ErrNoRoute", err)
	}
	if ex := m.Explain("foo.com", "/x"); ex.Found || !ex.NoGroup || len(ex.Candidates) != 0 || ex.String() == "" {
		t.Errorf("zero Matcher: Explain = %+v; want no route and no candidates", ex)
	}
	if m.Len() != 0 || len(m.Diagnostics()) != 0 || len(m.Ingresses()) != 0 {
		t.Errorf("zero Matcher: Len %d, %d diagnostics, %d Ingresses; want none", m.Len(), len(m.Diagnostics()), len(m.Ingresses()))
	}
}

// TestZeroStrings: every String method of the package is safe on a zero
// value and says something.
func TestZeroStrings(t *testing.T) {
	for name, s := range map[string]fmt.Stringer{
		"Route": matcher.Route{}, "Explanation": matcher.Explanation{}, "Severity": ingresslib.Severity(0),
	} {
		if got := s.String(); got == "" {
			t.Errorf("zero %s: String() = %q, want some text", name, got)
		}
	}
}

// TestRouteRequest tells a malformed request (400) from no route (404).
func TestRouteRequest(t *testing.T) {
	m := matcher.Compile([]*networkingv1.Ingress{ingress("ns", "a", 0, rule("foo.com", path(prefix, "/app", "app")))})
	for _, tt := range []struct {
		target  string
		want    string
		wantErr error
	}{
		{"/app/x", "app", nil},
		{"/other", "", matcher.ErrNoRoute},
		{"/app/%00", "", matcher.ErrBadRequest},
		{"/app/a%00b", "", matcher.ErrBadRequest},
	} {
		req := httptest.NewRequest(http.MethodGet, "http://foo.com"+tt.target, nil)
		got, err := m.RouteRequest(req)
		if service(got.Backend) != tt.want || !errors.Is(err, tt.wantErr) || (tt.wantErr == nil) != (err == nil) {
			t.Errorf("RouteRequest(GET %s) = %q, %v; want %q, %v", tt.target, service(got.Backend), err, tt.want, tt.wantErr)
		}
		if _, ok := m.MatchRequest(req); ok != (tt.wantErr == nil) {
			t.Errorf("MatchRequest(GET %s) found = %v, want %v", tt.target, ok, tt.wantErr == nil)
		}
	}
	if _, err := m.RouteRequest(nil); !errors.Is(err, matcher.ErrBadRequest) {
		t.Errorf("RouteRequest(nil) error = %v, want ErrBadRequest", err)
	}
}

// TestExplainDoesNotCompile: Explain tests the regular expressions Compile
// built instead of compiling them again, so its allocations do not grow
// with the number of regex paths it tries (compiling one allocates dozens
// of times).
func TestExplainDoesNotCompile(t *testing.T) {
	allocs := func(n int) float64 {
		var paths []networkingv1.HTTPIngressPath
		for i := range n {
			paths = append(paths, path(specific, fmt.Sprintf("/v%d/(a|b)+[0-9]*", i), "re"))
		}
		m := matcher.Compile([]*networkingv1.Ingress{ingress("ns", "re", 0, rule("", paths...))},
			matcher.WithImplementationSpecific(pathmatch.AsRegex()))
		if ex := m.Explain("x", "/nothing/here"); ex.Found || len(ex.Candidates) != 0 {
			t.Fatalf("Explain(/nothing/here) over %d regex paths = %+v, want no route and no candidates", n, ex)
		}
		return testing.AllocsPerRun(20, func() { m.Explain("x", "/nothing/here") })
	}
	// Compiling one of these expressions allocates about 30 times; matching
	// one allocates nothing, or about once when the race detector empties
	// regexp's pool of matchers. So 50 regex paths compiled per call would
	// cost over 1,000 allocations, and matched with what Compile built fewer
	// than 10 each.
	one, many := allocs(1), allocs(50)
	if many > one+10*49 {
		t.Errorf("Explain allocates %v times over 1 regex path and %v times over 50: it compiles per call", one, many)
	}
}

// TestDuplicateName: a namespace/name given twice routes the later object,
// as an informer keeps the last it receives, under every dialect; the
// earlier is reported as DuplicateName and nothing says an Ingress shares
// a host with itself.
func TestDuplicateName(t *testing.T) {
	v1 := ingress("ns", "a", 0, rule("foo.com", path(prefix, "/old", "old")))
	v2 := ingress("ns", "a", 0, rule("foo.com", path(prefix, "/new", "new")))
	other := ingress("ns", "b", 1, rule("foo.com", path(prefix, "/b", "b")))
	for _, d := range matcher.Dialects() {
		m := matcher.Compile([]*networkingv1.Ingress{v1, other, v2}, matcher.WithDialect(d))
		if r, ok := m.Match("foo.com", "/new"); !ok || service(r.Backend) != "new" || r.Ingress != v2 {
			t.Errorf("%s: Match(foo.com, /new) = %q, %v; want the later object's path", d, service(r.Backend), ok)
		}
		if r, ok := m.Match("foo.com", "/old"); ok && service(r.Backend) == "old" {
			t.Errorf("%s: Match(foo.com, /old) routes the earlier object of ns/a", d)
		}
		if got := m.Ingresses(); len(got) != 2 || got[0] != v2 || got[1] != other {
			t.Errorf("%s: Ingresses() = %v, want ns/a (the later) and ns/b", d, got)
		}
		dups := 0
		for _, diag := range m.Diagnostics() {
			switch {
			case diag.Kind == matcher.DuplicateName:
				dups++
				if diag.Object != v1 || diag.Related != v2 || diag.Field != "metadata.name" || !strings.Contains(diag.Message, "ingresses[0] and ingresses[2]") {
					t.Errorf("%s: %v", d, diag)
				}
			case diag.Related != nil && diag.Related.GetName() == diag.Object.GetName():
				t.Errorf("%s: an Ingress is related to itself: %v", d, diag)
			}
		}
		if dups != 1 {
			t.Errorf("%s: %d DuplicateName diagnostics, want 1: %v", d, dups, m.Diagnostics())
		}
	}
}

// TestDuplicateNameNeedsAName: objects without a name (generateName
// manifests) are not duplicates of each other: each one routes.
func TestDuplicateNameNeedsAName(t *testing.T) {
	a := ingress("ns", "", 0, rule("a.com", path(prefix, "/", "a")))
	b := ingress("ns", "", 0, rule("b.com", path(prefix, "/", "b")))
	a.GenerateName, b.GenerateName = "web-", "web-"
	m := matcher.Compile([]*networkingv1.Ingress{a, b})
	for host, want := range map[string]string{"a.com": "a", "b.com": "b"} {
		if r, ok := m.Match(host, "/"); !ok || service(r.Backend) != want {
			t.Errorf("Match(%q, /) = %q, %v; want %q", host, service(r.Backend), ok, want)
		}
	}
	for _, d := range m.Diagnostics() {
		if d.Kind == matcher.DuplicateName {
			t.Errorf("unnamed objects reported as duplicates: %v", d)
		}
	}
}

// TestUpdateAfterDefaultBackendEditedInPlace: Update decides whether the
// default backend changed from what it recorded of the removed object,
// not from the object, which its caller may have changed in place: no
// panic, and the answer Compile of the resulting set gives.
func TestUpdateAfterDefaultBackendEditedInPlace(t *testing.T) {
	a := withDefault(ingress("ns", "a", 0), "old-default")
	m := matcher.Compile([]*networkingv1.Ingress{a, ingress("ns", "b", 1, rule("b.com", path(prefix, "/b", "b")))})
	a.Spec.DefaultBackend = nil // in place, after Compile
	next := m.Update([]*networkingv1.Ingress{ingress("ns", "a", 0)}, nil)
	if r, ok := next.Match("x.com", "/"); ok {
		t.Errorf("Match(x.com, /) = %q after the default backend's Ingress was replaced by one without", service(r.Backend))
	}
}
