// Package ingress is the root of ingresslib: what a Kubernetes
// networking.k8s.io/v1 Ingress means for a request, answered the same way for
// every controller, linter, migration tool and platform that imports it.
//
// The root package holds no code; the answers live in its subpackages:
//
//   - [github.com/ingresslib/ingress/pathmatch]: does an Exact, Prefix or
//     ImplementationSpecific path match a request path, which of two matching
//     paths wins, how a request path is normalised, is a path valid.
//   - [github.com/ingresslib/ingress/hostmatch]: does a rule host (exact or
//     *.wildcard) match a Host header, how a Host header is normalised, which
//     host is more specific.
//
// The design contract, with the semantics every package follows, is in the
// repository's DESIGN notes and README.md.
package ingress
