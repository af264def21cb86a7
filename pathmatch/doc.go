// Package pathmatch holds the pure path semantics of a networking.k8s.io/v1
// Ingress: how Exact, Prefix and ImplementationSpecific paths match a request
// path, which of two matching paths takes precedence, how a request path is
// normalised before routing, and the API server's rules for a valid path.
//
// Nothing here holds state: every function is safe for concurrent use, and
// a [Pattern] is an immutable value.
//
// # Semantics
//
// Exact matches the request path byte for byte, case-sensitively:
// Exact /foo matches /foo but not /bar, /foo/ or /FOO.
//
// Prefix matches element by element on '/': the pattern matches a request path
// when the pattern's elements are a prefix of the path's elements. A single
// trailing '/' in the pattern is ignored. So Prefix /foo and Prefix /foo/ both
// match /foo, /foo/ and /foo/bar; Prefix /aaa/bb does not match /aaa/bbb
// (bb is a substring of the last element, not a whole element); Prefix /
// matches every path. Empty elements count as elements: Prefix /foo/bar does
// not match /foo//bar. Normalise a request path first ([Normalize]) if
// repeated slashes should merge.
//
// ImplementationSpecific is left to the controller by the Kubernetes
// documentation. [Match] reads it as Prefix, this library's default. An
// [Interpretation] chooses another reading — Exact, a plain string prefix, an
// RE2 regular expression (case-sensitive or not, anchored at the start of the
// path like an nginx "location ~" block), or a caller's function — and
// [Compile] turns a path type, pattern and interpretation into a [Pattern]
// that matches with that reading. A regular expression whose matching
// could cost more than the bound of [MaxRegexWidth] and [MaxRegexProgram]
// is refused ([ErrRegexTooLarge]): whoever writes an Ingress must not be
// able to make every request slow.
//
// Every matcher here reads an empty request path as "/", and never sees a
// query string: a caller passes the path alone.
//
// # Precedence
//
// When several paths match one request, the Kubernetes documentation says the
// longest match wins and, on a tie, Exact wins over Prefix. [Compare]
// implements exactly this as two steps:
//
//  1. the longer pattern wins, its length ([Pattern.Len]) being its size in
//     bytes, a Prefix pattern (and an ImplementationSpecific pattern read as
//     Prefix) measured without its trailing '/': Prefix /foo and /foo/ tie at
//     4, Prefix / has length 0;
//  2. then Exact wins over Prefix, and Prefix over ImplementationSpecific.
//
// Two paths that still tie are equivalent for routing: which Ingress wins is
// decided by the caller (the matcher package orders by age, namespace, name,
// then position).
//
// # Normalisation
//
// A router must see the path the backend will see. If a proxy routes
// /public/%2e%2e/admin as a path under /public/ and the backend decodes it
// to /admin, a rule meant to keep /admin private is bypassed. [Normalize]
// therefore decodes percent-encoded octets, then removes dot segments
// (RFC 3986 section 5.2.4) and merges repeated slashes, by default. An encoded
// slash (%2F) is the one octet that changes the shape of the path when
// decoded; [Policy] says whether it stays an opaque octet (the default, as in
// Go's net/http and Envoy), becomes a separator (as nginx decodes it), or
// makes the request invalid. A NUL octet, raw or encoded, and a malformed
// percent-encoding are errors. Invalid UTF-8 is kept byte for byte: paths are
// bytes.
//
// # Validation
//
// [CheckPath] returns the API server's messages for a path of a known type,
// in the API server's order, so the validation package and linters share one
// implementation of those rules.
package pathmatch
