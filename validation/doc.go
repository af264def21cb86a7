// Package validation is the Kubernetes API server's validation of
// networking.k8s.io/v1 Ingress and IngressClass objects, offline: the
// answer a Kubernetes 1.37 API server gives on create and update, with the
// same error types, field paths, detail strings and order, as a
// field.ErrorList. It is built on k8s.io/apimachinery's field errors and
// DNS-name checks and never imports k8s.io/kubernetes. The answer does not
// depend on the apimachinery release a program resolves (v0.31 to v0.37):
// the metadata rules, whose wording apimachinery changed between those
// releases, are written here in Kubernetes 1.37's words, and errors about
// labels and annotations come in key order.
//
// # What the API server does before validating
//
//   - The namespace of an Ingress comes from the request when the object
//     has none; [ValidateIngress] accepts an empty metadata.namespace
//     (manifests omit it) and validates the rest of the metadata as if it
//     were set.
//   - A metadata.generateName without a name is validated through a name
//     of the shape the server generates (the prefix cut to 58 bytes, plus
//     five characters).
//   - IngressClass spec.parameters.scope defaults to Cluster
//     ([DefaultIngressClass]); the validation functions apply it on a copy.
//
// # Rules checked (Kubernetes 1.37)
//
// Ingress, on create ([ValidateIngress]):
//
//   - metadata: the API server's ValidateObjectMeta (name a DNS-1123
//     subdomain, namespace a DNS-1123 label, label and annotation keys and
//     values, annotation size, owner references, managed fields,
//     finalizers) and the core rule that a finalizer without '/' is a
//     standard one;
//   - spec: rules or defaultBackend required ("either `defaultBackend` or
//     `rules` must be specified");
//   - a backend (spec.defaultBackend, …paths[i].backend) is a service or a
//     resource, not both and not neither; a service name is a DNS-1123
//     label (RelaxedServiceNameValidation, GA in 1.37); a port has a name
//     (IANA service name) or a number (1-65535), not both and not neither;
//     a resource has a DNS-1123 apiGroup, a kind and a name that are valid
//     path segments;
//   - spec.rules[i].host: not an IP address; a DNS-1123 subdomain, or a
//     wildcard DNS-1123 subdomain when it contains '*';
//   - spec.rules[i].http.paths: required when http is set; each path has a
//     pathType (Exact, Prefix or ImplementationSpecific); an Exact or
//     Prefix path is absolute, has no "//", "/./", "/../", "%2f", "%2F" and
//     does not end with "/.." or "/."; an ImplementationSpecific path is
//     empty or absolute (pathmatch.CheckPath holds these rules);
//   - spec.tls[i].hosts[j]: a DNS-1123 subdomain or wildcard subdomain;
//     spec.tls[i].secretName: empty or a DNS-1123 subdomain;
//   - spec.ingressClassName: a DNS-1123 subdomain;
//   - the kubernetes.io/ingress.class annotation, when spec.ingressClassName
//     is also set, must equal it; the error is reported at the field path
//     "annotations.kubernetes.io/ingress.class", as the server reports it.
//
// Ingress, on update ([ValidateIngressUpdate]): metadata update rules
// (immutable name, namespace, UID, creation time…), then the create rules
// but the annotation check, relaxed for data the old object already had: an
// invalid TLS secret name in the old object turns the secret-name check
// off; an invalid wildcard-host rule in the old object turns off the checks
// of wildcard rules' paths.
//
// IngressClass ([ValidateIngressClass], [ValidateIngressClassUpdate]):
// metadata (cluster-scoped); spec.controller at most 250 characters and a
// domain-prefixed path (example.com/controller), immutable on update;
// spec.parameters: apiGroup, kind and name as for a resource backend, scope
// Cluster or Namespace, a namespace required with Namespace and forbidden
// with Cluster.
//
// [Warnings] returns the server's warning for the deprecated class
// annotation. [KubectlMessage] prints errors as kubectl does.
//
// # Beyond the API server
//
// [Strict] is an opt-in layer of rules the API server does not have but
// controllers enforce or read differently (regular-expression characters in
// Exact and Prefix paths, characters ingress-nginx rejects, TLS hosts no
// rule serves, rule hosts no TLS host covers), each finding with its field
// and, where one exists, the fix.
package validation
