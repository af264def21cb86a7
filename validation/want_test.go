package validation_test

import (
	networkingv1 "k8s.io/api/networking/v1"
	"k8s.io/apimachinery/pkg/util/validation/field"
)

// Expected errors of ingressCases and classCases, by rule. Each was checked
// against pkg/apis/networking/validation of Kubernetes 1.37.2 and the
// apimachinery helpers it calls; see TestValidateIngressTable.

var wantIngress = map[string][]wantErr{
	"valid": {},
	"metadata: empty namespace accepted (filled from the request)": {},
	"metadata: generateName accepted":                              {},
	"metadata: name required": {
		{field.ErrorTypeRequired, "metadata.name", "", "name or generateName is required"},
	},
	"metadata: name is a DNS-1123 subdomain": {
		{field.ErrorTypeInvalid, "metadata.name", "Web_1", "a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character (e.g. 'example.com', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*')"},
	},
	"metadata: generateName is a DNS-1123 subdomain prefix": {
		{field.ErrorTypeInvalid, "metadata.generateName", "Web_", "a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character (e.g. 'example.com', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*')"},
		{field.ErrorTypeInvalid, "metadata.name", "Web_x2b4z", "a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character (e.g. 'example.com', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*')"},
	},
	"metadata: namespace is a DNS-1123 label": {
		{field.ErrorTypeInvalid, "metadata.namespace", "my.ns", "must not contain dots"},
	},
	"metadata: annotation keys are qualified names": {
		{field.ErrorTypeInvalid, "metadata.annotations", "bad key", "name part must consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyName',  or 'my.name',  or '123-abc', regex used for validation is '([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]')"},
	},
	"metadata: label values": {
		{field.ErrorTypeInvalid, "metadata.labels", "a b", "a valid label must be an empty string or consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyValue',  or 'my_value',  or '12345', regex used for validation is '(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?')"},
	},
	"metadata: standard finalizer accepted": {},
	"metadata: finalizer neither standard nor qualified": {
		{field.ErrorTypeInvalid, "metadata.finalizers[0]", "custom", "name is neither a standard finalizer name nor is it fully qualified"},
	},
	"spec: defaultBackend alone accepted": {},
	"spec: rules or defaultBackend required": {
		{field.ErrorTypeInvalid, "spec", []networkingv1.IngressRule(nil), "either `defaultBackend` or `rules` must be specified"},
	},
	"backend: resource accepted": {},
	"backend: not both resource and service": {
		{field.ErrorTypeInvalid, "spec.rules[0].http.paths[0].backend", "", "cannot set both resource and service backends"},
	},
	"backend: one of resource or service": {
		{field.ErrorTypeInvalid, "spec.rules[0].http.paths[0].backend", "", "resource or service backend is required"},
	},
	"backend: resource kind and name required": {
		{field.ErrorTypeRequired, "spec.rules[0].http.paths[0].backend.resource.kind", "", ""},
		{field.ErrorTypeRequired, "spec.rules[0].http.paths[0].backend.resource.name", "", ""},
	},
	"backend: resource apiGroup, kind and name valid": {
		{field.ErrorTypeInvalid, "spec.rules[0].http.paths[0].backend.resource.apiGroup", "Example.COM", "a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character (e.g. 'example.com', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*')"},
		{field.ErrorTypeInvalid, "spec.rules[0].http.paths[0].backend.resource.kind", "a/b", "may not contain '/'"},
		{field.ErrorTypeInvalid, "spec.rules[0].http.paths[0].backend.resource.name", "..", "may not be '..'"},
	},
	"backend: service name required": {
		{field.ErrorTypeRequired, "spec.rules[0].http.paths[0].backend.service.name", "", ""},
	},
	"backend: service name starting with a digit accepted (1.37 DNS-1123 label)": {},
	"backend: service name is a DNS-1123 label": {
		{field.ErrorTypeInvalid, "spec.rules[0].http.paths[0].backend.service.name", "Web.svc", "a lowercase RFC 1123 label must consist of lower case alphanumeric characters or '-', and must start and end with an alphanumeric character (e.g. 'my-name',  or '123-abc', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?')"},
	},
	"backend: port name accepted": {},
	"backend: not both port name and number": {
		{field.ErrorTypeInvalid, "spec.rules[0].http.paths[0].backend", "", "cannot set both port name & port number"},
	},
	"backend: port name valid": {
		{field.ErrorTypeInvalid, "spec.rules[0].http.paths[0].backend.service.port.name", "HTTP_1", "must contain only alpha-numeric characters (a-z, 0-9), and hyphens (-)"},
		{field.ErrorTypeInvalid, "spec.rules[0].http.paths[0].backend.service.port.name", "HTTP_1", "must contain at least one letter (a-z)"},
	},
	"backend: port number in range": {
		{field.ErrorTypeInvalid, "spec.rules[0].http.paths[0].backend.service.port.number", int32(70000), "must be between 1 and 65535, inclusive"},
	},
	"backend: port required": {
		{field.ErrorTypeRequired, "spec.rules[0].http.paths[0].backend", "", "port name or number is required"},
	},
	"defaultBackend: validated like a path backend": {
		{field.ErrorTypeRequired, "spec.defaultBackend.service.name", "", ""},
		{field.ErrorTypeRequired, "spec.defaultBackend", "", "port name or number is required"},
	},
	"rules: host may be empty":      {},
	"rules: wildcard host accepted": {},
	"rules: host not an IP": {
		{field.ErrorTypeInvalid, "spec.rules[0].host", "10.0.0.1", "must be a DNS name, not an IP address"},
	},
	"rules: host not an IP, leading zeros too": {
		{field.ErrorTypeInvalid, "spec.rules[0].host", "010.000.0.1", "must be a DNS name, not an IP address"},
	},
	"rules: host not an IPv6 address": {
		{field.ErrorTypeInvalid, "spec.rules[0].host", "::1", "must be a DNS name, not an IP address"},
		{field.ErrorTypeInvalid, "spec.rules[0].host", "::1", "a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character (e.g. 'example.com', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*')"},
	},
	"rules: host is a DNS-1123 subdomain": {
		{field.ErrorTypeInvalid, "spec.rules[0].host", "Foo.bar.com", "a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character (e.g. 'example.com', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*')"},
	},
	"rules: wildcard host is a wildcard DNS-1123 subdomain": {
		{field.ErrorTypeInvalid, "spec.rules[0].host", "foo.*.com", "a wildcard DNS-1123 subdomain must start with '*.', followed by a valid DNS subdomain, which must consist of lower case alphanumeric characters, '-' or '.' and end with an alphanumeric character (e.g. '*.example.com', regex used for validation is '\\*\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*')"},
	},
	"rules: host with a port": {
		{field.ErrorTypeInvalid, "spec.rules[0].host", "foo.bar.com:80", "a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character (e.g. 'example.com', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*')"},
	},
	"rules: rule without http accepted": {},
	"rules: http.paths required": {
		{field.ErrorTypeRequired, "spec.rules[0].http.paths", "", ""},
	},
	"paths: pathType required": {
		{field.ErrorTypeRequired, "spec.rules[0].http.paths[0].pathType", "", "pathType must be specified"},
	},
	"paths: pathType supported": {
		{field.ErrorTypeNotSupported, "spec.rules[0].http.paths[0].pathType", networkingv1.PathType("Regex"), "supported values: \"Exact\", \"ImplementationSpecific\", \"Prefix\""},
	},
	"paths: Exact accepted": {},
	"paths: Exact and Prefix are absolute": {
		{field.ErrorTypeInvalid, "spec.rules[0].http.paths[0].path", "foo", "must be an absolute path"},
	},
	"paths: Exact and Prefix are absolute, empty too": {
		{field.ErrorTypeInvalid, "spec.rules[0].http.paths[0].path", "", "must be an absolute path"},
	},
	"paths: no //": {
		{field.ErrorTypeInvalid, "spec.rules[0].http.paths[0].path", "/a//b", "must not contain '//'"},
	},
	"paths: no /./": {
		{field.ErrorTypeInvalid, "spec.rules[0].http.paths[0].path", "/a/./b", "must not contain '/./'"},
	},
	"paths: no /../": {
		{field.ErrorTypeInvalid, "spec.rules[0].http.paths[0].path", "/a/../b", "must not contain '/../'"},
	},
	"paths: no %2f": {
		{field.ErrorTypeInvalid, "spec.rules[0].http.paths[0].path", "/a%2fb", "must not contain '%2f'"},
	},
	"paths: no %2F": {
		{field.ErrorTypeInvalid, "spec.rules[0].http.paths[0].path", "/a%2Fb", "must not contain '%2F'"},
	},
	"paths: not ending with /..": {
		{field.ErrorTypeInvalid, "spec.rules[0].http.paths[0].path", "/a/..", "cannot end with '/..'"},
	},
	"paths: not ending with /.": {
		{field.ErrorTypeInvalid, "spec.rules[0].http.paths[0].path", "/a/.", "cannot end with '/.'"},
	},
	"paths: ImplementationSpecific may be empty": {},
	"paths: ImplementationSpecific may hold //":  {},
	"paths: ImplementationSpecific is absolute": {
		{field.ErrorTypeInvalid, "spec.rules[0].http.paths[0].path", "a", "must be an absolute path"},
	},
	"tls: wildcard host accepted, no secret accepted": {},
	"tls: hosts are DNS-1123 subdomains": {
		{field.ErrorTypeInvalid, "spec.tls[0].hosts[0]", "Foo.com", "a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character (e.g. 'example.com', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*')"},
		{field.ErrorTypeInvalid, "spec.tls[0].hosts[1]", "*.Bar.com", "a wildcard DNS-1123 subdomain must start with '*.', followed by a valid DNS subdomain, which must consist of lower case alphanumeric characters, '-' or '.' and end with an alphanumeric character (e.g. '*.example.com', regex used for validation is '\\*\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*')"},
	},
	"tls: secretName is a DNS-1123 subdomain": {
		{field.ErrorTypeInvalid, "spec.tls[0].secretName", "TLS_secret", "a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character (e.g. 'example.com', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*')"},
	},
	"ingressClassName is a DNS-1123 subdomain": {
		{field.ErrorTypeInvalid, "spec.ingressClassName", "Nginx_1", "a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character (e.g. 'example.com', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*')"},
	},
	"annotation equal to ingressClassName accepted": {},
	"annotation must match ingressClassName": {
		{field.ErrorTypeInvalid, "annotations.kubernetes.io/ingress.class", "traefik", "must match `ingressClassName` when both are specified"},
	},
	"annotation alone accepted (with a warning)": {},
	"errors come in the server's order": {
		{field.ErrorTypeInvalid, "metadata.name", "A", "a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character (e.g. 'example.com', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*')"},
		{field.ErrorTypeInvalid, "spec.defaultBackend", "", "resource or service backend is required"},
		{field.ErrorTypeInvalid, "spec.rules[0].host", "B", "a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character (e.g. 'example.com', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*')"},
		{field.ErrorTypeInvalid, "spec.rules[0].http.paths[0].path", "c", "must be an absolute path"},
		{field.ErrorTypeInvalid, "spec.rules[0].http.paths[0].backend", "", "resource or service backend is required"},
		{field.ErrorTypeInvalid, "spec.tls[0].secretName", "D", "a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character (e.g. 'example.com', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*')"},
		{field.ErrorTypeInvalid, "spec.ingressClassName", "E", "a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character (e.g. 'example.com', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*')"},
		{field.ErrorTypeInvalid, "annotations.kubernetes.io/ingress.class", "f", "must match `ingressClassName` when both are specified"},
	},
}

var wantClass = map[string][]wantErr{
	"valid (scope defaults to Cluster)": {},
	"metadata: name is a DNS-1123 subdomain": {
		{field.ErrorTypeInvalid, "metadata.name", "External_LB", "a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character (e.g. 'example.com', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*')"},
	},
	"metadata: cluster-scoped, a namespace is cleared by the server": {},
	"controller: domain-prefixed path": {
		{field.ErrorTypeInvalid, "spec.controller", "nginx", "must be a domain-prefixed path (such as \"acme.io/foo\")"},
	},
	"controller: required": {
		{field.ErrorTypeRequired, "spec.controller", "", ""},
	},
	"controller: at most 250 characters": {
		{field.ErrorTypeTooLong, "spec.controller", "<value omitted>", "may not be more than 250 bytes"},
	},
	"parameters: none accepted": {},
	"parameters: kind and name required": {
		{field.ErrorTypeRequired, "spec.parameters.kind", "", ""},
		{field.ErrorTypeRequired, "spec.parameters.name", "", ""},
	},
	"parameters: apiGroup, kind and name valid": {
		{field.ErrorTypeInvalid, "spec.parameters.apiGroup", "Bad_Group", "a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character (e.g. 'example.com', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*')"},
		{field.ErrorTypeInvalid, "spec.parameters.kind", "a%b", "may not contain '%'"},
		{field.ErrorTypeInvalid, "spec.parameters.name", ".", "may not be '.'"},
	},
	"parameters: Namespace scope with namespace accepted": {},
	"parameters: Namespace scope needs a namespace": {
		{field.ErrorTypeRequired, "spec.parameters.namespace", "", "`parameters.scope` is set to 'Namespace'"},
	},
	"parameters: namespace is a DNS-1123 label": {
		{field.ErrorTypeInvalid, "spec.parameters.namespace", "Bad.NS", "a lowercase RFC 1123 label must consist of lower case alphanumeric characters or '-', and must start and end with an alphanumeric character (e.g. 'my-name',  or '123-abc', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?')"},
	},
	"parameters: Cluster scope forbids a namespace": {
		{field.ErrorTypeForbidden, "spec.parameters.namespace", "", "`parameters.scope` is set to 'Cluster'"},
	},
	"parameters: defaulted scope forbids a namespace": {
		{field.ErrorTypeForbidden, "spec.parameters.namespace", "", "`parameters.scope` is set to 'Cluster'"},
	},
	"parameters: scope supported": {
		{field.ErrorTypeNotSupported, "spec.parameters.scope", "Global", "supported values: \"Cluster\", \"Namespace\""},
	},
	"parameters: declarative kind/name errors come last": {
		{field.ErrorTypeInvalid, "spec.controller", "x", "must be a domain-prefixed path (such as \"acme.io/foo\")"},
		{field.ErrorTypeForbidden, "spec.parameters.namespace", "", "`parameters.scope` is set to 'Cluster'"},
		{field.ErrorTypeRequired, "spec.parameters.kind", "", ""},
		{field.ErrorTypeRequired, "spec.parameters.name", "", ""},
	},
}
