package manifest

import (
	corev1 "k8s.io/api/core/v1"
	extensionsv1beta1 "k8s.io/api/extensions/v1beta1"
	networkingv1 "k8s.io/api/networking/v1"
	networkingv1beta1 "k8s.io/api/networking/v1beta1"
	"k8s.io/apimachinery/pkg/util/intstr"
)

// The conversions below follow the API server's (pkg/apis/networking/v1beta1
// and extensions/v1beta1 conversion and defaulting, Kubernetes 1.37): the
// two v1beta1 Ingress types have the same shape, so both are read into
// networkingv1beta1 types first.

func ingressFromExtensions(in *extensionsv1beta1.Ingress) *networkingv1.Ingress {
	spec := networkingv1beta1.IngressSpec{IngressClassName: in.Spec.IngressClassName}
	if in.Spec.Backend != nil {
		spec.Backend = &networkingv1beta1.IngressBackend{ServiceName: in.Spec.Backend.ServiceName, ServicePort: in.Spec.Backend.ServicePort, Resource: in.Spec.Backend.Resource}
	}
	for _, t := range in.Spec.TLS {
		spec.TLS = append(spec.TLS, networkingv1beta1.IngressTLS{Hosts: t.Hosts, SecretName: t.SecretName})
	}
	for _, r := range in.Spec.Rules {
		rule := networkingv1beta1.IngressRule{Host: r.Host}
		if r.HTTP != nil {
			rule.HTTP = &networkingv1beta1.HTTPIngressRuleValue{}
			for _, p := range r.HTTP.Paths {
				rule.HTTP.Paths = append(rule.HTTP.Paths, networkingv1beta1.HTTPIngressPath{
					Path: p.Path, PathType: (*networkingv1beta1.PathType)(p.PathType),
					Backend: networkingv1beta1.IngressBackend{ServiceName: p.Backend.ServiceName, ServicePort: p.Backend.ServicePort, Resource: p.Backend.Resource},
				})
			}
		}
		spec.Rules = append(spec.Rules, rule)
	}
	return ingressFromV1beta1(&networkingv1beta1.Ingress{ObjectMeta: in.ObjectMeta, Spec: spec})
}

func ingressFromV1beta1(in *networkingv1beta1.Ingress) *networkingv1.Ingress {
	out := &networkingv1.Ingress{ObjectMeta: in.ObjectMeta}
	out.APIVersion, out.Kind = "networking.k8s.io/v1", "Ingress"
	out.Spec.IngressClassName = in.Spec.IngressClassName
	if in.Spec.Backend != nil {
		b := backendFromV1beta1(*in.Spec.Backend)
		out.Spec.DefaultBackend = &b
	}
	for _, t := range in.Spec.TLS {
		out.Spec.TLS = append(out.Spec.TLS, networkingv1.IngressTLS{Hosts: t.Hosts, SecretName: t.SecretName})
	}
	for _, r := range in.Spec.Rules {
		rule := networkingv1.IngressRule{Host: r.Host}
		if r.HTTP != nil {
			rule.HTTP = &networkingv1.HTTPIngressRuleValue{}
			for _, p := range r.HTTP.Paths {
				pt := networkingv1.PathTypeImplementationSpecific // v1beta1 defaulting
				if p.PathType != nil {
					pt = networkingv1.PathType(*p.PathType)
				}
				rule.HTTP.Paths = append(rule.HTTP.Paths, networkingv1.HTTPIngressPath{Path: p.Path, PathType: &pt, Backend: backendFromV1beta1(p.Backend)})
			}
		}
		out.Spec.Rules = append(out.Spec.Rules, rule)
	}
	return out
}

// backendFromV1beta1 is the API server's conversion: a service backend when
// a service name or port is given, the port by name when it is a string.
func backendFromV1beta1(in networkingv1beta1.IngressBackend) networkingv1.IngressBackend {
	var out networkingv1.IngressBackend
	if in.Resource != nil {
		r := *in.Resource
		out.Resource = &corev1.TypedLocalObjectReference{APIGroup: r.APIGroup, Kind: r.Kind, Name: r.Name}
	}
	if in.ServiceName != "" || in.ServicePort.IntVal != 0 || in.ServicePort.StrVal != "" || in.ServicePort.Type == intstr.String {
		out.Service = &networkingv1.IngressServiceBackend{Name: in.ServiceName, Port: networkingv1.ServiceBackendPort{Name: in.ServicePort.StrVal, Number: in.ServicePort.IntVal}}
	}
	return out
}

func classFromV1beta1(in *networkingv1beta1.IngressClass) *networkingv1.IngressClass {
	out := &networkingv1.IngressClass{ObjectMeta: in.ObjectMeta}
	out.APIVersion, out.Kind = "networking.k8s.io/v1", "IngressClass"
	out.Spec.Controller = in.Spec.Controller
	if p := in.Spec.Parameters; p != nil {
		out.Spec.Parameters = &networkingv1.IngressClassParametersReference{APIGroup: p.APIGroup, Kind: p.Kind, Name: p.Name, Scope: p.Scope, Namespace: p.Namespace}
	}
	return out
}
