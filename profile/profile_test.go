package profile

import (
	"net/url"
	"slices"
	"strings"
	"testing"

	"github.com/ingresslib/ingress/internal/witness"

	networkingv1 "k8s.io/api/networking/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
)

// TestProbesRegexWitnesses: a path with regular-expression syntax gets,
// under each reading, a probe its regular expression matches — the
// shortest match, not the expression with its metacharacters stripped
// (/(health|users|metrics)(/.*)?$ once got /healthusersmetrics/x).
func TestProbesRegexWitnesses(t *testing.T) {
	pt := networkingv1.PathTypeImplementationSpecific
	for _, re := range []string{"/api/v[0-9]+", "/u/(.*)", "/items/[a-z]+/edit", "/docs(/|$)(.*)", "/b.r", `/id/\d+`, "/files/[^/]+/raw", "^/exact$", "/[A-Z]{3}", "/(health|users|metrics)(/.*)?$"} {
		ing := &networkingv1.Ingress{ObjectMeta: metav1.ObjectMeta{Namespace: "ns", Name: "r"}, Spec: networkingv1.IngressSpec{Rules: []networkingv1.IngressRule{
			{Host: "r.io", IngressRuleValue: networkingv1.IngressRuleValue{HTTP: &networkingv1.HTTPIngressRuleValue{Paths: []networkingv1.HTTPIngressPath{{Path: re, PathType: &pt}}}}}}}}
		ps, none := probes([]*networkingv1.Ingress{ing})
		if len(none) > 0 {
			t.Errorf("%q: no witness: %v", re, none[0].Err)
		}
		for _, rd := range readings {
			found := false
			for _, p := range ps {
				u, err := url.ParseRequestURI(p.Target)
				if err != nil {
					t.Fatalf("%q: probe target %q: %v", re, p.Target, err)
				}
				ok, _ := witness.Matches(re, rd.r, u.Path)
				found = found || ok
				// A probe made as a match under a reading is one.
				made := strings.HasPrefix(p.How, "the shortest match of the regular expression ("+rd.name+")") ||
					strings.HasPrefix(p.How, "a longer match of the regular expression ("+rd.name+")")
				if made && !ok {
					t.Errorf("%q (%s): probe %s (%s), which the reading rejects", re, rd.name, p.Target, p.How)
				}
			}
			if !found {
				t.Errorf("%q: no probe matches it under the reading %s", re, rd.name)
			}
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
	tls := map[string]int{}
	for _, p := range Probes([]*networkingv1.Ingress{ing, nil}) {
		if p.TLS {
			tls[p.Host+p.Target+" "+p.How]++
			continue
		}
		got = append(got, p.Host+p.Target+" "+p.How)
	}
	for _, g := range got {
		if tls[g] != 1 {
			t.Errorf("probe %s is sent %d times over TLS, want once", g, tls[g])
		}
	}
	for _, want := range []string{
		"one.w.com/Docs/ the path", "two.labels.w.com/Docs/ the path", "one.w.com/Docs/deeper one segment deeper", "one.w.com/ the host's root",
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
