package validation_test

import (
	"strings"

	corev1 "k8s.io/api/core/v1"
	networkingv1 "k8s.io/api/networking/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
)

// validIngress is accepted by the API server; each case changes one thing.
func validIngress() *networkingv1.Ingress {
	prefix := networkingv1.PathTypePrefix
	class := "nginx"
	return &networkingv1.Ingress{
		ObjectMeta: metav1.ObjectMeta{Name: "web", Namespace: "default", Annotations: map[string]string{"a": "b"}},
		Spec: networkingv1.IngressSpec{
			IngressClassName: &class,
			Rules: []networkingv1.IngressRule{{Host: "foo.bar.com", IngressRuleValue: networkingv1.IngressRuleValue{HTTP: &networkingv1.HTTPIngressRuleValue{
				Paths: []networkingv1.HTTPIngressPath{{Path: "/foo", PathType: &prefix, Backend: svc("service1", 80)}},
			}}}},
			TLS: []networkingv1.IngressTLS{{Hosts: []string{"foo.bar.com"}, SecretName: "tls-secret"}},
		},
	}
}

func svc(name string, port int32) networkingv1.IngressBackend {
	return networkingv1.IngressBackend{Service: &networkingv1.IngressServiceBackend{Name: name, Port: networkingv1.ServiceBackendPort{Number: port}}}
}

func validClass() *networkingv1.IngressClass {
	return &networkingv1.IngressClass{
		ObjectMeta: metav1.ObjectMeta{Name: "external-lb"},
		Spec: networkingv1.IngressClassSpec{
			Controller: "example.com/ingress-controller",
			Parameters: &networkingv1.IngressClassParametersReference{APIGroup: ptr("k8s.example.com"), Kind: "IngressParameters", Name: "external-lb"},
		},
	}
}

func ptr[T any](v T) *T { return &v }

func pathOf(ing *networkingv1.Ingress) *networkingv1.HTTPIngressPath {
	return &ing.Spec.Rules[0].HTTP.Paths[0]
}

// ingressCases: one accepted and at least one rejected case for every rule
// of validateIngress in Kubernetes 1.37 (pkg/apis/networking/validation).
var ingressCases = []struct {
	rule   string
	mutate func(*networkingv1.Ingress)
}{
	{"valid", func(*networkingv1.Ingress) {}},
	{"metadata: empty namespace accepted (filled from the request)", func(i *networkingv1.Ingress) { i.Namespace = "" }},
	{"metadata: generateName accepted", func(i *networkingv1.Ingress) { i.Name, i.GenerateName = "", "web-" }},
	{"metadata: name required", func(i *networkingv1.Ingress) { i.Name = "" }},
	{"metadata: name is a DNS-1123 subdomain", func(i *networkingv1.Ingress) { i.Name = "Web_1" }},
	{"metadata: generateName is a DNS-1123 subdomain prefix", func(i *networkingv1.Ingress) { i.Name, i.GenerateName = "", "Web_" }},
	{"metadata: namespace is a DNS-1123 label", func(i *networkingv1.Ingress) { i.Namespace = "my.ns" }},
	{"metadata: annotation keys are qualified names", func(i *networkingv1.Ingress) { i.Annotations["bad key"] = "x" }},
	{"metadata: label values", func(i *networkingv1.Ingress) { i.Labels = map[string]string{"app": "a b"} }},
	{"metadata: standard finalizer accepted", func(i *networkingv1.Ingress) { i.Finalizers = []string{"kubernetes", "example.com/f"} }},
	{"metadata: finalizer neither standard nor qualified", func(i *networkingv1.Ingress) { i.Finalizers = []string{"custom"} }},
	{"spec: defaultBackend alone accepted", func(i *networkingv1.Ingress) {
		i.Spec.Rules, i.Spec.TLS = nil, nil
		b := svc("default", 80)
		i.Spec.DefaultBackend = &b
	}},
	{"spec: rules or defaultBackend required", func(i *networkingv1.Ingress) { i.Spec.Rules, i.Spec.TLS = nil, nil }},
	{"backend: resource accepted", func(i *networkingv1.Ingress) {
		pathOf(i).Backend = networkingv1.IngressBackend{Resource: &corev1TypedRef}
	}},
	{"backend: not both resource and service", func(i *networkingv1.Ingress) { pathOf(i).Backend.Resource = &corev1TypedRef }},
	{"backend: one of resource or service", func(i *networkingv1.Ingress) { pathOf(i).Backend = networkingv1.IngressBackend{} }},
	{"backend: resource kind and name required", func(i *networkingv1.Ingress) {
		pathOf(i).Backend = networkingv1.IngressBackend{Resource: &corev1TypedRefEmpty}
	}},
	{"backend: resource apiGroup, kind and name valid", func(i *networkingv1.Ingress) {
		pathOf(i).Backend = networkingv1.IngressBackend{Resource: &corev1TypedRefBad}
	}},
	{"backend: service name required", func(i *networkingv1.Ingress) { pathOf(i).Backend.Service.Name = "" }},
	{"backend: service name starting with a digit accepted (1.37 DNS-1123 label)", func(i *networkingv1.Ingress) { pathOf(i).Backend.Service.Name = "1web" }},
	{"backend: service name is a DNS-1123 label", func(i *networkingv1.Ingress) { pathOf(i).Backend.Service.Name = "Web.svc" }},
	{"backend: port name accepted", func(i *networkingv1.Ingress) {
		pathOf(i).Backend.Service.Port = networkingv1.ServiceBackendPort{Name: "http"}
	}},
	{"backend: not both port name and number", func(i *networkingv1.Ingress) { pathOf(i).Backend.Service.Port.Name = "http" }},
	{"backend: port name valid", func(i *networkingv1.Ingress) {
		pathOf(i).Backend.Service.Port = networkingv1.ServiceBackendPort{Name: "HTTP_1"}
	}},
	{"backend: port number in range", func(i *networkingv1.Ingress) { pathOf(i).Backend.Service.Port.Number = 70000 }},
	{"backend: port required", func(i *networkingv1.Ingress) { pathOf(i).Backend.Service.Port.Number = 0 }},
	{"defaultBackend: validated like a path backend", func(i *networkingv1.Ingress) {
		b := svc("", 0)
		i.Spec.DefaultBackend = &b
	}},
	{"rules: host may be empty", func(i *networkingv1.Ingress) { i.Spec.Rules[0].Host, i.Spec.TLS = "", nil }},
	{"rules: wildcard host accepted", func(i *networkingv1.Ingress) { i.Spec.Rules[0].Host = "*.bar.com" }},
	{"rules: host not an IP", func(i *networkingv1.Ingress) { i.Spec.Rules[0].Host = "10.0.0.1" }},
	{"rules: host not an IP, leading zeros too", func(i *networkingv1.Ingress) { i.Spec.Rules[0].Host = "010.000.0.1" }},
	{"rules: host not an IPv6 address", func(i *networkingv1.Ingress) { i.Spec.Rules[0].Host = "::1" }},
	{"rules: host is a DNS-1123 subdomain", func(i *networkingv1.Ingress) { i.Spec.Rules[0].Host = "Foo.bar.com" }},
	{"rules: wildcard host is a wildcard DNS-1123 subdomain", func(i *networkingv1.Ingress) { i.Spec.Rules[0].Host = "foo.*.com" }},
	{"rules: host with a port", func(i *networkingv1.Ingress) { i.Spec.Rules[0].Host = "foo.bar.com:80" }},
	{"rules: rule without http accepted", func(i *networkingv1.Ingress) { i.Spec.Rules[0].HTTP = nil }},
	{"rules: http.paths required", func(i *networkingv1.Ingress) { i.Spec.Rules[0].HTTP.Paths = nil }},
	{"paths: pathType required", func(i *networkingv1.Ingress) { pathOf(i).PathType = nil }},
	{"paths: pathType supported", func(i *networkingv1.Ingress) { pathOf(i).PathType = ptr(networkingv1.PathType("Regex")) }},
	{"paths: Exact accepted", func(i *networkingv1.Ingress) { pathOf(i).PathType = ptr(networkingv1.PathTypeExact) }},
	{"paths: Exact and Prefix are absolute", func(i *networkingv1.Ingress) { pathOf(i).Path = "foo" }},
	{"paths: Exact and Prefix are absolute, empty too", func(i *networkingv1.Ingress) { pathOf(i).Path = "" }},
	{"paths: no //", func(i *networkingv1.Ingress) { pathOf(i).Path = "/a//b" }},
	{"paths: no /./", func(i *networkingv1.Ingress) { pathOf(i).Path = "/a/./b" }},
	{"paths: no /../", func(i *networkingv1.Ingress) { pathOf(i).Path = "/a/../b" }},
	{"paths: no %2f", func(i *networkingv1.Ingress) { pathOf(i).Path = "/a%2fb" }},
	{"paths: no %2F", func(i *networkingv1.Ingress) { pathOf(i).Path = "/a%2Fb" }},
	{"paths: not ending with /..", func(i *networkingv1.Ingress) { pathOf(i).Path = "/a/.." }},
	{"paths: not ending with /.", func(i *networkingv1.Ingress) { pathOf(i).Path = "/a/." }},
	{"paths: ImplementationSpecific may be empty", func(i *networkingv1.Ingress) {
		pathOf(i).PathType, pathOf(i).Path = ptr(networkingv1.PathTypeImplementationSpecific), ""
	}},
	{"paths: ImplementationSpecific may hold //", func(i *networkingv1.Ingress) {
		pathOf(i).PathType, pathOf(i).Path = ptr(networkingv1.PathTypeImplementationSpecific), "/a//b(.*)"
	}},
	{"paths: ImplementationSpecific is absolute", func(i *networkingv1.Ingress) {
		pathOf(i).PathType, pathOf(i).Path = ptr(networkingv1.PathTypeImplementationSpecific), "a"
	}},
	{"tls: wildcard host accepted, no secret accepted", func(i *networkingv1.Ingress) {
		i.Spec.TLS = []networkingv1.IngressTLS{{Hosts: []string{"*.bar.com"}}}
	}},
	{"tls: hosts are DNS-1123 subdomains", func(i *networkingv1.Ingress) { i.Spec.TLS[0].Hosts = []string{"Foo.com", "*.Bar.com"} }},
	{"tls: secretName is a DNS-1123 subdomain", func(i *networkingv1.Ingress) { i.Spec.TLS[0].SecretName = "TLS_secret" }},
	{"ingressClassName is a DNS-1123 subdomain", func(i *networkingv1.Ingress) { i.Spec.IngressClassName = ptr("Nginx_1") }},
	{"annotation equal to ingressClassName accepted", func(i *networkingv1.Ingress) { i.Annotations["kubernetes.io/ingress.class"] = "nginx" }},
	{"annotation must match ingressClassName", func(i *networkingv1.Ingress) { i.Annotations["kubernetes.io/ingress.class"] = "traefik" }},
	{"annotation alone accepted (with a warning)", func(i *networkingv1.Ingress) {
		i.Annotations["kubernetes.io/ingress.class"] = "traefik"
		i.Spec.IngressClassName = nil
	}},
	{"errors come in the server's order", func(i *networkingv1.Ingress) {
		i.Name = "A"
		i.Spec.Rules[0].Host = "B"
		pathOf(i).Path = "c"
		pathOf(i).Backend = networkingv1.IngressBackend{}
		i.Spec.TLS[0].SecretName = "D"
		i.Spec.IngressClassName = ptr("E")
		i.Annotations["kubernetes.io/ingress.class"] = "f"
		b := networkingv1.IngressBackend{}
		i.Spec.DefaultBackend = &b
	}},
}

var (
	corev1TypedRef      = typedRef(ptr("k8s.example.com"), "StorageBucket", "icon-assets")
	corev1TypedRefEmpty = typedRef(nil, "", "")
	corev1TypedRefBad   = typedRef(ptr("Example.COM"), "a/b", "..")
)

// classCases: one accepted and at least one rejected case for every rule of
// ValidateIngressClass in Kubernetes 1.37.
var classCases = []struct {
	rule   string
	mutate func(*networkingv1.IngressClass)
}{
	{"valid (scope defaults to Cluster)", func(*networkingv1.IngressClass) {}},
	{"metadata: name is a DNS-1123 subdomain", func(c *networkingv1.IngressClass) { c.Name = "External_LB" }},
	{"metadata: cluster-scoped, a namespace is cleared by the server", func(c *networkingv1.IngressClass) { c.Namespace = "default" }},
	{"controller: domain-prefixed path", func(c *networkingv1.IngressClass) { c.Spec.Controller = "nginx" }},
	{"controller: required", func(c *networkingv1.IngressClass) { c.Spec.Controller = "" }},
	{"controller: at most 250 characters", func(c *networkingv1.IngressClass) {
		c.Spec.Controller = "example.com/" + strings.Repeat("a", 239)
	}},
	{"parameters: none accepted", func(c *networkingv1.IngressClass) { c.Spec.Parameters = nil }},
	{"parameters: kind and name required", func(c *networkingv1.IngressClass) { c.Spec.Parameters.Kind, c.Spec.Parameters.Name = "", "" }},
	{"parameters: apiGroup, kind and name valid", func(c *networkingv1.IngressClass) {
		c.Spec.Parameters.APIGroup, c.Spec.Parameters.Kind, c.Spec.Parameters.Name = ptr("Bad_Group"), "a%b", "."
	}},
	{"parameters: Namespace scope with namespace accepted", func(c *networkingv1.IngressClass) {
		c.Spec.Parameters.Scope, c.Spec.Parameters.Namespace = ptr("Namespace"), ptr("external-configuration")
	}},
	{"parameters: Namespace scope needs a namespace", func(c *networkingv1.IngressClass) { c.Spec.Parameters.Scope = ptr("Namespace") }},
	{"parameters: namespace is a DNS-1123 label", func(c *networkingv1.IngressClass) {
		c.Spec.Parameters.Scope, c.Spec.Parameters.Namespace = ptr("Namespace"), ptr("Bad.NS")
	}},
	{"parameters: Cluster scope forbids a namespace", func(c *networkingv1.IngressClass) {
		c.Spec.Parameters.Scope, c.Spec.Parameters.Namespace = ptr("Cluster"), ptr("ns")
	}},
	{"parameters: defaulted scope forbids a namespace", func(c *networkingv1.IngressClass) { c.Spec.Parameters.Namespace = ptr("ns") }},
	{"parameters: scope supported", func(c *networkingv1.IngressClass) { c.Spec.Parameters.Scope = ptr("Global") }},
	{"parameters: declarative kind/name errors come last", func(c *networkingv1.IngressClass) {
		c.Spec.Parameters.Kind, c.Spec.Parameters.Name, c.Spec.Parameters.Namespace = "", "", ptr("ns")
		c.Spec.Controller = "x"
	}},
}

func typedRef(group *string, kind, name string) corev1.TypedLocalObjectReference {
	return corev1.TypedLocalObjectReference{APIGroup: group, Kind: kind, Name: name}
}
