package ingress_test

import (
	"fmt"
	"slices"
	"time"

	"github.com/ingresslib/ingress"
	"github.com/ingresslib/ingress/classresolve"
	"github.com/ingresslib/ingress/matcher"
	"github.com/ingresslib/ingress/tlsselect"
	"github.com/ingresslib/ingress/validation"
	networkingv1 "k8s.io/api/networking/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
)

// Every package reports in one shape, so one loop turns all of it into
// Events (here printed: type, reason, object, field, message).
func ExampleDiagnostic() {
	prefix := networkingv1.PathTypePrefix
	class := "web"
	backend := networkingv1.IngressBackend{Service: &networkingv1.IngressServiceBackend{Name: "app", Port: networkingv1.ServiceBackendPort{Number: 80}}}
	ing := &networkingv1.Ingress{
		ObjectMeta: metav1.ObjectMeta{Namespace: "shop", Name: "web", CreationTimestamp: metav1.NewTime(time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC))},
		Spec: networkingv1.IngressSpec{
			IngressClassName: &class,
			Rules: []networkingv1.IngressRule{{Host: "shop.example.com", IngressRuleValue: networkingv1.IngressRuleValue{HTTP: &networkingv1.HTTPIngressRuleValue{
				Paths: []networkingv1.HTTPIngressPath{{Path: "/api", PathType: &prefix, Backend: backend}, {Path: "/api/", PathType: &prefix, Backend: backend}},
			}}}},
			TLS: []networkingv1.IngressTLS{{Hosts: []string{"shop.example.com", "old.example.com"}, SecretName: "shop-tls"}},
		},
	}
	classes := []*networkingv1.IngressClass{
		{ObjectMeta: metav1.ObjectMeta{Name: "web", Annotations: map[string]string{classresolve.DefaultAnnotation: "true"}}, Spec: networkingv1.IngressClassSpec{Controller: "example.com/web"}},
		{ObjectMeta: metav1.ObjectMeta{Name: "other", Annotations: map[string]string{classresolve.DefaultAnnotation: "true"}}, Spec: networkingv1.IngressClassSpec{Controller: "example.com/other"}},
	}
	ings := []*networkingv1.Ingress{ing}
	diags := slices.Concat(
		classresolve.New("example.com/web", classes).Diagnostics(),
		matcher.Compile(ings).Diagnostics(),
		tlsselect.Compile(ings).Diagnostics(),
		validation.Strict(ing),
	)
	for _, d := range diags {
		fmt.Printf("%s %s %s %s\n", d.Severity.EventType(), d.Kind, ingress.ObjectName(d.Object), d.Field)
	}
	// Output:
	// Warning SeveralDefaultClasses other metadata.annotations[ingressclass.kubernetes.io/is-default-class]
	// Warning SeveralDefaultClasses web metadata.annotations[ingressclass.kubernetes.io/is-default-class]
	// Warning PathShadowed shop/web spec.rules[0].http.paths[1]
	// Warning UnservedTLSHost shop/web spec.tls[0].hosts[1]
	// Warning UnservedTLSHost shop/web spec.tls[0].hosts[1]
}
