// Package hostmatch holds the pure host semantics of a networking.k8s.io/v1
// Ingress: how a Host header or TLS server name is normalised, how a rule's
// host matches it, and which of the rules that match is the most specific.
//
// Every function is pure and safe for concurrent use.
//
// # Semantics
//
// A request host is normalised ([Normalize]) by stripping a port ("host:port",
// "[v6]:port"), lower-casing ASCII letters and dropping one trailing dot. An
// IP literal, an empty host and a malformed host match only catch-all rules
// (a rule with no host).
//
// A rule host is either exact or a wildcard. An exact host such as
// foo.bar.com matches only that host, case-insensitively. A wildcard host
// *.foo.com matches exactly one extra, non-empty DNS label in front of the
// suffix (from the Kubernetes documentation's hostname table):
//
//	*.foo.com  bar.foo.com      matches, based on the shared suffix
//	*.foo.com  baz.bar.foo.com  no match, the wildcard covers a single label
//	*.foo.com  foo.com          no match, the wildcard covers a single label
//
// An empty rule host matches every host. A '*' anywhere but as the whole
// first label makes the pattern an exact one, which matches only a host
// spelled the same way (the API server rejects such hosts).
//
// # Precedence
//
// At most one exact pattern and one wildcard pattern can match a given host,
// so host precedence is a [Rank]: [RankExact] before [RankWildcard] before
// [RankCatchAll]. Lower ranks win, and ranks compare with < and cmp.Compare.
package hostmatch
