package pathmatch

import (
	"strings"

	networkingv1 "k8s.io/api/networking/v1"
)

// Match reports whether a path of the given type and pattern matches the
// request path, reading ImplementationSpecific as Prefix. An unknown path type
// matches nothing. Use [Compile] for another reading of ImplementationSpecific.
func Match(pathType networkingv1.PathType, pattern, path string) bool {
	switch pathType {
	case networkingv1.PathTypeExact:
		return MatchExact(pattern, path)
	case networkingv1.PathTypePrefix, networkingv1.PathTypeImplementationSpecific:
		return MatchPrefix(pattern, path)
	}
	return false
}

// MatchExact reports whether pattern equals the request path byte for byte.
// An empty request path is read as "/".
func MatchExact(pattern, path string) bool {
	if path == "" {
		path = "/"
	}
	return pattern == path
}

// MatchPrefix reports whether pattern matches the request path element by
// element on '/', ignoring one trailing '/' of the pattern. An empty request
// path is read as "/"; an empty pattern matches like "/".
func MatchPrefix(pattern, path string) bool {
	if path == "" {
		path = "/"
	}
	p := trimPrefix(pattern)
	if !strings.HasPrefix(path, p) {
		return false
	}
	return len(path) == len(p) || path[len(p)] == '/'
}

// MatchStringPrefix reports whether the request path starts with pattern,
// byte for byte, with no regard for '/' (so /foo matches /foobar). It is one
// reading of ImplementationSpecific ([AsStringPrefix]). An empty request path
// is read as "/".
func MatchStringPrefix(pattern, path string) bool {
	if path == "" {
		path = "/"
	}
	return strings.HasPrefix(path, pattern)
}

// trimPrefix returns a Prefix pattern without its one trailing '/': the key
// under which a Prefix pattern is equivalent to others (/foo and /foo/ both
// become /foo, and / becomes ""). A request path matches the pattern when it
// equals the key or continues it with a '/'.
func trimPrefix(pattern string) string {
	return strings.TrimSuffix(pattern, "/")
}
