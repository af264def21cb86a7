// Package classresolve answers the IngressClass questions of a controller:
// which class an Ingress asks for, which class the API server gives an
// Ingress created without one, whether a controller owns an Ingress, and
// where an IngressClass's parameters live.
//
// # Semantics
//
// The class of an Ingress is spec.ingressClassName, else the deprecated
// kubernetes.io/ingress.class annotation, read as the name of an
// IngressClass ([AnnotationFirst] reverses the order, as Contour and Istio
// do).
//
// The default class is what the API server's DefaultIngressClass admission
// plugin (Kubernetes 1.37) assigns to an Ingress created with neither the
// field nor the annotation: among the IngressClasses whose
// ingressclass.kubernetes.io/is-default-class annotation is exactly "true",
// the newest by creationTimestamp (compared in nanoseconds), ties broken by
// name in ascending order. Several default classes are reported by
// [Resolver.Diagnostics]; [RefuseSeveralDefaults] gives the behaviour before
// Kubernetes 1.25, when the plugin refused to create such an Ingress.
//
// A controller owns an Ingress whose class names an IngressClass whose
// spec.controller is the controller's name. A classless Ingress is owned
// only with [WithClassless] (like ingress-nginx's
// --watch-ingress-without-class), or, with [AssumeDefaultClass], when the
// default class is the controller's — what the admission plugin would
// decide for a manifest not yet created.
//
// # Parameters
//
// [ParametersOf] resolves spec.parameters into a reference a controller can
// fetch: the scope defaults to Cluster as the API server defaults it, and a
// Namespace-scoped reference carries its namespace.
//
// A [Resolver] is immutable and safe for concurrent use; it keeps the
// caller's pointers.
package classresolve
