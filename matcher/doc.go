// Package matcher compiles many Ingresses into a [Matcher] that says, for a
// request's host and path, which backend serves it and why.
//
// # Semantics
//
// The rules are those of the Kubernetes Ingress documentation and, where it
// is silent, of this library's design (each such choice is an [Option]):
//
//   - A request host is read by hostmatch: port stripped, case ignored, one
//     trailing dot dropped. An IP literal, an empty host and a malformed host
//     match only rules without host.
//   - The paths of all Ingresses are merged per host group: one group per
//     exact host (foo.bar.com), one per wildcard host (*.bar.com, one label),
//     and one for the rules without host (catch-all).
//   - The most specific host group that has at least one usable path claims
//     the request: exact host, then wildcard, then catch-all. Only its paths
//     are candidates; a request for foo.bar.com whose path matches none of
//     foo.bar.com's paths does not fall through to *.bar.com or to the
//     catch-all rules ([WithHostFallThrough] changes this).
//   - Paths match by pathmatch: Exact byte for byte, Prefix element-wise,
//     ImplementationSpecific as Prefix ([WithImplementationSpecific]). [Matcher.Match]
//     matches the path exactly as given ("" means "/");
//     [Matcher.MatchRequest] first normalises it ([WithPathPolicy]).
//   - When no path matches, or no host group claims the request, the
//     spec.defaultBackend of the first Ingress in tie-break order that has
//     one serves, with Route.Path nil ([WithPerHostDefaultBackend] changes
//     this). Without one there is no route: the controller's own 404.
//
// # Precedence
//
// Among the candidate paths of the claiming host group:
//
//  1. the longest pattern wins, Prefix measured without its trailing '/'
//     (so Prefix /foo and /foo/ tie, and Prefix / has length 0);
//  2. then Exact before Prefix before ImplementationSpecific;
//  3. then the Ingress that comes first in the tie-break order: the older
//     (creationTimestamp), then namespace, then name ([WithTieBreak]);
//  4. then the earlier rule, then the earlier path within the Ingress.
//
// A path that loses step 3 or 4 to an equivalent path (same type, same
// pattern up to a Prefix's trailing '/') never serves a request; so does an
// ImplementationSpecific path read as Prefix or Exact beside a Prefix or
// Exact path with the same pattern. [Matcher.Diagnostics] reports each, with
// the path that wins.
//
// # Invalid input
//
// Compile never fails and does not require valid Ingresses: a rule without
// http, a host that can never match (an IP address, a malformed name), a path
// without pathType or with an unknown one, an ImplementationSpecific regular
// expression that does not compile — each is skipped and reported by
// [Matcher.Diagnostics] with its field path; the rest keeps working.
//
// # Performance
//
// Compile indexes every path in a hash table keyed by host group and
// pattern. Match hashes the request path once, left to right, and looks the
// prefix up at every '/' boundary (only up to the longest pattern of the host
// group), so its cost depends on the request and not on the number of rules;
// it does not allocate. ImplementationSpecific paths read as regular
// expressions or by a caller's function cannot be indexed: they are tried one
// by one after the lookup.
//
// Work is bounded for any input: a Host header longer than
// hostmatch.MaxHostLen (300 bytes) matches only rules without host, and
// Match reads a request path only up to the longest pattern of the host
// group, so a megabyte-long path costs no more than a short one. Regular
// expressions are RE2 (linear time, no backtracking).
//
// # Concurrency
//
// A Matcher is immutable and safe for concurrent use. To follow changes,
// compile a new one and publish it with an atomic.Pointer[Matcher]; readers
// keep the one they loaded and never block (see the example of Compile).
package matcher
