package pathmatch

import (
	"errors"
	"fmt"
	"path"
	"strings"
)

// EncodedSlash says what [Normalize] does with a percent-encoded slash (%2F or
// %2f), the one octet whose decoding changes the shape of a path.
type EncodedSlash uint8

const (
	// KeepEncodedSlash leaves %2F encoded (upper-cased): it stays an octet of
	// its element, not a separator, as Go's net/http and Envoy treat it by
	// default.
	KeepEncodedSlash EncodedSlash = iota
	// DecodeEncodedSlash decodes %2F to '/', a separator, as nginx does.
	DecodeEncodedSlash
	// RejectEncodedSlash makes Normalize fail with [ErrEncodedSlash].
	RejectEncodedSlash
)

// Decoding says which percent-encoded octets [Normalize] decodes; %2F is
// always the [EncodedSlash]'s to decide.
type Decoding uint8

const (
	// DecodeAll decodes every octet but %25, %3F and %23, which stay as
	// written so that nothing is decoded twice and no '?' or '#' appears:
	// the default (nginx, Go's net/http).
	DecodeAll Decoding = iota
	// DecodeUnreserved decodes only RFC 3986's unreserved characters
	// (letters, digits, '-', '.', '_', '~') and keeps every other escape,
	// its hex digits upper-cased (RFC 3986 section 6.2.2): Envoy's
	// normalize_path, under Contour and Istio. "/x%20y" stays "/x%20y".
	DecodeUnreserved
	// DecodeUnlessReserved decodes every octet but RFC 3986's reserved
	// characters (":/?#[]@!$&'()*+,;=") and '%', which stay encoded,
	// upper-cased: the path Traefik routes by (mux.go, withRoutingPath).
	// "/%40v" stays "/%40v"; "/x%20y" becomes "/x y".
	DecodeUnlessReserved
)

// Policy holds the knobs of [Normalize]. The zero Policy is the default:
// remove dot segments, merge repeated slashes, keep %2F encoded.
type Policy struct {
	// KeepDotSegments leaves "." and ".." elements in place instead of
	// resolving them (RFC 3986 section 5.2.4).
	KeepDotSegments bool
	// KeepRepeatedSlashes leaves "//" in place instead of merging it to "/".
	KeepRepeatedSlashes bool
	// EncodedSlash says what happens to %2F.
	EncodedSlash EncodedSlash
	// RejectAboveRoot makes Normalize fail with [ErrAboveRoot] for a path
	// whose ".." segments climb above the root ("/../etc"), as nginx does
	// (400), instead of stopping at the root as RFC 3986 section 5.2.4
	// does. It has no effect with KeepDotSegments.
	RejectAboveRoot bool
	// Decode says which escapes are decoded.
	Decode Decoding
	// GoPathClean removes dot segments and repeated slashes as Go's
	// path.Clean does and keeps one trailing '/' only where the path ended
	// with '/' (url.URL.JoinPath, which Traefik's entry points apply to
	// every request path, sanitizePath): "/api/." becomes "/api" and
	// "/a/b/.." becomes "/a", where RFC 3986 keeps the trailing '/'.
	// KeepDotSegments, KeepRepeatedSlashes and RejectAboveRoot do not apply
	// with it.
	GoPathClean bool
}

// Errors returned by [Normalize], wrapped with the offending path.
var (
	ErrNotAbsolute  = errors.New("path does not start with '/'")
	ErrBadEscape    = errors.New("malformed percent-encoding")
	ErrNUL          = errors.New("path contains a NUL octet")
	ErrEncodedSlash = errors.New("path contains an encoded slash (%2F)")
	ErrPathTooLong  = errors.New("path is longer than MaxPathLen")
	ErrAboveRoot    = errors.New("path climbs above the root with '..'")
)

const errNormalizeFunc = "pathmatch.Normalize(%.64q): %w"

// MaxPathLen is the longest request path [Normalize] accepts, in bytes
// (before decoding). Longer paths are rejected with [ErrPathTooLong], which a
// server answers with 414 URI Too Long.
const MaxPathLen = 1 << 16

// Normalize returns the request path that routing should see, following the
// policy: the path as the client sent it (percent-encoded, as from
// url.URL.EscapedPath or the request target) is cut at the first '?' or '#'
// (the query is never part of the path), "" becomes "/", percent-encoded
// octets are decoded (except %25, %3F and %23, which stay encoded so that
// nothing is decoded twice and no '?' or '#' appears, and %2F, which the
// policy decides), then dot
// segments are removed and repeated slashes merged unless the policy keeps
// them. The result always starts with '/'. A path that needs no change is
// returned as is, without allocating. Normalize is idempotent: a normalised
// path normalises to itself.
//
// Normalize fails for a path that does not start with '/' (other than ""), a
// malformed percent-encoding such as %zz, a NUL octet, raw or encoded, a path
// longer than [MaxPathLen], under [RejectEncodedSlash] an encoded slash,
// and under RejectAboveRoot a ".." that climbs above the root.
// The error wraps one of the Err… values and quotes the path.
func Normalize(path string, p Policy) (string, error) {
	if i := strings.IndexAny(path, "?#"); i >= 0 {
		path = path[:i]
	}
	if path == "" {
		return "/", nil
	}
	if len(path) > MaxPathLen {
		return "", fmt.Errorf(errNormalizeFunc, path, ErrPathTooLong)
	}
	if path[0] != '/' {
		return "", fmt.Errorf(errNormalizeFunc, path, ErrNotAbsolute)
	}
	if clean(path, p) {
		return path, nil
	}
	decoded, err := decode(path, p.EncodedSlash, p.Decode)
	if err != nil {
		return "", fmt.Errorf(errNormalizeFunc, path, err)
	}
	out, ok := resolve(decoded, p)
	if !ok {
		return "", fmt.Errorf(errNormalizeFunc, path, ErrAboveRoot)
	}
	return out, nil
}

// clean reports whether Normalize would return path unchanged: no escapes,
// no NUL, and, as far as the policy cares, no dot segments or repeated slashes.
func clean(path string, p Policy) bool {
	if p.GoPathClean {
		p.KeepDotSegments, p.KeepRepeatedSlashes = false, false
	}
	for i := 0; i < len(path); i++ {
		switch path[i] {
		case '%', 0:
			return false
		case '/':
			if i+1 == len(path) {
				continue
			}
			next := path[i+1]
			if next == '/' && !p.KeepRepeatedSlashes {
				return false
			}
			if next == '.' && !p.KeepDotSegments {
				rest := path[i+1:]
				if rest == "." || rest == ".." || strings.HasPrefix(rest, "./") || strings.HasPrefix(rest, "../") {
					return false
				}
			}
		}
	}
	return true
}

// decode percent-decodes path, treating %2F by the policy and keeping %25,
// %3F and %23 as they were written under DecodeAll, and what the other
// Decodings keep upper-cased.
func decode(path string, slash EncodedSlash, how Decoding) (string, error) {
	if !strings.ContainsAny(path, "%\x00") {
		return path, nil
	}
	var b strings.Builder
	b.Grow(len(path))
	for i := 0; i < len(path); i++ {
		c := path[i]
		if c == 0 {
			return "", ErrNUL
		}
		if c != '%' {
			b.WriteByte(c)
			continue
		}
		if i+2 >= len(path) || !isHex(path[i+1]) || !isHex(path[i+2]) {
			return "", ErrBadEscape
		}
		v := unhex(path[i+1])<<4 | unhex(path[i+2])
		i += 2
		switch {
		case v == 0:
			return "", ErrNUL
		case v == '/' && slash == RejectEncodedSlash:
			return "", ErrEncodedSlash
		case v == '/' && slash == KeepEncodedSlash:
			b.WriteString("%2F")
		case v == '/':
			b.WriteByte('/')
		case how == DecodeUnreserved && !unreserved(v), how == DecodeUnlessReserved && (v == '%' || reserved(v)):
			b.WriteByte('%')
			b.WriteByte(upperHex(path[i-1]))
			b.WriteByte(upperHex(path[i]))
		case v == '%' || v == '?' || v == '#':
			// Decoded, these would read as an escape, a query or a fragment.
			b.WriteString(path[i-2 : i+1])
		default:
			b.WriteByte(v)
		}
	}
	return b.String(), nil
}

// resolve removes dot segments and merges repeated slashes as the policy
// says. path starts with '/'. ok is false when a ".." climbs above the root
// and the policy rejects it.
func resolve(p0 string, p Policy) (_ string, ok bool) {
	if clean(p0, p) {
		return p0, true
	}
	if p.GoPathClean {
		out := path.Clean(p0)
		if strings.HasSuffix(p0, "/") && !strings.HasSuffix(out, "/") {
			out += "/"
		}
		return out, true
	}
	path := p0
	// Elements between slashes; out collects the kept ones.
	elems := strings.Split(path[1:], "/")
	out := make([]string, 0, len(elems))
	trailing := false // whether the result ends with '/'
	for i, e := range elems {
		last := i == len(elems)-1
		switch {
		case e == "" && !last && !p.KeepRepeatedSlashes:
			continue
		case e == "." && !p.KeepDotSegments:
			trailing = last
			continue
		case e == ".." && !p.KeepDotSegments:
			if len(out) > 0 {
				out = out[:len(out)-1]
			} else if p.RejectAboveRoot {
				return "", false
			}
			trailing = last
			continue
		}
		out = append(out, e)
	}
	s := "/" + strings.Join(out, "/")
	if trailing && len(out) > 0 {
		// The removed dot segment leaves a '/' after the last element, an
		// empty one too: "/a//." is "/a//" (RFC 3986 section 5.2.4).
		s += "/"
	}
	return s, true
}

// unreserved reports whether c is one of RFC 3986's unreserved characters.
func unreserved(c byte) bool {
	return 'a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' || '0' <= c && c <= '9' || c == '-' || c == '.' || c == '_' || c == '~'
}

// reserved reports whether c is one of RFC 3986's reserved characters
// (gen-delims and sub-delims).
func reserved(c byte) bool { return strings.IndexByte(":/?#[]@!$&'()*+,;=", c) >= 0 }

func upperHex(c byte) byte {
	if 'a' <= c && c <= 'f' {
		return c - 'a' + 'A'
	}
	return c
}

func isHex(c byte) bool {
	return '0' <= c && c <= '9' || 'a' <= c && c <= 'f' || 'A' <= c && c <= 'F'
}

func unhex(c byte) byte {
	switch {
	case c <= '9':
		return c - '0'
	case c <= 'F':
		return c - 'A' + 10
	}
	return c - 'a' + 10
}
