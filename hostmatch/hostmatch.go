package hostmatch

import (
	"errors"
	"fmt"
	"strings"

	"github.com/ingresslib/ingress/internal/hostname"
)

// MaxHostLen is the longest host [Normalize] accepts, in bytes, port and
// brackets included: a DNS name has at most 253 characters (254 with its
// trailing dot), an IPv6 literal with a zone and a port stays well below.
const MaxHostLen = hostname.MaxLen

// Errors returned by [Normalize], wrapped with the offending host.
var (
	ErrMalformed = errors.New("malformed host")
	ErrTooLong   = errors.New("host is longer than MaxHostLen")
)

// Normalize returns the host name in a Host header or TLS server name as the
// matching rules see it: the port stripped ("foo.com:8080" → "foo.com",
// "[::1]:80" → "::1"), ASCII letters lower-cased, one trailing dot dropped.
// An empty host returns "" and no error. An IPv4 or IPv6 literal is returned
// normalised the same way (an IPv6 literal without brackets); [IsIP] tells
// such names apart. Normalize does not allocate when the host is already
// normalised.
//
// A host is malformed, and Normalize returns an error wrapping
// [ErrMalformed] or [ErrTooLong], when it has an unclosed '[', text after
// ']' other than ":port", a port that is not decimal digits, a byte outside
// letters, digits, '-', '.', '_' and '*' (or ':' and '%' inside brackets), an
// empty label ("a..b", ".a"), or more than [MaxHostLen] bytes.
func Normalize(host string) (string, error) {
	name, ok, long, _ := hostname.Scan(host)
	if long {
		return "", fmt.Errorf("hostmatch.Normalize(%.64q): %w", host, ErrTooLong)
	}
	if !ok {
		return "", fmt.Errorf("hostmatch.Normalize(%q): %w", host, ErrMalformed)
	}
	return lower(name), nil
}

// lower lower-cases ASCII letters, returning s itself when it has none.
func lower(s string) string {
	for i := 0; i < len(s); i++ {
		if 'A' <= s[i] && s[i] <= 'Z' {
			return strings.ToLower(s)
		}
	}
	return s
}

// IsIP reports whether a normalised host is an IP literal: it contains ':'
// (IPv6), or its last label is all decimal digits (IPv4; no DNS top-level
// label is all digits, so "10.0.0.1" and "192.168.1" both count).
func IsIP(name string) bool { return hostname.IsIP(name) }

// Match reports whether a rule's host pattern matches a request host. The
// host may carry a port, capitals and a trailing dot: it is read as
// [Normalize] reads it. An empty pattern matches every host; an exact pattern
// matches the same name, case-insensitively; a wildcard pattern *.suffix
// matches one non-empty label followed by .suffix. An IP literal, an empty
// host and a malformed host match only the empty pattern. A trailing dot on
// the pattern is ignored too. Match does not allocate.
func Match(pattern, host string) bool {
	if pattern == "" {
		return true
	}
	name, ok := hostname.RuleName(host)
	if !ok {
		return false
	}
	pattern = strings.TrimSuffix(pattern, ".")
	if suffix, wild := WildcardSuffix(pattern); wild {
		dot := strings.IndexByte(name, '.')
		return dot > 0 && strings.EqualFold(name[dot:], suffix)
	}
	return strings.EqualFold(pattern, name)
}

// WildcardSuffix returns the suffix a wildcard pattern requires, with its
// leading dot (".foo.com" for "*.foo.com"), and whether the pattern is a
// wildcard at all: it is when it starts with "*." and has no other '*'.
func WildcardSuffix(pattern string) (suffix string, ok bool) {
	if len(pattern) > 2 && pattern[0] == '*' && pattern[1] == '.' && strings.IndexByte(pattern[1:], '*') < 0 {
		return pattern[1:], true
	}
	return "", false
}

// Rank is the precedence of a host pattern: lower ranks win.
type Rank uint8

const (
	// RankExact is the rank of an exact pattern such as foo.bar.com.
	RankExact Rank = iota
	// RankWildcard is the rank of a wildcard pattern such as *.bar.com.
	RankWildcard
	// RankCatchAll is the rank of the empty pattern, which matches every host.
	RankCatchAll
)

// String returns "exact", "wildcard" or "catch-all".
func (r Rank) String() string {
	switch r {
	case RankExact:
		return "exact"
	case RankWildcard:
		return "wildcard"
	case RankCatchAll:
		return "catch-all"
	}
	return fmt.Sprintf("Rank(%d)", uint8(r))
}

// RankOf returns the rank of a host pattern.
func RankOf(pattern string) Rank {
	if pattern == "" {
		return RankCatchAll
	}
	if _, ok := WildcardSuffix(pattern); ok {
		return RankWildcard
	}
	return RankExact
}

// Covers reports whether a TLS host (a certificate name such as foo.com or
// *.foo.com) covers a rule host (foo.com, *.foo.com): the two are equal,
// ignoring case and one trailing dot, or tlsHost is a wildcard that matches
// ruleHost, or both are wildcards with the same suffix. An empty tlsHost or
// ruleHost covers and is covered by nothing.
func Covers(tlsHost, ruleHost string) bool {
	tlsHost, ruleHost = strings.TrimSuffix(tlsHost, "."), strings.TrimSuffix(ruleHost, ".")
	if tlsHost == "" || ruleHost == "" {
		return false
	}
	if strings.EqualFold(tlsHost, ruleHost) {
		return true
	}
	if _, wild := WildcardSuffix(ruleHost); wild {
		return false // only an equal wildcard covers a wildcard
	}
	_, wild := WildcardSuffix(tlsHost)
	return wild && Match(tlsHost, ruleHost)
}
