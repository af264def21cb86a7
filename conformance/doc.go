// Package conformance is a suite any Ingress controller runs under go test
// against its own router, in-process, to check its routing against the
// Kubernetes Ingress rules and this library's documented defaults.
//
// A controller implements [Router] — answer a Host header and a request
// path with a backend or "no route" — and, if it terminates TLS,
// [TLSRouter]. Its test calls [Run]:
//
//	func TestConformance(t *testing.T) {
//		conformance.Run(t, func(ings []*networkingv1.Ingress) (conformance.Router, error) {
//			return myrouter.Build(ings)
//		}, conformance.WithFeatures(conformance.DefaultBackend, conformance.MultipleIngresses))
//	}
//
// # Cases
//
// The cases are data: YAML files under cases/, embedded in the package so
// that any module can run them. Each case holds Ingress manifests (read by
// the manifest package), the requests to send and the backend each must
// reach (or none), optionally TLS server names and the Secret each must
// get, and the source it comes from: a row of the Kubernetes
// documentation's tables, an example of the concept page, or a rule of this
// library's design. A case marked permute runs once for every order of the
// paths of its rules.
//
// # Labels, HTTP and fixtures
//
// A router may answer with labels of its own instead of backends: a
// [Labeler] (RouteLabel, and Label for the label of an expected backend),
// wrapped by [LabelRouter]. [HTTP] is one for a data plane: real requests
// to an http.Handler or a server at an address, the backend read from a
// response header, certificates checked by TLS handshakes. [FixturesFor]
// builds the Services, TLS Secrets (with certificates) and IngressClasses a
// controller needs beside a case's Ingresses.
//
// # Basis
//
// Every case says what its expectations rest on ([Case.Basis]): the
// Kubernetes documentation ([BasisDocs], Source names the section or table
// row), the API reference ([BasisAPI]), or a default of this library where
// the documentation is silent ([BasisLibrary], with Case.Reason). The
// report counts results by basis and prints the reason beside a failed
// library default.
//
// # Features
//
// Cases and requests that need more than the core rules (Exact and Prefix
// matching, precedence within an Ingress, exact hosts, case rules) name a
// [Feature]: a case in features:, a request in its own features: for what
// it needs beyond its case (the tie-breaking requests of a merge case need
// [OldestIngressWins] besides [MultipleIngresses]). A router declares the
// features it supports with [WithFeatures]; what needs others is skipped,
// never failed, and the report counts skipped requests. [HostClaim] and
// [HostFallThrough] are alternatives: a router supports one. The features of
// controllers that depart from the documentation ([IngressNGINXRegex],
// [TraefikRulePriority], [ContourImplementationSpecific], [IstioPathLength],
// [HAProxyBegin], [MultiLabelWildcards]) gate cases/controllers.yaml and are
// not in [AllFeatures]: a router that promises to route as one of those
// controllers declares its feature. README.md lists what each feature
// gates.
//
// A case's source is the Kubernetes Ingress concept page
// (https://kubernetes.io/docs/concepts/services-networking/ingress/) with
// the section or table row, docs/semantics.md, or a controller's source
// file by URL.
//
// # Requests
//
// Router.Route receives the Host header and the path exactly as a client
// sent them: the host may carry a port, capitals and a trailing dot
// ([HostPortAndTrailingDot] cases), and the path is percent-encoded, may hold
// dot segments and repeated slashes ([PathNormalization] cases expect the
// policy of pathmatch.Normalize: dot segments removed, slashes merged,
// percent-encoding decoded except %2F).
//
// # Declared differences and repeated runs
//
// [WithDifferences] declares a known, deliberate difference: a case, one of
// its requests or all of them, and the reason. Its wrong answers are shown
// as declared ([Result.Declared], status "declared"), not failed, and a
// declared difference that no longer differs is flagged ([Result.Stale]).
// [Repeat] builds the router and runs each case several times and reports
// every answer that changed between builds as order-dependent: what a
// router that iterates maps does.
//
// [Check] runs the suite without a testing.T and returns a [Report]; its
// String is a summary a controller author can paste into an issue: each
// wrong answer once, with the number of path orders it fails in when the
// case permutes its paths. [Run] logs only [Report.Summary], the counts,
// since its subtests print the failures.
package conformance
