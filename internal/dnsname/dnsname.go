// Package dnsname checks a host as the API server checks an Ingress rule
// host or TLS host: a lower-case RFC 1123 subdomain, or "*." and one. The
// matcher (for its InvalidField diagnostics) and validation share it.
package dnsname

import (
	"strings"

	"k8s.io/apimachinery/pkg/util/validation"
)

// HostErrors returns the API server's messages for a rule or TLS host: those
// of apimachinery's IsWildcardDNS1123Subdomain when the host holds a '*',
// else of IsDNS1123Subdomain; nil when it accepts the host. Valid hosts, the
// common case, are decided by a byte scan: apimachinery v0.31 compiles the
// wildcard regular expression on every call.
func HostErrors(host string) []string {
	wildcard := strings.Contains(host, "*")
	if valid(host, wildcard) {
		return nil
	}
	if wildcard {
		return validation.IsWildcardDNS1123Subdomain(host)
	}
	return validation.IsDNS1123Subdomain(host)
}

// valid reports what apimachinery's checks accept, without their regular
// expressions: at most 253 bytes; for a wildcard "*." first; then labels of
// [a-z0-9-], non-empty, starting and ending alphanumeric.
func valid(host string, wildcard bool) bool {
	if len(host) > 253 {
		return false
	}
	if wildcard {
		if !strings.HasPrefix(host, "*.") {
			return false
		}
		host = host[2:]
	}
	start := 0
	for i := 0; i <= len(host); i++ {
		if i < len(host) && host[i] != '.' {
			c := host[i]
			if !('a' <= c && c <= 'z' || '0' <= c && c <= '9' || c == '-') {
				return false
			}
			continue
		}
		if i == start || host[start] == '-' || host[i-1] == '-' {
			return false
		}
		start = i + 1
	}
	return true
}
