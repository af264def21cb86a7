// Package ingress is the root of ingresslib: what a Kubernetes
// networking.k8s.io/v1 Ingress means for a request, answered the same way for
// every controller, linter, migration tool and platform that imports it.
//
// The root package holds the vocabulary the subpackages share: [Diagnostic]
// (what matcher, tlsselect, classresolve and validation.Strict report, in
// one shape a controller turns into Events with one loop) and [Order] (how
// Ingresses whose rules tie are ordered, for matcher and tlsselect alike).
// The answers live in its subpackages:
//
//   - [github.com/ingresslib/ingress/matcher]: which backend serves a request
//     (host and path) through many Ingresses, why, and what in them is
//     skipped, shadowed or shared — the compiled, immutable Matcher.
//   - [github.com/ingresslib/ingress/validation]: what the Kubernetes API
//     server answers when an Ingress or IngressClass is created or updated,
//     offline, and what controllers reject beyond it.
//   - [github.com/ingresslib/ingress/classresolve]: which class an Ingress
//     asks for, the default class, which Ingresses a controller owns.
//   - [github.com/ingresslib/ingress/tlsselect]: which TLS Secret answers
//     an SNI name, and what is wrong with the TLS entries and certificates.
//   - [github.com/ingresslib/ingress/conformance]: a suite any Ingress
//     controller runs under go test against its own router.
//   - [github.com/ingresslib/ingress/manifest]: the Ingresses,
//     IngressClasses and TLS Secrets in YAML or JSON manifests, old
//     v1beta1 versions converted as the API server converts them.
//   - [github.com/ingresslib/ingress/pathmatch]: does an Exact, Prefix or
//     ImplementationSpecific path match a request path, which of two matching
//     paths wins, how a request path is normalised, is a path valid.
//   - [github.com/ingresslib/ingress/hostmatch]: does a rule host (exact or
//     *.wildcard) match a Host header, how a Host header is normalised, which
//     host is more specific.
//
// The command ingressroute (cmd/ingressroute) answers "which backend does
// this URL reach, and why" from the command line. README.md lists the rules
// every package follows, their options, and the measured performance.
package ingress
