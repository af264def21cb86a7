// Package tlsselect says which TLS Secret answers a TLS server name (SNI),
// given the spec.tls entries of many Ingresses, and what is wrong with
// those entries and, when the Secrets are supplied, with the certificates.
//
// # Semantics
//
// The server name is read as a Host header is (hostmatch): lower-cased, one
// trailing dot dropped. The candidates are the TLS entries
//
//  0. with a host equal to the name,
//  1. with a wildcard host (*.foo.com, one label) matching the name,
//  2. with no hosts at all: the Ingress's default certificate, also used
//     when the client sends no SNI (or an IP address, or a malformed name).
//
// The lowest rank wins; among equals, the older Ingress (creationTimestamp),
// then namespace, then name ([WithTieBreak] replaces the age order), then
// the earlier entry and the earlier host within it.
//
// # Diagnostics
//
// [Selector.Diagnostics] reports a TLS host that no rule of the same
// Ingress serves, one host given different Secrets by different Ingresses
// (naming the winner and the loser), and a rule host of an Ingress with TLS
// that none of its TLS hosts covers. With [WithSecrets], each selected
// Secret is also checked ([CheckSecret]): its type and keys, that its
// certificate covers the host by crypto/x509's hostname rules, is valid at
// the time of [WithTime] (default: when Compile runs), and matches its key.
//
// # Serving
//
// [Selector.GetCertificate] adapts a Selector to tls.Config.GetCertificate,
// so a Go server can terminate TLS for the Ingresses it routes.
//
// A Selector is immutable and safe for concurrent use; Select does not
// allocate.
package tlsselect
