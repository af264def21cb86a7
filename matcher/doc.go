// Package matcher compiles many Ingresses into a [Matcher] that says, for a
// request's host and path, which backend serves it and why.
//
// # Semantics
//
// The rules are those of the Kubernetes Ingress documentation and, where it
// is silent, of this library's defaults, written in docs/semantics.md (each
// such choice is an [Option]):
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
// # Dialects
//
// [WithDialect] makes Compile route as a controller does instead:
// ingress-nginx (with its annotations), Traefik (with and without
// strictPrefixMatching), Contour, Istio, haproxy-ingress, a Gateway API
// conversion, or Traefik's ingress-nginx provider. Each [Dialect] constant documents its rules with the
// controller source they come from; package profile names them. Under a
// dialect, a Route may carry an [Action]: a redirect the controller answers
// itself (Route.Action.Redirect), a redirect of cleartext requests to https,
// canary alternatives. [Matcher.RouteRequest] applies the request-dependent
// parts (the query string on a 301, https for requests without TLS), and
// [Matcher.NormalizePath] gives the path as the dialect normalises it.
// Diagnostics add [DialectConflict]: what the controller would refuse or
// resolve in no defined order.
//
// # Invalid input
//
// Compile never fails and does not require valid Ingresses: a rule without
// http, a host that can never match (an IP address, a malformed name, "."), a
// path without pathType or with an unknown one, an ImplementationSpecific
// regular expression that does not compile — each is skipped and reported by
// [Matcher.Diagnostics] with its field path; the rest keeps working.
//
// What the API server would reject but Compile can still read is routed as
// the rules above say and reported as [InvalidField], with the Ingress and field:
// a host that is not a lower-case DNS name or wildcard ("Foo.com",
// "__INGRESS_HOST__": routed lower-cased), an empty or relative path, or one
// with a sequence the server forbids (an empty Prefix matches like "/"), and
// a backend that names neither a service nor a resource (served as it is).
// Validate with the validation package to refuse such objects instead.
//
// # Requests
//
// [Matcher.Match] takes a Host header and a path; [Matcher.MatchRequest] an
// *http.Request. [Matcher.RouteRequest] tells a server what to answer when
// there is no route: [ErrBadRequest] (400) for a path that cannot be
// normalised, [ErrNoRoute] (404) otherwise. The zero Matcher, like one
// compiled from nothing, routes nothing.
//
// # Performance
//
// Compile indexes the paths of each host group in the group's own hash
// table, and the host groups in a table of hosts. Match looks up the
// prefixes of the request path that end at a '/' boundary (or at its end)
// and have the length of some pattern of the host group, so its cost
// depends on the request and not on the number of rules. ImplementationSpecific
// paths read as regular expressions or by a caller's function cannot be
// indexed: they are tried one by one after the lookup. Under every dialect
// Match does not allocate (the HAProxy dialect borrows the buffer of its
// "host#path" samples from a sync.Pool).
//
// # Work per request
//
// Whoever may create an Ingress in a shared cluster chooses what every
// request of every host costs a controller that imports this package, so
// the work of a lookup is bounded for any input, under every dialect, and
// never depends on the paths of other hosts. A Host header longer than
// hostmatch.MaxHostLen (300 bytes) matches only rules without host. Every
// regular expression compiled from an Ingress, under every dialect, is
// refused beyond a width of pathmatch.MaxRegexWidth instructions and a
// program of pathmatch.MaxRegexProgram (reported as PathSkipped), so that
// matching one against a path of n bytes costs O(n × width + program
// size). For a request path of n bytes and the host that claims it, with K
// distinct key lengths (at most n that matter) and regular expressions of
// total width W and program size P:
//
//   - default and gateway-api: at most min(n, L) bytes hashed once (L: the
//     host group's longest key) and K probes, plus the group's regular
//     expressions and caller functions (index.go); a megabyte-long path
//     without them costs no more than a short one.
//   - ingress-nginx: one hash of the path for nginx's exact and 301
//     lookups, the prefix locations' index walk (O(n + K)), then the
//     server's regular expressions in order until one matches (O(n × W +
//     P)).
//   - traefik, traefik-strict, traefik-ingress-nginx: the routers of the
//     request's exact host (or server-alias), of its wildcard suffix and
//     those without host (three indexes, O(n + K) each), then their
//     PathRegexp routers in priority order while they come before the best
//     found (O(n × W + P)).
//   - contour, istio: the virtual host (one lookup, plus one per wildcard
//     suffix length the host can have), the route index (O(n + K)), then
//     the regular expression routes that come before it (O(n × W + P)).
//   - haproxy: for the request's host, then the default host, two route
//     indexes (O(n + K)), then the regular expression lines anchored to the
//     host or its wildcard suffix and those anchored to no host (which
//     HAProxy tries for every request) in order until one matches (O(n ×
//     W + P), W and P of those lines).
//
// So the work is O(n × (K + W) + P) under every dialect, with K, W and P
// those of the host's own paths (for haproxy, also of the lines anchored to
// no host). TestAdversarialRegex, TestAdversarialLongRequestPath and
// TestAdversarialManyHosts hold it (go test -run Adversarial ./...).
//
// # Hash flooding
//
// In a shared cluster anyone who may create an Ingress chooses hosts and
// paths that every controller importing this package hashes. With a fixed
// hash function they could pick keys that all collide: Compile would turn
// quadratic and every lookup into a scan, on every replica at once. So the
// tables are keyed with secrets each Compile draws at random — hash/maphash
// with a fresh seed for hosts and for paths shorter than 63 bytes,
// SipHash-1-3 with a 128-bit key from crypto/rand for longer ones (run once
// along the path, so probing many lengths stays linear). Without the key no
// one can choose colliding keys: probe runs stay as short as for random
// keys (TestAdversarialHashFlooding crafts 1,000 colliding paths against a known key,
// where they cost 500,500 insert probes, and checks that under Compile's
// random key they cost what ordinary paths cost, about 1,500). The other
// maps Compile uses are Go maps, which are randomly seeded the same way.
// A Matcher derived by Update keeps the keys of the one it derives from
// (they stay secret, and its shared groups were hashed with them).
//
// # Concurrency
//
// A Matcher is immutable and safe for concurrent use. To follow changes,
// derive a new one with [Matcher.Update] (the Ingresses added, replaced or
// removed, by namespace and name, as an informer delivers them) or compile
// one, and publish it with an atomic.Pointer[Matcher]; readers keep the one
// they loaded and never block (see the examples of Compile and Update).
//
// Update answers exactly as Compile of the resulting set would, diagnostics
// included (a property test applies random change sequences and compares),
// and costs time in proportion to the paths of the hosts the change
// touches: the new Matcher shares every other host group with the old one.
// A host with thousands of paths and no regular expressions (one host
// shared by every job of a platform) is kept in parts by key hash, and
// only the parts holding the changed paths are rebuilt.
// Diagnostics and Ingresses of a derived Matcher are assembled on their
// first call. Under a dialect with its own engine Update compiles again.
// A chain of Updates keeps about the memory a fresh Compile of the same
// Ingresses would (TestAdversarialUpdateMemory: within 20% once every
// Ingress has been replaced), and keeps the first Compile's hash keys.
package matcher
