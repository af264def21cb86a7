// Package hostname reads the host name in a Host header or TLS server name
// without allocating: the one-pass scanner that hostmatch, matcher and
// tlsselect share. Its functions exist for those packages' hot paths; users
// call hostmatch.
package hostname

import "strings"

// MaxLen is the longest host the scanner accepts, in bytes, port and
// brackets included (hostmatch.MaxLen).
const MaxLen = 300

// SplitHost returns the host name of a Host header or TLS server name as
// hostmatch.Normalize does, but in its original case: the port, brackets and
// one trailing dot removed. ok is false for a malformed host. It never
// allocates.
func SplitHost(host string) (name string, ok bool) {
	name, ok, _, _ = Scan(host)
	return name, ok
}

// RuleName returns the name that host rules match in a Host header or TLS
// server name (SplitHost's result) and reports whether a rule with a host
// can match it at all: false for an empty host, an IP literal and a
// malformed host, which match only rules without host. It is SplitHost and
// IsIP in one pass, and never allocates.
func RuleName(host string) (name string, ok bool) {
	name, ok, _, ip := Scan(host)
	return name, ok && name != "" && !ip
}

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
// non-empty, at most MaxLen bytes, and only letters, digits, '-', '_' and
// '*'. For a string with no '.' and no ':', ValidLabel(s) is SplitHost(s)
// returning s itself (a
// string with ':' is a port or an IPv6 literal, never a label). It is the
// cheap test a router makes on the first label of a host before looking up
// a wildcard.
func ValidLabel(s string) bool {
	if s == "" || len(s) > MaxLen {
		return false
	}
	for i := 0; i < len(s); i++ {
		if c := s[i]; hostByte[c] == 0 || c == '.' {
			return false
		}
	}
	return true
}

// Scan strips the port, brackets and one trailing dot without changing case,
// in one pass over the host. ok is false for a malformed host, long reports
// a host over MaxLen, and ip whether the name is an IP literal, as IsIP
// would say.
func Scan(host string) (name string, ok, long, ip bool) {
	if len(host) > MaxLen {
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
