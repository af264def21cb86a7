package hostmatch

import (
	"errors"
	"fmt"
	"strings"
)

// MaxHostLen is the longest host [Normalize] accepts, in bytes, port and
// brackets included: a DNS name has at most 253 characters (254 with its
// trailing dot), an IPv6 literal with a zone and a port stays well below.
const MaxHostLen = 300

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
	name, ok, long, _ := scan(host)
	if long {
		return "", fmt.Errorf("hostmatch.Normalize(%.64q): %w", host, ErrTooLong)
	}
	if !ok {
		return "", fmt.Errorf("hostmatch.Normalize(%q): %w", host, ErrMalformed)
	}
	return lower(name), nil
}

// SplitHost returns the host name of a Host header or TLS server name as
// [Normalize] does, but in its original case: the port, brackets and one
// trailing dot removed. ok is false for a malformed host. SplitHost never
// allocates; it is for callers that compare names case-insensitively on a
// hot path.
func SplitHost(host string) (name string, ok bool) {
	name, ok, _, _ = scan(host)
	return name, ok
}

// RuleName returns the name that host rules match in a Host header or TLS
// server name ([SplitHost]'s result) and reports whether a rule with a host
// can match it at all: false for an empty host, an IP literal and a
// malformed host, which match only rules without host. It is [SplitHost] and
// [IsIP] in one pass, and never allocates.
func RuleName(host string) (name string, ok bool) {
	name, ok, _, ip := scan(host)
	return name, ok && name != "" && !ip
}

// hostByte classifies the bytes of a DNS name: letters, digits, '-', '_',
// '*' and '.' may appear; digits are marked apart.
var hostByte = func() (t [256]uint8) {
	for c := range 256 {
		switch {
		case '0' <= c && c <= '9':
			t[c] = 3
		case 'a' <= c && c <= 'z', 'A' <= c && c <= 'Z', c == '-', c == '_', c == '*', c == '.':
			t[c] = 1
		}
	}
	return t
}()

// ValidLabel reports whether s is one label of a DNS name SplitHost accepts:
// non-empty, at most MaxHostLen bytes, and only letters, digits, '-', '_'
// and '*'. For a string with
// no '.' and no ':', ValidLabel(s) is SplitHost(s) returning s itself (a
// string with ':' is a port or an IPv6 literal, never a label). It is the
// cheap test a router makes on the first label of a host before looking up
// a wildcard.
func ValidLabel(s string) bool {
	if s == "" || len(s) > MaxHostLen {
		return false
	}
	for i := 0; i < len(s); i++ {
		if c := s[i]; hostByte[c] == 0 || c == '.' {
			return false
		}
	}
	return true
}

// scan strips the port, brackets and one trailing dot without changing case,
// in one pass over the host. ok is false for a malformed host, long reports
// a host over MaxHostLen, and ip whether the name is an IP literal, as IsIP
// would say.
func scan(host string) (name string, ok, long, ip bool) {
	if len(host) > MaxHostLen {
		return "", false, true, false
	}
	if host == "" {
		return "", true, false, false
	}
	if host[0] == '[' {
		end := strings.IndexByte(host, ']')
		if end < 0 || !isPort(host[end+1:]) {
			return "", false, false, false
		}
		if name = host[1:end]; !isIPv6(name) {
			return "", false, false, false
		}
		return name, true, false, true
	}
	// One pass over the name: valid bytes, no empty label, and whether the
	// last label is all digits (an IPv4 literal).
	prev := byte('.')
	digits, lastDigits := true, true // the label being read, the one before its dot
	end := len(host)
	for i := 0; i < len(host); i++ {
		c := host[i]
		switch class := hostByte[c]; {
		case c == '.':
			if prev == '.' {
				return "", false, false, false
			}
			lastDigits, digits = digits, true
		case class == 3:
		case class == 1:
			digits = false
		case c == ':':
			if !isPort(host[i:]) {
				// An unbracketed IPv6 literal, as a TLS server name may carry it.
				if !isIPv6(host) {
					return "", false, false, false
				}
				return host, true, false, true
			}
			end = i
			i = len(host)
			continue
		default:
			return "", false, false, false
		}
		prev = c
	}
	name = host[:end]
	if name != "" && name[len(name)-1] == '.' { // one trailing dot: drop it, the label before decides
		name = name[:len(name)-1]
		digits = lastDigits
	}
	if name == "" {
		return "", false, false, false
	}
	return name, true, false, digits
}

// isPort reports whether s is "" or ":" followed by decimal digits (possibly
// none, as net.SplitHostPort accepts).
func isPort(s string) bool {
	if s == "" {
		return true
	}
	if s[0] != ':' {
		return false
	}
	for i := 1; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return true
}

// isIPv6 reports whether s looks like an IPv6 literal, zone included: it has
// two ':' or more and only the bytes such a literal can hold. It does not
// parse it.
func isIPv6(s string) bool {
	addr, zone, _ := strings.Cut(s, "%")
	if addr == "" || addr[0] == '.' || addr[len(addr)-1] == '.' {
		return false
	}
	for i := 0; i < len(addr); i++ {
		if c := addr[i]; !('0' <= c && c <= '9' || 'a' <= c && c <= 'f' || 'A' <= c && c <= 'F' || c == ':' || c == '.') {
			return false
		}
	}
	for i := 0; i < len(zone); i++ {
		if c := zone[i]; !(isAlnum(c) || c == '.' || c == '-' || c == '_') {
			return false
		}
	}
	return strings.Count(addr, ":") >= 2 // the shortest literal is "::"
}

func isAlnum(c byte) bool {
	return 'a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' || '0' <= c && c <= '9'
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
func IsIP(name string) bool {
	i := len(name) - 1
	for i >= 0 && '0' <= name[i] && name[i] <= '9' {
		i--
	}
	if i < len(name)-1 && (i < 0 || name[i] == '.') {
		return true
	}
	return strings.IndexByte(name, ':') >= 0
}

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
	name, ok := RuleName(host)
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
