package profile

import (
	"fmt"
	"net/http"
	"regexp"
	"slices"
	"strconv"
	"strings"

	"github.com/ingresslib/ingress/internal/witness"
	networkingv1 "k8s.io/api/networking/v1"
)

// A Probe is a request derived from one path of an Ingress to tell
// profiles apart.
type Probe struct {
	// Host is the Host header (and, over TLS, the server name); Target
	// the request target (path and query, percent-encoded as sent).
	Host, Target string
	// TLS says the request comes over TLS (https://).
	TLS bool
	// Ingress, RuleIndex and PathIndex locate the path it is derived from;
	// PathIndex is -1 for a probe of a rule's host alone, RuleIndex -1
	// for one of a default backend. Ingress is nil for the few requests
	// derived from no path (a host no rule names, a path above the root).
	Ingress              *networkingv1.Ingress
	RuleIndex, PathIndex int
	// How says how it was derived: "the path", "one segment deeper", "the
	// shortest match of the regular expression, case-insensitive prefix", ...
	How string
	// Header, when not nil, are request headers: those a canary Ingress
	// of the set tests (its header, its cookie).
	Header http.Header
}

// Headers returns the probe's headers as "Name: value" pairs joined by
// "; " ("" for none), names sorted.
func (p Probe) Headers() string {
	keys := make([]string, 0, len(p.Header))
	for k := range p.Header {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	var parts []string
	for _, k := range keys {
		for _, v := range p.Header[k] {
			parts = append(parts, k+": "+v)
		}
	}
	return strings.Join(parts, "; ")
}

// URL returns the probe as an http:// or https:// URL.
func (p Probe) URL() string {
	if p.TLS {
		return "https://" + p.Host + p.Target
	}
	return "http://" + p.Host + p.Target
}

// NoWitness is a path read as a regular expression for which no request
// could be derived: the expression does not compile in Go's syntax, or
// matches no path. Diff reports it rather than dropping it.
type NoWitness struct {
	Ingress              *networkingv1.Ingress
	RuleIndex, PathIndex int
	Reading              string
	Err                  error
}

// The readings of a path as a regular expression, as the profiles read
// them: ingress-nginx's case-insensitive prefix ~* "^path" (and Traefik's
// ingress-nginx provider's PathRegexp("(?i)^path")), Contour's anchored,
// case-sensitive full match, and Traefik's PathRegexp or HAProxy's regex
// as written (anchored at the start only when the path says so).
var readings = []struct {
	r    witness.Reading
	name string
}{
	{witness.PrefixFold, "case-insensitive prefix"},
	{witness.FullMatch, "full match"},
	{witness.Prefix, "regular expression as written"},
}

// Probes derives requests from every path of the Ingresses, each sent over
// cleartext and over TLS.
//
// From the path as written: the path itself, one segment deeper, its
// parent, the trailing slash toggled, the case flipped (of the whole path
// and of its last segment, with and without the slash toggled), a suffix
// glued on, the path again after a suffix, dot segments (one climbing
// above the root), doubled slashes, a letter percent-encoded, the slashes
// as %2F, a query string, and "/..%2F" into up to 8 other paths of its
// rule; for a path with a '.', the same with '.' as '/'.
//
// A path with regular-expression syntax is also read in each way a
// profile reads one — ingress-nginx's case-insensitive prefix, Contour's
// anchored full match, Traefik's PathRegexp as written: the shortest path
// it matches and a longer one (found by walking the expression's
// regexp/syntax tree, and checked against the reading), the case flipped,
// one element deeper, one byte appended and near misses, and the
// derivations above from the shortest. An expression no path can be
// derived for is reported by [Diff] as a [NoWitness].
//
// Each is sent to the rule's host (for a wildcard, a name one label and
// two labels under it; for a rule without host, a host no rule names; the
// www or bare name when an Ingress of the set has from-to-www-redirect)
// and to up to 16 rule hosts the rule's host covers (every host for a
// rule without host, the names under a wildcard), where its path competes
// with theirs. Every rule host also gets its root and a path no rule
// names; a default backend, and the set itself, requests for a host no
// rule names. Probes are in the order of the Ingresses, rules and paths,
// without duplicates.
func Probes(ingresses []*networkingv1.Ingress) []Probe {
	ps, _ := probes(ingresses)
	return ps
}

func probes(ingresses []*networkingv1.Ingress) ([]Probe, []NoWitness) {
	var out []Probe
	var none []NoWitness
	seen := map[[2]string]bool{}
	add := func(p Probe) {
		p.Target = encodeTarget(p.Target)
		k := [2]string{strings.ToLower(p.Host), p.Target}
		if seen[k] {
			return
		}
		seen[k] = true
		out = append(out, p)
		p.TLS = true
		out = append(out, p)
	}
	// The rule hosts of the set, for the paths of rules whose host covers
	// them (a rule without host covers every host, a wildcard the names
	// under it): where such paths compete with the hosts' own, profiles
	// rank them differently.
	var setHosts []string
	hostSeen := map[string]bool{}
	// from-to-www-redirect answers for the www (or bare) name of a rule
	// host: when an Ingress has it, those names are probed too.
	www := false
	for _, ing := range ingresses {
		if ing != nil {
			_, has := ing.Annotations["nginx.ingress.kubernetes.io/from-to-www-redirect"]
			www = www || has
		}
	}
	hostsOf := func(rule string) []string {
		hosts := probeHosts(rule)
		if www && rule != "" && !strings.HasPrefix(rule, "*.") {
			if bare, ok := strings.CutPrefix(rule, "www."); ok {
				hosts = append(hosts, bare)
			} else {
				hosts = append(hosts, "www."+rule)
			}
		}
		return hosts
	}
	for _, ing := range ingresses {
		if ing == nil {
			continue
		}
		for _, r := range ing.Spec.Rules {
			if r.Host == "" {
				continue
			}
			for _, h := range hostsOf(r.Host) {
				if !hostSeen[strings.ToLower(h)] {
					hostSeen[strings.ToLower(h)] = true
					setHosts = append(setHosts, h)
				}
			}
		}
	}
	// under holds, for each ".suffix" at a label boundary, the first
	// maxCoveredHosts set hosts below it.
	under := map[string][]string{}
	for _, h := range setHosts {
		lower := strings.ToLower(h)
		for i := 0; i < len(lower); i++ {
			if lower[i] == '.' && len(under[lower[i:]]) < maxCoveredHosts {
				under[lower[i:]] = append(under[lower[i:]], h)
			}
		}
	}
	covered := func(rule string) []string {
		hosts := hostsOf(rule)
		switch {
		case rule == "":
			hosts = append(hosts, setHosts[:min(len(setHosts), maxCoveredHosts)]...)
		case strings.HasPrefix(rule, "*."):
			for _, h := range under[strings.ToLower(rule[1:])] {
				if !strings.EqualFold(h, rule) {
					hosts = append(hosts, h)
				}
			}
		}
		return hosts
	}
	// Requests no path is about: what each profile answers for a host no
	// rule names, and for a path that climbs above the root.
	add(Probe{Host: "unnamed.example", Target: "/", RuleIndex: -1, PathIndex: -1, How: "a host no rule names"})
	add(Probe{Host: "unnamed.example", Target: "/../x", RuleIndex: -1, PathIndex: -1, How: "a dot-dot segment above the root"})
	for _, ing := range ingresses {
		if ing == nil {
			continue
		}
		if ing.Spec.DefaultBackend != nil {
			// Whether a default backend answers hosts no rule names (or
			// only its own Ingress's hosts) differs between profiles.
			add(Probe{Host: "unnamed.example", Target: "/", Ingress: ing, RuleIndex: -1, PathIndex: -1, How: "a host no rule names"})
			add(Probe{Host: "unnamed.example", Target: "/unnamed", Ingress: ing, RuleIndex: -1, PathIndex: -1, How: "a host no rule names"})
		}
		for ri, r := range ing.Spec.Rules {
			hosts := covered(r.Host)
			for _, h := range hosts {
				// The root (app-root, the location / of a host), and a
				// path no rule names (the host's fallback).
				add(Probe{Host: h, Target: "/", Ingress: ing, RuleIndex: ri, PathIndex: -1, How: "the host's root"})
				add(Probe{Host: h, Target: "/unnamed", Ingress: ing, RuleIndex: ri, PathIndex: -1, How: "a path no rule names"})
				// Above the root: a bad request to some, the host's
				// fallback (and its redirect) to others.
				add(Probe{Host: h, Target: "/../unnamed", Ingress: ing, RuleIndex: ri, PathIndex: -1, How: "a path no rule names, above the root"})
			}
			if r.HTTP == nil {
				for _, h := range hosts {
					add(Probe{Host: h, Target: "/", Ingress: ing, RuleIndex: ri, PathIndex: -1, How: "the rule's host"})
				}
				continue
			}
			for pi, hp := range r.HTTP.Paths {
				var ds []derived
				ds = append(ds, derive(hp.Path)...)
				if strings.Contains(hp.Path, ".") {
					// A regular expression's '.' matches a '/'.
					for _, d := range derive(strings.ReplaceAll(hp.Path, ".", "/")) {
						ds = append(ds, derived{d.target, d.how + " of the path with '.' as '/'"})
					}
				}
				if regexLike(hp.Path) {
					for _, rd := range readings {
						ws, err := witness.For(hp.Path, rd.r)
						if err != nil {
							none = append(none, NoWitness{Ingress: ing, RuleIndex: ri, PathIndex: pi, Reading: rd.name, Err: err})
							continue
						}
						for i, w := range ws {
							wp := escapePath(w.Path)
							ds = append(ds, derived{wp, w.How + " of the regular expression (" + rd.name + ")"})
							if i == 0 {
								for _, d := range derive(wp)[1:] {
									ds = append(ds, derived{d.target, d.how + " of its shortest match (" + rd.name + ")"})
								}
							}
						}
					}
				}
				// A dot-dot segment with an encoded slash into a sibling
				// path: ingress-nginx decodes and resolves it, most
				// profiles route the path as sent.
				siblings := 0
				for qi, q := range r.HTTP.Paths {
					if qi == pi || siblings == maxSiblings || regexLike(q.Path) || regexLike(hp.Path) || q.Path == "" {
						continue
					}
					siblings++
					ds = append(ds, derived{strings.TrimSuffix(hp.Path, "/") + "/..%2F" + strings.TrimPrefix(q.Path, "/"), fmt.Sprintf("a dot-dot segment with an encoded slash into %q", q.Path)})
				}
				for _, d := range ds {
					for _, h := range hosts {
						add(Probe{Host: h, Target: d.target, Ingress: ing, RuleIndex: ri, PathIndex: pi, How: d.how})
					}
				}
			}
		}
	}
	// With canary Ingresses, the probes of their namespaces are sent again
	// with the headers and cookies the canaries test: which canary takes a
	// request, by which test, differs between profiles.
	if hs := canaryHeaders(ingresses); len(hs) > 0 {
		reach := canaryReach(ingresses)
		for _, p := range out[:len(out):len(out)] {
			if !reach(p) {
				continue
			}
			for _, h := range hs {
				q := p
				q.Header = h
				out = append(out, q)
			}
		}
	}
	return out, none
}

// isCanary says whether either profile that knows canary Ingresses reads
// the Ingress as one.
func isCanary(ing *networkingv1.Ingress) bool {
	v := ing.Annotations["nginx.ingress.kubernetes.io/canary"]
	b, _ := strconv.ParseBool(v)
	return b || strings.EqualFold(v, "true")
}

// canaryReach returns whether a probe may meet a canary: it is derived
// from a rule of a canary Ingress, or from a rule with a path to a Service
// a canary path may split (that of a path of the canary's namespace with
// its host and path, in either profile's reading), or is sent to a host
// of such a rule (a canary's router may take other paths of the host);
// every probe when such a rule has no host. A canary's default backend
// reaches the rules without host and the default backends.
func canaryReach(ingresses []*networkingv1.Ingress) func(Probe) bool {
	type svcKey struct{ ns, name, port string }
	keyOf := func(ns string, b networkingv1.IngressBackend) (svcKey, bool) {
		if b.Service == nil {
			return svcKey{}, false
		}
		return svcKey{ns, b.Service.Name, b.Service.Port.Name + "/" + strconv.Itoa(int(b.Service.Port.Number))}, true
	}
	type pathKey struct{ ns, host, path string }
	canaryPaths := map[pathKey]bool{}
	defaults := false
	for _, ing := range ingresses {
		if ing == nil || !isCanary(ing) {
			continue
		}
		defaults = defaults || ing.Spec.DefaultBackend != nil
		for _, r := range ing.Spec.Rules {
			if r.HTTP != nil {
				for _, p := range r.HTTP.Paths {
					canaryPaths[pathKey{ing.Namespace, strings.ToLower(r.Host), p.Path}] = true
				}
			}
		}
	}
	split := map[svcKey]bool{}
	for _, ing := range ingresses {
		if ing == nil {
			continue
		}
		for _, r := range ing.Spec.Rules {
			if r.HTTP == nil {
				continue
			}
			for _, p := range r.HTTP.Paths {
				if k, ok := keyOf(ing.Namespace, p.Backend); ok && canaryPaths[pathKey{ing.Namespace, strings.ToLower(r.Host), p.Path}] {
					split[k] = true
				}
			}
		}
	}
	type ruleKey struct {
		ing *networkingv1.Ingress
		ri  int
	}
	rules := map[ruleKey]bool{}
	hosts := map[string]bool{}
	everyHost := false
	for _, ing := range ingresses {
		if ing == nil {
			continue
		}
		if d := ing.Spec.DefaultBackend; d != nil && (defaults || isCanary(ing)) {
			rules[ruleKey{ing, -1}] = true
		}
		for ri, r := range ing.Spec.Rules {
			reached := isCanary(ing) || defaults && r.Host == ""
			if r.HTTP != nil {
				for _, p := range r.HTTP.Paths {
					k, ok := keyOf(ing.Namespace, p.Backend)
					reached = reached || ok && split[k]
				}
			}
			if reached {
				rules[ruleKey{ing, ri}] = true
				if r.Host != "" {
					hosts[strings.ToLower(r.Host)] = true
				} else {
					// A rule without host competes with every host's
					// (under Traefik, its canary router too).
					everyHost = true
				}
			}
		}
	}
	return func(p Probe) bool {
		if everyHost || p.Ingress != nil && rules[ruleKey{p.Ingress, p.RuleIndex}] {
			return true
		}
		h := strings.ToLower(p.Host)
		if i := strings.LastIndexByte(h, ':'); i >= 0 && !strings.HasSuffix(h, "]") {
			h = h[:i]
		}
		h = strings.TrimSuffix(h, ".")
		if hosts[h] {
			return true
		}
		// A wildcard rule host covers one label under it.
		dot := strings.IndexByte(h, '.')
		return dot >= 0 && hosts["*"+h[dot:]]
	}
}

// maxCanaryHeaders bounds the header sets the probes of a canary's
// namespace are sent again with, so that probes grow linearly with the
// Ingresses.
const maxCanaryHeaders = 12

// canaryHeaders returns the header sets that tell the canaries of the
// Ingresses apart: for each canary's header, "always", "never", its value
// and a value its pattern matches; for its cookie, "always", "never", the
// name in another case, after a ',' (ingress-nginx splits pairs at ','
// too); and the header's "never" with the cookie's "always". At most
// maxCanaryHeaders, the first found.
func canaryHeaders(ingresses []*networkingv1.Ingress) []http.Header {
	var out []http.Header
	seen := map[string]bool{}
	add := func(kv ...string) {
		h := http.Header{}
		for i := 0; i+1 < len(kv); i += 2 {
			h.Add(kv[i], kv[i+1])
		}
		key := Probe{Header: h}.Headers()
		if len(out) < maxCanaryHeaders && !seen[key] {
			seen[key] = true
			out = append(out, h)
		}
	}
	const ann = "nginx.ingress.kubernetes.io/canary-by-"
	for _, ing := range ingresses {
		if ing == nil || !isCanary(ing) {
			continue
		}
		a := ing.Annotations
		hdr, cookie := a[ann+"header"], a[ann+"cookie"]
		if hdr != "" {
			add(hdr, "always")
			add(hdr, "never")
			if v := a[ann+"header-value"]; v != "" {
				add(hdr, v)
			}
			if v, ok := patternValue(a[ann+"header-pattern"]); ok {
				add(hdr, v)
			}
		}
		if cookie != "" {
			add("Cookie", cookie+"=always")
			add("Cookie", cookie+"=never")
			add("Cookie", witness.FlipCase(cookie)+"=always")
			add("Cookie", "x=1, "+cookie+"=always")
			if hdr != "" {
				add(hdr, "never", "Cookie", cookie+"=always")
			}
		}
	}
	return out
}

// patternValue returns a header value a canary's header pattern matches:
// the pattern's literal text with its anchors dropped, when Go's RE2 says
// it matches.
func patternValue(pattern string) (string, bool) {
	if pattern == "" || len(pattern) > 256 {
		return "", false
	}
	re, err := regexp.Compile(pattern)
	if err != nil {
		return "", false
	}
	for _, v := range []string{strings.Trim(pattern, "^$"), strings.NewReplacer("^", "", "$", "", "[0-9]", "1", `\d`, "1", ".", "x", "*", "", "+", "").Replace(pattern)} {
		if re.MatchString(v) {
			return v, true
		}
	}
	return "", false
}

// maxCoveredHosts bounds the hosts of other rules a path of a rule without
// host (or with a wildcard) is sent to, so that probes grow linearly with
// the Ingresses.
const maxCoveredHosts = 16

// maxSiblings bounds the other paths of its rule a path's encoded dot-dot
// probes point into.
const maxSiblings = 8

// regexLike reports whether a path has the syntax of a regular expression
// beyond a literal: some profile reads it as one.
func regexLike(p string) bool { return strings.ContainsAny(p, `^$()[]{}*+?|\.`) }

func probeHosts(host string) []string {
	switch {
	case host == "":
		return []string{"unnamed.example"}
	case strings.HasPrefix(host, "*."):
		return []string{"one" + host[1:], "two.labels" + host[1:]}
	}
	return []string{host}
}

type derived struct{ target, how string }

func derive(p string) []derived {
	if p == "" {
		p = "/"
	}
	if p[0] != '/' {
		p = "/" + p
	}
	trimmed := strings.TrimSuffix(p, "/")
	parent := trimmed[:strings.LastIndexByte(trimmed, '/')+1]
	toggled := trimmed + "/"
	if strings.HasSuffix(p, "/") {
		toggled = trimmed
	}
	return []derived{
		{p, "the path"},
		{trimmed + "/deeper", "one segment deeper"},
		{parent, "its parent"},
		{toggled, "the trailing slash toggled"},
		{witness.FlipCase(p), "the case flipped"},
		{parent + witness.FlipCase(p[len(parent):]), "the last segment's case flipped"},
		{witness.FlipCase(toggled), "the case flipped and the trailing slash toggled"},
		{parent + witness.FlipCase(toggled[len(parent):]), "the last segment's case flipped and the trailing slash toggled"},
		{trimmed + "x", "a suffix glued on"},
		{trimmed + "x" + trimmed + "/", "the path again after a suffix (a rewrite-target replaces every match)"},
		{"/." + p, "a dot segment"},
		{"/x/.." + p, "a dot-dot segment"},
		{"/.." + p, "a dot-dot segment above the root"},
		{"/" + p, "a doubled slash"},
		{trimmed + "//", "a doubled trailing slash"},
		{"/" + trimmed + "/deeper", "a doubled slash, one segment deeper"},
		{encodeOne(p), "a letter percent-encoded"},
		{strings.ReplaceAll(trimmed+"/deeper", "/", "%2F")[3:], "slashes encoded as %2F"},
		{p + "?q=1", "a query string"},
	}
}

// encodeOne percent-encodes the last letter of s.
func encodeOne(s string) string {
	for i := len(s) - 1; i >= 0; i-- {
		if c := s[i]; 'a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' {
			return s[:i] + fmt.Sprintf("%%%02X", c) + s[i+1:]
		}
	}
	return s + "%2E"
}

// encodeTarget makes a request target of a derived path: it starts with
// '/', and a byte that cannot appear in a request target as it is (a
// space, '#', a byte beyond ASCII, a '%' that starts no escape, a '?'
// after the query) is percent-encoded; the path a server decodes from it
// is the derived one.
func encodeTarget(t string) string {
	if t == "" || t[0] != '/' {
		t = "/" + t
	}
	var b strings.Builder
	query := false
	for i := 0; i < len(t); i++ {
		c := t[i]
		switch {
		case c == '?' && !query:
			query = true
			b.WriteByte(c)
		case c == '%' && i+2 < len(t) && isHex(t[i+1]) && isHex(t[i+2]):
			b.WriteByte(c)
		case c <= ' ' || c >= 0x7f || c == '#' || c == '%' || c == '"' || c == '<' || c == '>' || c == '\\' || c == '^' || c == '`' || c == '{' || c == '|' || c == '}' || c == '?' && query:
			fmt.Fprintf(&b, "%%%02X", c)
		default:
			b.WriteByte(c)
		}
	}
	return b.String()
}

// escapePath percent-encodes the bytes of a decoded path that would end
// it or start an escape in a request target: '%', '?' and '#'.
func escapePath(p string) string {
	if !strings.ContainsAny(p, "%?#") {
		return p
	}
	return strings.NewReplacer("%", "%25", "?", "%3F", "#", "%23").Replace(p)
}

func isHex(c byte) bool {
	return '0' <= c && c <= '9' || 'a' <= c && c <= 'f' || 'A' <= c && c <= 'F'
}
