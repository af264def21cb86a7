package matcher_test

import (
	"time"

	networkingv1 "k8s.io/api/networking/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
)

// epoch is the creation time of age 0; ingress(…, age, …) is age seconds later.
var epoch = time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)

// ingress builds an Ingress in namespace ns created age seconds after epoch.
func ingress(ns, name string, age int, rules ...networkingv1.IngressRule) *networkingv1.Ingress {
	return &networkingv1.Ingress{
		ObjectMeta: metav1.ObjectMeta{Namespace: ns, Name: name, CreationTimestamp: metav1.NewTime(epoch.Add(time.Duration(age) * time.Second))},
		Spec:       networkingv1.IngressSpec{Rules: rules},
	}
}

// withDefault sets spec.defaultBackend to service svc.
func withDefault(ing *networkingv1.Ingress, svc string) *networkingv1.Ingress {
	b := backend(svc)
	ing.Spec.DefaultBackend = &b
	return ing
}

func rule(host string, paths ...networkingv1.HTTPIngressPath) networkingv1.IngressRule {
	return networkingv1.IngressRule{Host: host, IngressRuleValue: networkingv1.IngressRuleValue{HTTP: &networkingv1.HTTPIngressRuleValue{Paths: paths}}}
}

func path(pathType networkingv1.PathType, p, svc string) networkingv1.HTTPIngressPath {
	pt := pathType
	return networkingv1.HTTPIngressPath{Path: p, PathType: &pt, Backend: backend(svc)}
}

func backend(svc string) networkingv1.IngressBackend {
	return networkingv1.IngressBackend{Service: &networkingv1.IngressServiceBackend{Name: svc, Port: networkingv1.ServiceBackendPort{Number: 80}}}
}

const (
	exact    = networkingv1.PathTypeExact
	prefix   = networkingv1.PathTypePrefix
	specific = networkingv1.PathTypeImplementationSpecific
)

// service returns the service a route's backend names, "" for none.
func service(r networkingv1.IngressBackend) string {
	if r.Service == nil {
		return ""
	}
	return r.Service.Name
}
