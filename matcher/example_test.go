package matcher_test

import (
	"errors"
	"fmt"
	"net/http"
	"net/http/httptest"
	"sync/atomic"

	"github.com/ingresslib/ingress/matcher"
	"github.com/ingresslib/ingress/pathmatch"
	networkingv1 "k8s.io/api/networking/v1"
	"k8s.io/apimachinery/pkg/types"
)

// The simple fanout example of the Kubernetes documentation.
func ExampleCompile() {
	fanout := ingress("default", "simple-fanout-example", 0,
		rule("foo.bar.com", path(prefix, "/foo", "service1"), path(prefix, "/bar", "service2")))
	m := matcher.Compile([]*networkingv1.Ingress{fanout})

	for _, p := range []string{"/foo/index.html", "/bar", "/baz"} {
		r, ok := m.Match("foo.bar.com", p)
		fmt.Println(p, ok, r)
	}
	// Output:
	// /foo/index.html true service1:80 ← default/simple-fanout-example spec.rules[0].http.paths[0] host "foo.bar.com" Prefix "/foo"
	// /bar true service2:80 ← default/simple-fanout-example spec.rules[0].http.paths[1] host "foo.bar.com" Prefix "/bar"
	// /baz false no route
}

// A controller publishes a new Matcher on every change; readers never block.
func ExampleCompile_atomicSwap() {
	var current atomic.Pointer[matcher.Matcher]
	current.Store(matcher.Compile(nil))

	// In the request path:
	_, ok := current.Load().Match("foo.com", "/")
	fmt.Println(ok)

	// In the informer's event handler:
	current.Store(matcher.Compile([]*networkingv1.Ingress{
		withDefault(ingress("default", "test-ingress", 0), "test"),
	}))
	r, ok := current.Load().Match("foo.com", "/")
	fmt.Println(ok, r)
	// Output:
	// false
	// true test:80 ← default/test-ingress spec.defaultBackend
}

func ExampleMatcher_Match() {
	// Row 18 of the documentation's path table, and a wildcard host.
	ing := ingress("default", "mixed", 0,
		rule("*.foo.com", path(prefix, "/foo", "prefix"), path(exact, "/foo", "exact")))
	m := matcher.Compile([]*networkingv1.Ingress{ing})
	for _, req := range [][2]string{{"bar.foo.com", "/foo"}, {"BAR.foo.com:8443", "/foo/x"}, {"baz.bar.foo.com", "/foo"}} {
		r, ok := m.Match(req[0], req[1])
		fmt.Println(req[0], req[1], ok, service(r.Backend))
	}
	// Output:
	// bar.foo.com /foo true exact
	// BAR.foo.com:8443 /foo/x true prefix
	// baz.bar.foo.com /foo false
}

func ExampleMatcher_Explain() {
	older := ingress("team-a", "api", 0, rule("foo.com", path(prefix, "/api", "api-v1"), path(prefix, "/", "web")))
	newer := ingress("team-b", "api-v2", 60, rule("foo.com", path(prefix, "/api/", "api-v2")))
	m := matcher.Compile([]*networkingv1.Ingress{newer, older})
	fmt.Print(m.Explain("foo.com", "/api/users"))
	// Output:
	// host "foo.com" path "/api/users"
	//   → api-v1:80 ← team-a/api spec.rules[0].http.paths[0] host "foo.com" Prefix "/api"
	//   the best matching path of host group "foo.com"
	//   ✓ api-v1:80 ← team-a/api spec.rules[0].http.paths[0] host "foo.com" Prefix "/api"
	//   ✗ api-v2:80 ← team-b/api-v2 spec.rules[0].http.paths[0] host "foo.com" Prefix "/api/": equal length and type; team-a/api comes first in the tie-break order
	//   ✗ web:80 ← team-a/api spec.rules[0].http.paths[1] host "foo.com" Prefix "/": shorter match: 0 bytes against 4
}

func ExampleMatcher_Diagnostics() {
	older := ingress("team-a", "api", 0, rule("foo.com", path(prefix, "/api", "api-v1")))
	newer := ingress("team-b", "api-v2", 60, rule("foo.com", path(prefix, "/api/", "api-v2"), networkingv1.HTTPIngressPath{Path: "/x"}))
	m := matcher.Compile([]*networkingv1.Ingress{newer, older})
	for _, d := range m.Diagnostics() {
		fmt.Printf("%s %s\n", d.Kind, d)
	}
	// Output:
	// PathSkipped team-b/api-v2: spec.rules[0].http.paths[1].pathType: path "/x" has no pathType; it is skipped
	// PathShadowed team-b/api-v2: spec.rules[0].http.paths[0]: Prefix path "/api/" never serves a request: an equivalent path of an Ingress that comes first in the tie-break order wins, spec.rules[0].http.paths[0] (Prefix "/api") of team-a/api
	// HostShared team-b/api-v2: spec.rules: host "foo.com" is also served by team-a/api (older in the tie-break order); the paths of 2 Ingresses are merged for it
}

func ExampleWithImplementationSpecific() {
	ing := ingress("default", "regex", 0, rule("", path(specific, "/users/[0-9]+$", "users")))
	m := matcher.Compile([]*networkingv1.Ingress{ing}, matcher.WithImplementationSpecific(pathmatch.AsRegex()))
	_, ok1 := m.Match("", "/users/42")
	_, ok2 := m.Match("", "/users/bob")
	fmt.Println(ok1, ok2)
	// Output: true false
}

func ExampleWithHostFallThrough() {
	ings := []*networkingv1.Ingress{
		ingress("default", "exact", 0, rule("foo.bar.com", path(prefix, "/foo", "exact"))),
		ingress("default", "all", 0, rule("", path(prefix, "/", "catch-all"))),
	}
	_, claimed := matcher.Compile(ings).Match("foo.bar.com", "/other")
	r, _ := matcher.Compile(ings, matcher.WithHostFallThrough()).Match("foo.bar.com", "/other")
	fmt.Println(claimed, service(r.Backend))
	// Output: false catch-all
}

// A server answers 400 for a malformed request, 404 for no route, and
// proxies the rest.
func ExampleMatcher_RouteRequest() {
	m := matcher.Compile([]*networkingv1.Ingress{ingress("shop", "web", 0, rule("shop.example.com", path(prefix, "/cart", "cart")))})
	for _, target := range []string{"/cart/items", "/admin", "/cart/%00"} {
		r := httptest.NewRequest(http.MethodGet, "http://shop.example.com"+target, nil)
		route, err := m.RouteRequest(r)
		switch {
		case errors.Is(err, matcher.ErrBadRequest):
			fmt.Println(target, "400:", err)
		case errors.Is(err, matcher.ErrNoRoute):
			fmt.Println(target, "404")
		default:
			fmt.Println(target, "→", route.Backend.Service.Name)
		}
	}
	// Output:
	// /cart/items → cart
	// /admin 404
	// /cart/%00 400: matcher: bad request: pathmatch.Normalize("/cart/%00"): path contains a NUL octet
}

// Update follows an informer's events: an Ingress added or changed, one
// deleted. The old Matcher keeps answering until the new one is swapped in.
func ExampleMatcher_Update() {
	m := matcher.Compile([]*networkingv1.Ingress{
		ingress("shop", "web", 0, rule("shop.example.com", path(prefix, "/", "web"))),
		ingress("shop", "legacy", 0, rule("shop.example.com", path(prefix, "/old", "legacy"))),
	})
	v2 := ingress("shop", "web", 0, rule("shop.example.com", path(prefix, "/", "web-v2")))
	next := m.Update([]*networkingv1.Ingress{v2}, []types.NamespacedName{{Namespace: "shop", Name: "legacy"}})

	for _, mm := range []*matcher.Matcher{m, next} {
		r, _ := mm.Match("shop.example.com", "/old/page")
		fmt.Println(r.Backend.Service.Name, mm.Len())
	}
	// Output:
	// legacy 2
	// web-v2 1
}
