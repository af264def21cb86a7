//go:build ingresslib_harness

// This file is ingresslib's: the parity tests (parity/contour_test.go,
// parity/istio_test.go) place it beside a controller's harness, with its
// package clause set to that package's. It answers a request as Envoy
// would with the route configuration the controller's own code built.
// Envoy itself is not run; what it does is written here after Envoy's
// documentation and source:
//
//   - The virtual host (RouteMatcher::findVirtualHost): the Host header
//     lower-cased, its port dropped when the route configuration says
//     ignore_port_in_host_matching (HeaderUtility::getPortStart: the part
//     after the last ':' must be a number, outside "[...]"); an exact
//     domain, else the longest "*.suffix" domain the host ends with (the
//     wildcard matching at least one character), else "*". No trailing dot
//     is stripped (strip_trailing_host_dot is off).
//   - The path (normalize_path, RFC 3986 section 6, then merge_slashes
//     where the controller turns it on): percent-encoded unreserved
//     characters decoded, other escapes kept with upper-case digits, dot
//     segments removed, repeated slashes merged; the query string is not
//     part of it.
//   - The routes in order, the first that matches: prefix a string
//     prefix, path an exact path, path_separated_prefix the prefix then
//     '/' or the end, safe_regex the whole path (RE2), every header matcher
//     a safe_regex on :authority (the Host header as sent), whole.

package envoy

import (
	"regexp"
	"strconv"
	"strings"

	envoy_config_route_v3 "github.com/envoyproxy/go-control-plane/envoy/config/route/v3"
)

// ingresslibEnvoy answers a request with the route configuration, as
// Envoy would (see the file comment), with merge_slashes on or off: the
// Service (service names it, "ns/name") of the route's cluster, or "404".
func ingresslibEnvoy(rc *envoy_config_route_v3.RouteConfiguration, host, target string, mergeSlashes bool, service func(cluster string) string) string {
	authority := host
	h := host
	if rc.IgnorePortInHostMatching {
		if i := strings.LastIndexByte(h, ':'); i >= 0 && strings.LastIndexByte(h, ']') < i {
			if _, err := strconv.ParseUint(h[i+1:], 10, 32); err == nil {
				h = h[:i]
			}
		}
	}
	h = strings.ToLower(h)
	var vh, wild, def *envoy_config_route_v3.VirtualHost
	wildLen := -1
	for _, v := range rc.VirtualHosts {
		for _, d := range v.Domains {
			switch {
			case d == "*":
				def = v
			case strings.HasPrefix(d, "*"):
				if s := d[1:]; len(h) > len(s) && strings.HasSuffix(h, s) && len(s) > wildLen {
					wild, wildLen = v, len(s)
				}
			case d == h:
				vh = v
			}
		}
	}
	switch {
	case vh != nil:
	case wild != nil:
		vh = wild
	default:
		vh = def
	}
	if vh == nil {
		return "404"
	}
	path := target
	if i := strings.IndexAny(path, "?#"); i >= 0 {
		path = path[:i]
	}
	path = ingresslibNormalize(path, mergeSlashes)
	for _, r := range vh.Routes {
		m := r.GetMatch()
		ok := false
		switch {
		case m.GetPathSpecifier() == nil:
			ok = true
		case m.GetSafeRegex() != nil:
			ok = ingresslibFull(m.GetSafeRegex().GetRegex(), path)
		case m.GetPathSeparatedPrefix() != "":
			p := m.GetPathSeparatedPrefix()
			ok = path == p || strings.HasPrefix(path, p+"/")
		case m.GetPath() != "":
			ok = path == m.GetPath()
		default:
			ok = strings.HasPrefix(path, m.GetPrefix())
		}
		for _, hm := range m.GetHeaders() {
			if hm.GetName() != ":authority" || hm.GetStringMatch().GetSafeRegex() == nil {
				ok = false // no other header is sent
				continue
			}
			ok = ok && ingresslibFull(hm.GetStringMatch().GetSafeRegex().GetRegex(), authority)
		}
		if !ok {
			continue
		}
		if s := service(r.GetRoute().GetCluster()); s != "" {
			return s
		}
		return "404"
	}
	return "404"
}

// ingresslibFull reports whether the RE2 expression matches all of s.
func ingresslibFull(expr, s string) bool {
	re, err := regexp.Compile("^(?:" + expr + ")$")
	return err == nil && re.MatchString(s)
}

// ingresslibNormalize is Envoy's normalize_path, then merge_slashes when
// asked, as the file comment says.
func ingresslibNormalize(p string, mergeSlashes bool) string {
	var b strings.Builder
	for i := 0; i < len(p); i++ {
		if p[i] == '%' && i+2 < len(p) {
			if v, err := strconv.ParseUint(p[i+1:i+3], 16, 8); err == nil {
				c := byte(v)
				if 'a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' || '0' <= c && c <= '9' || c == '-' || c == '.' || c == '_' || c == '~' {
					b.WriteByte(c)
				} else {
					b.WriteString(strings.ToUpper(p[i : i+3]))
				}
				i += 2
				continue
			}
		}
		b.WriteByte(p[i])
	}
	p = b.String()
	// RFC 3986 section 5.2.4.
	var out []string
	segs := strings.Split(p, "/")[1:]
	for i, s := range segs {
		last := i == len(segs)-1
		switch s {
		case ".":
			if last {
				out = append(out, "")
			}
		case "..":
			if len(out) > 0 {
				out = out[:len(out)-1]
			}
			if last {
				out = append(out, "")
			}
		default:
			out = append(out, s)
		}
	}
	p = "/" + strings.Join(out, "/")
	for mergeSlashes && strings.Contains(p, "//") {
		p = strings.ReplaceAll(p, "//", "/")
	}
	return p
}
