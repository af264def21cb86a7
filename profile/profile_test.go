package profile

import (
	"regexp"
	"slices"
	"strings"
	"testing"

	networkingv1 "k8s.io/api/networking/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
)

func TestLiteralPathMatchesItsRegex(t *testing.T) {
	for _, re := range []string{"/api/v[0-9]+", "/u/(.*)", "/items/[a-z]+/edit", "/docs(/|$)(.*)", "/b.r", `/id/\d+`, "/files/[^/]+/raw", "^/exact$", "/plain"} {
		lit := literalPath(re)
		if !regexp.MustCompile("^" + strings.TrimPrefix(re, "^")).MatchString(lit) {
			t.Errorf("literalPath(%q) = %q, which the expression does not match", re, lit)
		}
	}
}

func TestProbes(t *testing.T) {
	pt := networkingv1.PathTypePrefix
	ing := &networkingv1.Ingress{ObjectMeta: metav1.ObjectMeta{Namespace: "ns", Name: "a"}, Spec: networkingv1.IngressSpec{Rules: []networkingv1.IngressRule{
		{Host: "*.w.com", IngressRuleValue: networkingv1.IngressRuleValue{HTTP: &networkingv1.HTTPIngressRuleValue{Paths: []networkingv1.HTTPIngressPath{{Path: "/Docs/", PathType: &pt}}}}},
		{Host: "", IngressRuleValue: networkingv1.IngressRuleValue{HTTP: &networkingv1.HTTPIngressRuleValue{Paths: []networkingv1.HTTPIngressPath{{Path: "/docs/", PathType: &pt}}}}},
	}}}
	var got []string
	for _, p := range Probes([]*networkingv1.Ingress{ing, nil}) {
		got = append(got, p.Host+p.Target+" "+p.How)
	}
	for _, want := range []string{
		"one.w.com/Docs/ the path", "two.labels.w.com/Docs/ the path", "one.w.com/Docs/deeper one segment deeper", "one.w.com/ its parent",
		"one.w.com/Docs the trailing slash toggled", "one.w.com/dOCS/ the case flipped", "one.w.com/Docsx a suffix glued on",
		"one.w.com/./Docs/ a dot segment", "one.w.com/x/../Docs/ a dot-dot segment", "one.w.com//Docs/ a doubled slash",
		"one.w.com/Doc%73/ a letter percent-encoded", "one.w.com/Docs%2Fdeeper slashes encoded as %2F", "one.w.com/Docs/?q=1 a query string",
		"unnamed.example/docs/ the path",
	} {
		if !slices.Contains(got, want) {
			t.Errorf("no probe %q in\n%s", want, strings.Join(got, "\n"))
		}
	}
	// No duplicates: the rule without host shares "/" with the wildcard's parent only by host.
	seen := map[string]bool{}
	for _, g := range got {
		k := strings.Fields(g)[0]
		if seen[k] {
			t.Errorf("duplicate probe %s", k)
		}
		seen[k] = true
	}
}

// TestDecideControllerError: under traefik-ingress-nginx, rewrite-target
// "/" on Prefix /static makes Traefik's middleware answer 400 for
// /static/app.js (the path becomes //app.js); Decide calls it an "error"
// of the controller's, which differs from ingress-nginx's backend.
func TestDecideControllerError(t *testing.T) {
	pt := networkingv1.PathTypePrefix
	ing := &networkingv1.Ingress{
		ObjectMeta: metav1.ObjectMeta{Namespace: "ns", Name: "static", Annotations: map[string]string{"nginx.ingress.kubernetes.io/rewrite-target": "/"}},
		Spec: networkingv1.IngressSpec{Rules: []networkingv1.IngressRule{{Host: "cdn.io", IngressRuleValue: networkingv1.IngressRuleValue{HTTP: &networkingv1.HTTPIngressRuleValue{Paths: []networkingv1.HTTPIngressPath{
			{Path: "/static", PathType: &pt, Backend: networkingv1.IngressBackend{Service: &networkingv1.IngressServiceBackend{Name: "static", Port: networkingv1.ServiceBackendPort{Number: 80}}}},
		}}}}}},
	}
	tin, _ := Lookup("traefik-ingress-nginx")
	nginx, _ := Lookup("ingress-nginx")
	ings := []*networkingv1.Ingress{ing}
	got := Decide(tin.Compile(ings), "cdn.io", "/static/app.js", false)
	if got.Kind != "error" || got.Status != 400 || got.Route.Ingress != ing {
		t.Fatalf("traefik-ingress-nginx: %+v, want a 400 error on ns/static's route", got)
	}
	if !strings.HasPrefix(got.String(), "400 from the controller") {
		t.Errorf("String() = %q", got.String())
	}
	if ok := Decide(tin.Compile(ings), "cdn.io", "/static", false); ok.Kind != "backend" {
		t.Errorf("/static under traefik-ingress-nginx: %v, want the backend (it becomes /)", ok)
	}
	other := Decide(nginx.Compile(ings), "cdn.io", "/static/app.js", false)
	if other.Kind != "backend" || got.same(other) {
		t.Errorf("ingress-nginx: %v; the two must differ", other)
	}
}
