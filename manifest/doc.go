// Package manifest reads Kubernetes manifests — files, directories, or any
// reader — and returns the Ingresses, IngressClasses and TLS Secrets they
// hold as k8s.io/api networking/v1 and core/v1 values. Every reader of this
// module (the ingressroute command, the conformance suite, the proxy
// example) loads manifests through it.
//
// # Formats
//
// A source is a stream of YAML documents separated by "---", or of JSON
// values. A stream that begins with '{' but whose first value is no JSON
// is YAML in flow style ({apiVersion: networking.k8s.io/v1, …}), read as
// kubectl reads it; so is a chart's template that begins with "{{", which
// is then reported as a template. A document of kind List, or of any kind
// ending in "List" with an items array (IngressList, SecretList, …),
// contributes each of its items. Directories are read recursively, in
// lexical order, taking the files that end in .yaml, .yml or .json; a path
// that is a symbolic link to a directory is read as the directory. The
// path "-" reads standard input.
//
// # Duplicates
//
// An Ingress whose namespace and name come again in a later document
// replaces the first, in its place, as a cluster keeps the last one
// applied; a [Note] names both documents. Reading n Ingresses costs O(n).
//
// # Versions
//
// These apiVersion/kind pairs are read:
//
//   - networking.k8s.io/v1 Ingress and IngressClass, as they are;
//   - networking.k8s.io/v1beta1 and extensions/v1beta1 Ingress, converted to
//     networking.k8s.io/v1 as the API server converts them: spec.backend
//     becomes spec.defaultBackend; serviceName and servicePort become
//     service.name and service.port.number, or service.port.name when the
//     port is a string; a resource backend is kept; a path without pathType
//     gets ImplementationSpecific, as the API server's v1beta1 defaulting
//     does;
//   - networking.k8s.io/v1beta1 IngressClass, converted field for field;
//   - v1 Secret of type kubernetes.io/tls.
//
// Each converted object comes with a [Note] saying so, so that a tool can
// ask for the manifest to be updated (v1beta1 Ingress was removed in
// Kubernetes 1.22). Any other kind, and a Secret of another type, is
// skipped with a Note naming the file, document and kind.
//
// # Errors
//
// A document that cannot be read — bad YAML or JSON, no apiVersion or kind,
// a field of the wrong type, an unknown or duplicated field — is skipped
// with an [*Error] that names the file, the document (1-based) and, where
// the decoder says, the field. The other documents still load: [Load] and
// [Read] return everything that loaded together with all the errors, joined.
// No input makes them panic.
package manifest
