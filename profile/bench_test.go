package profile_test

import (
	"fmt"
	"testing"

	"github.com/ingresslib/ingress/profile"
	networkingv1 "k8s.io/api/networking/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
)

// manyIngresses makes n Ingresses as a large cluster has them: a host each
// (one in ten shared with the previous Ingress, one in twenty a
// wildcard), two or three paths of every type, one in ten under use-regex
// with a regular-expression path, one in eight with spec.tls.
func manyIngresses(n int) []*networkingv1.Ingress {
	exact, prefix, specific := networkingv1.PathTypeExact, networkingv1.PathTypePrefix, networkingv1.PathTypeImplementationSpecific
	svc := func(name string) networkingv1.IngressBackend {
		return networkingv1.IngressBackend{Service: &networkingv1.IngressServiceBackend{Name: name, Port: networkingv1.ServiceBackendPort{Number: 80}}}
	}
	out := make([]*networkingv1.Ingress, n)
	for i := range out {
		host := fmt.Sprintf("app%d.example.com", i)
		switch {
		case i%10 == 1:
			host = fmt.Sprintf("app%d.example.com", i-1)
		case i%20 == 7:
			host = fmt.Sprintf("*.team%d.example.com", i)
		}
		ing := &networkingv1.Ingress{ObjectMeta: metav1.ObjectMeta{Namespace: fmt.Sprint("ns", i%50), Name: fmt.Sprint("ing", i), Annotations: map[string]string{}}}
		paths := []networkingv1.HTTPIngressPath{
			{Path: "/", PathType: &prefix, Backend: svc(fmt.Sprint("web", i))},
			{Path: "/api", PathType: &prefix, Backend: svc(fmt.Sprint("api", i))},
		}
		if i%3 == 0 {
			paths = append(paths, networkingv1.HTTPIngressPath{Path: "/health", PathType: &exact, Backend: svc(fmt.Sprint("health", i))})
		}
		if i%10 == 5 {
			ing.Annotations["nginx.ingress.kubernetes.io/use-regex"] = "true"
			paths = append(paths, networkingv1.HTTPIngressPath{Path: "/v[0-9]+/items/(.*)", PathType: &specific, Backend: svc(fmt.Sprint("items", i))})
		}
		if i%8 == 3 {
			ing.Spec.TLS = []networkingv1.IngressTLS{{Hosts: []string{host}, SecretName: "tls"}}
		}
		ing.Spec.Rules = []networkingv1.IngressRule{{Host: host, IngressRuleValue: networkingv1.IngressRuleValue{HTTP: &networkingv1.HTTPIngressRuleValue{Paths: paths}}}}
		out[i] = ing
	}
	return out
}

// BenchmarkDiff50k diffs 50,000 Ingresses from ingress-nginx to the
// Gateway API: every probe of every path, over http and https, under both.
//
//	go test -run XXX -bench Diff50k -benchtime 1x ./profile
func BenchmarkDiff50k(b *testing.B) {
	ings := manyIngresses(50_000)
	b.ResetTimer()
	for range b.N {
		rep := profile.Diff(ings, profile.IngressNGINX, profile.GatewayAPI)
		b.ReportMetric(float64(rep.Requests), "requests")
		b.ReportMetric(float64(len(rep.Differences)), "causes")
	}
}
