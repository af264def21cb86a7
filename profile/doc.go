// Package profile names the ways controllers route the same Ingresses:
// ingress-nginx, Traefik (with and without strictPrefixMatching), Contour,
// Istio, haproxy-ingress and the Gateway API, beside this library's
// default. Each
// [Profile] is a [matcher.Dialect] with the controller, version and source
// files it reproduces, and the annotations the controller reads.
//
//	m := profile.IngressNGINX.Compile(ingresses)
//	route, err := m.RouteRequest(req) // a 301 to the path with its slash, a 302 app-root, ...
//
// The rules of each dialect, with the source they come from, are in the
// matcher package (see [matcher.IngressNGINX] and the other Dialect
// constants); the README's table runs the conformance suite under every
// profile.
//
// [ForeignAnnotations] says which Ingresses carry annotations the chosen
// profile's controller does not read (nginx.ingress.kubernetes.io/use-regex
// under the default profile) and which profile reads them: the cause of most
// "no route" answers for manifests written for ingress-nginx.
//
// [Diff] tells two profiles apart on the Ingresses themselves: it derives
// requests from every path (regular expressions included, by walking
// them), routes each under both profiles over http and https, and reports
// the differences once per cause, with what restores the first profile's
// behaviour under the second. TestDiffSoundness checks, on random sets and
// every pair of profiles, that each cause a brute force over a bounded
// request space finds is reported.
//
// The haproxy profile is haproxy-ingress (jcmoraisjr); the haproxytech
// controller, which writes its own maps, is not reproduced.
package profile
