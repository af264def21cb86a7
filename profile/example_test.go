package profile_test

import (
	"errors"
	"fmt"
	"net/http/httptest"
	"time"

	"github.com/ingresslib/ingress/matcher"
	"github.com/ingresslib/ingress/profile"
	networkingv1 "k8s.io/api/networking/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
)

// shop is the Ingress the examples route: an Exact and a Prefix path of the
// same text, a path written with its trailing slash, and a default backend.
func shop(annotations map[string]string) []*networkingv1.Ingress {
	exact, prefix := networkingv1.PathTypeExact, networkingv1.PathTypePrefix
	svc := func(name string) networkingv1.IngressBackend {
		return networkingv1.IngressBackend{Service: &networkingv1.IngressServiceBackend{Name: name, Port: networkingv1.ServiceBackendPort{Number: 80}}}
	}
	fallback := svc("fallback")
	return []*networkingv1.Ingress{{
		ObjectMeta: metav1.ObjectMeta{Namespace: "shop", Name: "web", Annotations: annotations, CreationTimestamp: metav1.NewTime(time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC))},
		Spec: networkingv1.IngressSpec{
			DefaultBackend: &fallback,
			Rules: []networkingv1.IngressRule{{Host: "shop.example.com", IngressRuleValue: networkingv1.IngressRuleValue{HTTP: &networkingv1.HTTPIngressRuleValue{Paths: []networkingv1.HTTPIngressPath{
				{Path: "/cart", PathType: &exact, Backend: svc("cart-exact")},
				{Path: "/cart", PathType: &prefix, Backend: svc("cart")},
				{Path: "/docs/", PathType: &prefix, Backend: svc("docs")},
			}}}}},
		},
	}}
}

// show prints what each request gets under the matcher.
func show(m *matcher.Matcher, targets ...string) {
	for _, t := range targets {
		req := httptest.NewRequest("GET", "https://shop.example.com"+t, nil)
		r, err := m.RouteRequest(req)
		switch {
		case errors.Is(err, matcher.ErrBadRequest):
			fmt.Printf("%-12s 400 bad request\n", t)
		case errors.Is(err, matcher.ErrNoRoute):
			fmt.Printf("%-12s 404 no route\n", t)
		case r.Action != nil && r.Action.Redirect.Status != 0:
			fmt.Printf("%-12s %d → %s\n", t, r.Action.Redirect.Status, r.Action.Redirect.Location)
		default:
			fmt.Printf("%-12s %s\n", t, r.Backend.Service.Name)
		}
	}
}

var targets = []string{"/cart", "/cartoon", "/docs", "/DOCS/x", "/other", "/../x"}

func Example() {
	// The same Ingress under every profile.
	for _, p := range profile.All() {
		fmt.Printf("%s:\n", p.Name)
		show(p.Compile(shop(nil)), "/cart", "/docs", "/other")
	}
	// Output:
	// default:
	// /cart        cart-exact
	// /docs        docs
	// /other       fallback
	// ingress-nginx:
	// /cart        cart-exact
	// /docs        301 → /docs/
	// /other       fallback
	// traefik:
	// /cart        cart
	// /docs        404 no route
	// /other       404 no route
	// traefik-strict:
	// /cart        cart
	// /docs        docs
	// /other       404 no route
	// contour:
	// /cart        cart-exact
	// /docs        docs
	// /other       404 no route
	// istio:
	// /cart        cart-exact
	// /docs        docs
	// /other       404 no route
	// haproxy:
	// /cart        cart-exact
	// /docs        docs
	// /other       fallback
	// gateway-api:
	// /cart        cart-exact
	// /docs        docs
	// /other       404 no route
	// traefik-ingress-nginx:
	// /cart        cart
	// /docs        docs
	// /other       fallback
}

// ingress-nginx: use-regex turns every path of the host, Exact ones too,
// into a case-insensitive prefix regular expression; paths written with a
// trailing slash answer 301 for the path without it; "/.." above the root
// is a bad request.
func Example_ingressNGINX() {
	show(profile.IngressNGINX.Compile(shop(nil)), targets...)
	fmt.Println("with use-regex:")
	show(profile.IngressNGINX.Compile(shop(map[string]string{"nginx.ingress.kubernetes.io/use-regex": "true"})), targets...)
	// Output:
	// /cart        cart-exact
	// /cartoon     fallback
	// /docs        301 → /docs/
	// /DOCS/x      fallback
	// /other       fallback
	// /../x        400 bad request
	// with use-regex:
	// /cart        cart-exact
	// /cartoon     cart-exact
	// /docs        fallback
	// /DOCS/x      docs
	// /other       fallback
	// /../x        400 bad request
}

// Traefik: the longer rule text wins, so PathPrefix(`/cart`) beats
// Path(`/cart`), and PathPrefix matches character by character.
func Example_traefik() {
	m := profile.Traefik.Compile(shop(nil))
	show(m, "/cart", "/cartoon")
	fmt.Println(m.Explain("shop.example.com", "/cart").Reason)
	// Output:
	// /cart        cart
	// /cartoon     cart
	// Traefik tries every router by priority (the length of its rule unless set); the first that matches is Host("shop.example.com") && PathPrefix("/cart"), priority 47
}

// Traefik with strictPrefixMatching: Prefix is element-wise, priorities
// are still rule lengths.
func Example_traefikStrict() {
	show(profile.TraefikStrict.Compile(shop(nil)), "/cart", "/cartoon", "/docs")
	// Output:
	// /cart        cart
	// /cartoon     404 no route
	// /docs        docs
}

// Contour: the default backend serves only hosts without a virtual host of
// their own; Prefix /docs/ matches /docs.
func Example_contour() {
	show(profile.Contour.Compile(shop(nil)), "/docs", "/other")
	m := profile.Contour.Compile(shop(nil))
	r, _ := m.Match("elsewhere.example.com", "/")
	fmt.Println("elsewhere.example.com →", r.Backend.Service.Name)
	// Output:
	// /docs        docs
	// /other       404 no route
	// elsewhere.example.com → fallback
}

// Istio: routes sorted by the length of the path as written, so Prefix
// /docs/ (6 bytes) comes before an Exact /docs (5 bytes); defaultBackend
// is ignored.
func Example_istio() {
	show(profile.Istio.Compile(shop(nil)), "/docs", "/other")
	// Output:
	// /docs        docs
	// /other       404 no route
}

// haproxy-ingress: ImplementationSpecific is a case-insensitive string
// prefix ("begin"), no path is normalised, and a host whose paths do not
// match falls through to the rules without host and the default backend.
func Example_haproxy() {
	show(profile.HAProxy.Compile(shop(nil)), "/cart", "/cartoon", "/other", "/../x")
	// Output:
	// /cart        cart-exact
	// /cartoon     fallback
	// /other       fallback
	// /../x        fallback
}

// The Gateway API: wildcard hostnames cover any number of labels, and a
// hostname with routes never falls back to the default backend.
func Example_gatewayAPI() {
	m := profile.GatewayAPI.Compile(shop(nil))
	show(m, "/cart", "/other")
	r, _ := m.Match("elsewhere.example.com", "/")
	fmt.Println("elsewhere.example.com →", r.Backend.Service.Name)
	// Output:
	// /cart        cart-exact
	// /other       404 no route
	// elsewhere.example.com → fallback
}

func ExampleForeignAnnotations() {
	ings := shop(map[string]string{
		"nginx.ingress.kubernetes.io/use-regex":      "true",
		"nginx.ingress.kubernetes.io/rewrite-target": "/$2",
		"konghq.com/strip-path":                      "true",
	})
	for _, h := range profile.ForeignAnnotations(ings, profile.Default) {
		fmt.Println(h)
	}
	fmt.Println(len(profile.ForeignAnnotations(ings, profile.IngressNGINX)), "hint under ingress-nginx")
	// Output:
	// shop/web: nginx.ingress.kubernetes.io/rewrite-target, nginx.ingress.kubernetes.io/use-regex are read by ingress-nginx (-profile ingress-nginx), not by this profile; they change nothing here
	// shop/web: konghq.com/strip-path is read by Kong, not by this profile; it changes nothing here
	// 1 hint under ingress-nginx
}

func ExampleLookup() {
	p, ok := profile.Lookup("Traefik-Strict")
	fmt.Println(p.Name, ok, p.Dialect)
	_, ok = profile.Lookup("nginx")
	fmt.Println(ok, profile.Names())
	// Output:
	// traefik-strict true traefik-strict
	// false [default ingress-nginx traefik traefik-strict contour istio haproxy gateway-api traefik-ingress-nginx]
}

// Diff lists, once per cause and with the fix, the requests that
// ingress-nginx and a Gateway API conversion route differently, derived
// from the paths themselves.
func ExampleDiff() {
	rep := profile.Diff(shop(map[string]string{"nginx.ingress.kubernetes.io/use-regex": "true"}), profile.IngressNGINX, profile.GatewayAPI)
	fmt.Printf("%d of %d requests differ, for %d causes\n", rep.Differing(), rep.Requests, len(rep.Differences))
	for _, d := range rep.Differences {
		if d.Fix == "" {
			d.Fix = "none known"
		}
		fmt.Printf("%d× e.g. %s: %s\n  fix: %s\n", d.Requests, d.Examples[0].Probe.URL(), d.Cause, d.Fix)
	}
	// Output:
	// 52 of 82 requests differ, for 9 causes
	// 4× e.g. http://unnamed.example/: ingress-nginx answers 404: no route; gateway-api sends them to fallback:80 by shop/web spec.defaultBackend
	//   fix: none known
	// 8× e.g. http://unnamed.example/../x: ingress-nginx answers 400 itself (a bad request); gateway-api routes them or answers otherwise
	//   fix: cannot be expressed: ingress-nginx refuses (400) a path that climbs above the root or decodes to an invalid one before routing; gateway-api has no rule for it
	// 10× e.g. http://shop.example.com/: ingress-nginx sends them to fallback:80 by shop/web spec.defaultBackend; gateway-api answers 404: no route
	//   fix: a Prefix path / to fallback:80 on the rule of the request's host: gateway-api does not send requests of a host with rules to spec.defaultBackend
	// 10× e.g. http://shop.example.com/cart/deeper: ingress-nginx sends them to cart-exact:80 by shop/web spec.rules[0].http.paths[0] (Exact "/cart"); gateway-api sends them to cart:80 by shop/web spec.rules[0].http.paths[1] (Prefix "/cart")
	//   fix: a RegularExpression path match (?i)^/cart.* (ingress-nginx's reading of "/cart": case-insensitive, anchored at the start only)
	// 10× e.g. http://shop.example.com/CART: ingress-nginx sends them to cart-exact:80 by shop/web spec.rules[0].http.paths[0] (Exact "/cart"); gateway-api answers 404: no route
	//   fix: a RegularExpression path match (?i)^/cart.* (ingress-nginx's reading of "/cart": case-insensitive, anchored at the start only)
	// 2× e.g. http://shop.example.com/cart/..%2Fdocs/: ingress-nginx sends them to docs:80 by shop/web spec.rules[0].http.paths[2] (Prefix "/docs/"); gateway-api sends them to cart:80 by shop/web spec.rules[0].http.paths[1] (Prefix "/cart")
	//   fix: a RegularExpression path match (?i)^/cart.* (ingress-nginx's reading of "/cart": case-insensitive, anchored at the start only)
	// 2× e.g. http://shop.example.com/docs: ingress-nginx sends them to fallback:80 by shop/web spec.defaultBackend; gateway-api sends them to docs:80 by shop/web spec.rules[0].http.paths[2] (Prefix "/docs/")
	//   fix: a RegularExpression path match (?i)^/docs/.* (ingress-nginx's reading of "/docs/": case-insensitive, anchored at the start only)
	// 4× e.g. http://shop.example.com/DOCS/: ingress-nginx sends them to docs:80 by shop/web spec.rules[0].http.paths[2] (Prefix "/docs/"); gateway-api answers 404: no route
	//   fix: a RegularExpression path match (?i)^/docs/.* (ingress-nginx's reading of "/docs/": case-insensitive, anchored at the start only)
	// 2× e.g. http://shop.example.com/docs/..%2Fcart: ingress-nginx sends them to cart-exact:80 by shop/web spec.rules[0].http.paths[0] (Exact "/cart"); gateway-api sends them to docs:80 by shop/web spec.rules[0].http.paths[2] (Prefix "/docs/")
	//   fix: a RegularExpression path match (?i)^/docs/.* (ingress-nginx's reading of "/docs/": case-insensitive, anchored at the start only)
}
