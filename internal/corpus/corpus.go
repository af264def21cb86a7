// Package corpus generates the Ingresses and IngressClasses that e2e's
// parity test creates on a real Kubernetes 1.37 API server and that
// validation's TestCorpusDigest validates offline: valid, and invalid in
// every way the server checks. It is imported only by tests.
package corpus

import (
	"fmt"
	"math/rand/v2"
	"strings"

	corev1 "k8s.io/api/core/v1"
	networkingv1 "k8s.io/api/networking/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
)

// The pools the generators draw from: valid values and values that break
// each rule of the API server's validation.
var (
	names       = []string{"web", "web-1", "a.b.c", "Web_1", "-web", "web-", strings.Repeat("a", 254), "a..b", ""}
	hosts       = []string{"", "", "foo.bar.com", "*.foo.com", "Foo.com", "10.0.0.1", "010.0.0.1", "::1", "foo.*.com", "a..b", "foo.com:80", "*", "-a.com", strings.Repeat("a", 64) + ".com"}
	pathTypes   = []string{"Exact", "Prefix", "ImplementationSpecific", "Prefix", "", "Regex"}
	paths       = []string{"/", "/foo", "/foo/", "", "foo", "/a//b", "/a/./b", "/a/../b", "/a%2fb", "/a%2Fb", "/a/..", "/a/.", "/x(.*)", "/café"}
	classNames  = []string{"", "nginx", "Bad_Class", "a.b"}
	secretNames = []string{"", "tls", "TLS_x", "a.b", "-x"}
	annotation  = []string{"", "nginx", "traefik"}
	svcNames    = []string{"svc", "1svc", "Svc", "", "a.b", "my-service", strings.Repeat("s", 64)}
	ports       = []networkingv1.ServiceBackendPort{{Number: 80}, {Name: "http"}, {Name: "http", Number: 80}, {}, {Number: 70000}, {Name: "HTTP_1"}, {Name: "123"}, {Number: -1}}
	kinds       = []string{"StorageBucket", "", "a/b", "%", ".."}
	groups      = []string{"", "k8s.example.com", "Example.COM"}
)

var (
	labelKeys      = []string{strings.Repeat("k", 64), "a/b/c", "/x", "Example.com/x", strings.Repeat("p", 254) + "/x", "app", "-x"}
	labelValues    = []string{strings.Repeat("v", 64), "a b", "ok", "", "-v"}
	annotationKeys = []string{"Bad Key", strings.Repeat("a", 254) + "/x", "ok/" + strings.Repeat("n", 64), "a/b/c", "Example.COM/Key"}
	yes            = true
	ownerRefs      = [][]metav1.OwnerReference{
		{{}},
		{{APIVersion: "a/b/c", Kind: "K", Name: "n", UID: "u"}},
		{{APIVersion: "v1", Kind: "K", Name: "a", UID: "u1", Controller: &yes}, {APIVersion: "v1", Kind: "K", Name: "b", UID: "u2", Controller: &yes}},
		{{APIVersion: "v1", Kind: "Event", Name: "e", UID: "u"}},
		{{APIVersion: "apps/v1", Kind: "Deployment", Name: "web", UID: "u"}},
	}
)

func pick[T any](r *rand.Rand, from []T) T { return from[r.IntN(len(from))] }

func backend(r *rand.Rand) networkingv1.IngressBackend {
	var b networkingv1.IngressBackend
	switch r.IntN(6) {
	case 0:
		return b // neither
	case 1, 2, 3:
		b.Service = &networkingv1.IngressServiceBackend{Name: pick(r, svcNames), Port: pick(r, ports)}
	case 4:
		b.Resource = resource(r)
	default:
		b.Service = &networkingv1.IngressServiceBackend{Name: "svc", Port: networkingv1.ServiceBackendPort{Number: 80}}
		b.Resource = resource(r)
	}
	return b
}

func resource(r *rand.Rand) *corev1.TypedLocalObjectReference {
	ref := &corev1.TypedLocalObjectReference{Kind: pick(r, kinds), Name: pick(r, []string{"bucket", "", "..", "a/b"})}
	if g := pick(r, groups); g != "" {
		ref.APIGroup = &g
	}
	return ref
}

// genIngress draws an Ingress; about one in four is valid.
// Ingress returns the i-th generated Ingress, drawn from r: valid or
// invalid in the ways the API server checks (names, hosts, paths, path
// types, backends, TLS, class, metadata).
func Ingress(r *rand.Rand, i int) *networkingv1.Ingress {
	ing := &networkingv1.Ingress{ObjectMeta: metav1.ObjectMeta{Name: fmt.Sprintf("ing-%d", i)}}
	bad := r.IntN(4) != 0
	if bad && r.IntN(6) == 0 {
		ing.Name = pick(r, names)
	}
	if a := pick(r, annotation); a != "" {
		ing.Annotations = map[string]string{"kubernetes.io/ingress.class": a}
	}
	if bad && r.IntN(10) == 0 {
		ing.Labels = map[string]string{"app": "a b"}
	}
	if bad && r.IntN(10) == 0 {
		ing.Finalizers = []string{pick(r, []string{"custom", "example.com/f", "kubernetes"})}
	}
	// Metadata whose wording apimachinery changed between releases: one
	// entry per map, so that the server's map order cannot matter.
	if bad && r.IntN(12) == 0 {
		ing.Labels = map[string]string{pick(r, labelKeys): pick(r, labelValues)}
	}
	if bad && r.IntN(12) == 0 {
		ing.Annotations = map[string]string{pick(r, annotationKeys): "x"}
	}
	if bad && r.IntN(60) == 0 {
		ing.Annotations = map[string]string{"big": strings.Repeat("z", 270000)}
	}
	if bad && r.IntN(12) == 0 {
		ing.OwnerReferences = pick(r, ownerRefs)
	}
	if c := pick(r, classNames); c != "" {
		ing.Spec.IngressClassName = &c
	}
	if r.IntN(3) == 0 {
		b := backend(r)
		ing.Spec.DefaultBackend = &b
	}
	for range r.IntN(3) {
		rule := networkingv1.IngressRule{Host: pick(r, hosts)}
		if r.IntN(8) != 0 {
			rule.HTTP = &networkingv1.HTTPIngressRuleValue{}
			for range r.IntN(3) {
				p := networkingv1.HTTPIngressPath{Path: pick(r, paths), Backend: backend(r)}
				if t := pick(r, pathTypes); t != "" {
					pt := networkingv1.PathType(t)
					p.PathType = &pt
				}
				rule.HTTP.Paths = append(rule.HTTP.Paths, p)
			}
		}
		ing.Spec.Rules = append(ing.Spec.Rules, rule)
	}
	for range r.IntN(3) {
		t := networkingv1.IngressTLS{SecretName: pick(r, secretNames)}
		for range r.IntN(3) {
			t.Hosts = append(t.Hosts, pick(r, hosts))
		}
		ing.Spec.TLS = append(ing.Spec.TLS, t)
	}
	if !bad {
		return validIngressObject(i)
	}
	return ing
}

// validIngress is one the server accepts, with a little variety.
func validIngressObject(i int) *networkingv1.Ingress {
	pt := networkingv1.PathTypePrefix
	class := "nginx"
	return &networkingv1.Ingress{
		ObjectMeta: metav1.ObjectMeta{Name: fmt.Sprintf("ok-%d", i)},
		Spec: networkingv1.IngressSpec{IngressClassName: &class, Rules: []networkingv1.IngressRule{{Host: fmt.Sprintf("h%d.example.com", i),
			IngressRuleValue: networkingv1.IngressRuleValue{HTTP: &networkingv1.HTTPIngressRuleValue{Paths: []networkingv1.HTTPIngressPath{{
				Path: fmt.Sprintf("/p%d", i), PathType: &pt, Backend: networkingv1.IngressBackend{Service: &networkingv1.IngressServiceBackend{Name: "svc", Port: networkingv1.ServiceBackendPort{Number: 80}}}}}}}}}},
	}
}

// genClass draws an IngressClass, valid or invalid in every rule's way.
// IngressClass returns the i-th generated IngressClass, drawn from r.
func IngressClass(r *rand.Rand, i int) *networkingv1.IngressClass {
	c := &networkingv1.IngressClass{ObjectMeta: metav1.ObjectMeta{Name: fmt.Sprintf("class-%d", i)}}
	if r.IntN(6) == 0 {
		c.Name = pick(r, names)
	}
	c.Spec.Controller = pick(r, []string{"example.com/ingress", "example.com/ingress", "nginx", "", "Example.COM/x", "example.com/" + strings.Repeat("a", 240), "a/b/c"})
	if r.IntN(3) != 0 {
		p := &networkingv1.IngressClassParametersReference{Kind: pick(r, kinds), Name: pick(r, []string{"params", "", ".", "a%b"})}
		if g := pick(r, groups); g != "" {
			p.APIGroup = &g
		}
		if s := pick(r, []string{"", "Cluster", "Namespace", "Global"}); s != "" {
			p.Scope = &s
		}
		if ns := pick(r, []string{"", "cfg", "Bad.NS"}); ns != "" {
			p.Namespace = &ns
		}
		c.Spec.Parameters = p
	}
	return c
}
