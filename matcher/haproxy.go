package matcher

import (
	"fmt"
	"regexp"
	"slices"
	"strings"

	"github.com/ingresslib/ingress"
	"github.com/ingresslib/ingress/hostmatch"
	networkingv1 "k8s.io/api/networking/v1"
)

// The annotations the HAProxy dialect reads: haproxy-ingress's path-type,
// under its current and its legacy prefix.
const (
	HAProxyAnnotationPrefix = "haproxy-ingress.github.io/"
	haproxyPathType         = HAProxyAnnotationPrefix + "path-type"
	haproxyLegacyPathType   = "ingress.kubernetes.io/path-type"
	haproxyDefaultHost      = "<default>"
)

// haMatch is a haproxy-ingress match type, in the default path-type-order:
// exact, prefix, begin, regex.
type haMatch uint8

const (
	haExact  haMatch = iota // map_str
	haPrefix                // map_dir
	haBegin                 // map_beg, case-insensitive
	haRegex                 // map_reg
)

var haMatchNames = [...]string{"exact", "prefix", "begin", "regex"}

// haEntry is one line of a map file: a key and the route it leads to.
type haEntry struct {
	host  string // the entry's hostname: lower-case name, "^[^.]+\.foo\.com$", or "<default>"
	path  string // lower-case for begin
	match haMatch
	key   string
	re    *regexp.Regexp // regex entries
	route Route
	order int // the path's place in the input, for equal keys
	// where rebuildMatchFiles put it
	file  int // index into the file list, -1 while in a default file
	upper int // the file an overlapping longer entry went to, -1 for none
}

// haFile is a map file: entries of one match type, tried in order.
type haFile struct {
	match   haMatch
	entries []*haEntry
	// byHost holds the entries of an exact, prefix or begin file by host,
	// in order: their keys start with "host#", and a request path never
	// holds a '#', so only entries of the request's host can match.
	byHost map[string][]*haEntry
}

// haproxyEngine is the lookup of the HAProxy dialect: the map files of
// haproxy-ingress's two host maps (named hosts, and the default host of the
// rules without host), tried in order as its frontend does.
type haproxyEngine struct {
	hosts, defaults []haFile
}

// newHAProxy builds haproxy-ingress's maps (pkg/haproxy/types/maps.go:
// AddHostnamePathMapping, convertWildcardToRegex, convertPathToRegex,
// buildMapKey, rebuildMatchFiles, overlaps, sort).
func newHAProxy(m *Matcher) *haproxyEngine {
	var hostEntries, defEntries []*haEntry
	seen := map[string]Route{} // host, match and path already configured
	order := 0
	add := func(ing *networkingv1.Ingress, host, path string, match haMatch, route Route) {
		key := fmt.Sprintf("%s %d %s", host, match, path)
		if w, dup := seen[key]; dup {
			m.diags = append(m.diags, ingress.Diagnostic{Kind: PathShadowed, Severity: ingress.Warning, Object: ing, Field: route.Field(),
				Message: fmt.Sprintf("path %q never serves a request under haproxy-ingress: %s %s configures the same host, path and match first", path, ingress.ObjectName(w.Ingress), w.Field()),
				Related: w.Ingress, RelatedField: w.Field()})
			return
		}
		seen[key] = route
		e := haEntry{path: path, match: match, route: route, order: order, file: -1, upper: -1}
		order++
		isDefault := host == ""
		if isDefault {
			host = haproxyDefaultHost
		}
		switch {
		case strings.HasPrefix(host, "*."):
			e.host = `^[^.]+` + regexp.QuoteMeta(host[1:]) + `$`
			e.path, e.match = haPathToRegex(path, match), haRegex
		case match == haRegex:
			e.host = "^" + regexp.QuoteMeta(host) + "$"
		default:
			e.host = host
		}
		e.host = strings.ToLower(e.host)
		if e.match == haBegin {
			e.path = strings.ToLower(e.path)
		}
		e.key = haMapKey(e.match, e.host, e.path)
		if e.match == haRegex {
			re, err := regexp.Compile(e.key)
			if err != nil {
				m.diags = append(m.diags, ingress.Diagnostic{Kind: PathSkipped, Severity: ingress.Warning, Object: ing, Field: route.Field() + ".path",
					Message: fmt.Sprintf("haproxy-ingress writes the regular expression %q, which Go's RE2 does not read (%v); the path is skipped", e.key, err)})
				return
			}
			e.re = re
		}
		if isDefault {
			defEntries = append(defEntries, &e)
		} else {
			hostEntries = append(hostEntries, &e)
		}
	}
	for _, ing := range m.ingresses { // the converter takes them oldest first
		pathType := ing.Annotations[haproxyPathType]
		if pathType == "" {
			pathType = ing.Annotations[haproxyLegacyPathType]
		}
		eachRule(ing, func(ri int, r *networkingv1.IngressRule, host string, _ hostmatch.Rank) {
			for pi := range r.HTTP.Paths {
				p := &r.HTTP.Paths[pi]
				if p.PathType == nil || p.Backend.Service == nil {
					continue
				}
				path := p.Path
				if path == "" {
					path = "/"
				}
				add(ing, host, path, haMatchOf(*p.PathType, pathType), Route{Ingress: ing, Host: r.Host, Path: p, Backend: p.Backend, RuleIndex: ri, PathIndex: pi})
			}
		})
	}
	// spec.defaultBackend: the path / of the default host, matched as
	// begin, unless the default host already has a path /.
	for _, ing := range m.ingresses {
		db := ing.Spec.DefaultBackend
		if db == nil || db.Service == nil {
			continue
		}
		route := Route{Ingress: ing, Backend: *db, RuleIndex: -1, PathIndex: -1}
		if i := slices.IndexFunc(defEntries, func(e *haEntry) bool { return e.path == "/" }); i >= 0 {
			w := defEntries[i].route
			m.diags = append(m.diags, ingress.Diagnostic{Kind: PathShadowed, Severity: ingress.Warning, Object: ing, Field: "spec.defaultBackend",
				Message: fmt.Sprintf("defaultBackend never serves a request under haproxy-ingress: the default host already has the path / of %s %s", ingress.ObjectName(w.Ingress), w.Field()),
				Related: w.Ingress, RelatedField: w.Field()})
			continue
		}
		add(ing, "", "/", haBegin, route)
	}
	return &haproxyEngine{hosts: haBuildFiles(hostEntries), defaults: haBuildFiles(defEntries)}
}

// haMatchOf is the converter's match type of a path: Exact and Prefix as
// they are, ImplementationSpecific by the path-type annotation ("begin"
// when unset or unknown).
func haMatchOf(t networkingv1.PathType, annotation string) haMatch {
	switch t {
	case networkingv1.PathTypeExact:
		return haExact
	case networkingv1.PathTypePrefix:
		return haPrefix
	}
	switch strings.ToLower(annotation) {
	case "prefix":
		return haPrefix
	case "exact":
		return haExact
	case "regex":
		return haRegex
	}
	return haBegin
}

// haPathToRegex is convertPathToRegex: the path of a wildcard host as a
// regular expression with an implicit start and no end.
func haPathToRegex(path string, match haMatch) string {
	switch match {
	case haBegin:
		return regexp.QuoteMeta(path)
	case haExact:
		return regexp.QuoteMeta(path) + "$"
	case haPrefix:
		q := regexp.QuoteMeta(path)
		if strings.HasSuffix(q, "/") {
			return q
		}
		return q + "(/.*)?"
	}
	return path
}

// haMapKey is buildMapKey.
func haMapKey(match haMatch, host, path string) string {
	if match == haRegex {
		if strings.HasSuffix(host, "$") {
			host = host[:len(host)-1]
		} else {
			host += "[^/]*"
		}
	}
	return host + "#" + path
}

// haBuildFiles is rebuildMatchFiles without header filters: entries of one
// host whose paths overlap across prefix and begin go to priority files
// placed after the exact file and before the default ones, longer paths
// first; then exact, prefix, begin, regex. Hosts are visited in sorted
// order (haproxy-ingress visits a map, which only matters for the rare
// overlaps its rule does not see, such as case differences under begin).
func haBuildFiles(entries []*haEntry) []haFile {
	byHost := map[string][]*haEntry{}
	var hosts []string
	for _, e := range entries {
		if _, ok := byHost[e.host]; !ok {
			hosts = append(hosts, e.host)
		}
		byHost[e.host] = append(byHost[e.host], e)
	}
	slices.Sort(hosts)
	var prio []haFile // the priority files, in creation order
	find := func(e *haEntry) int {
		start := max(e.upper, 0)
		for i := start; i < len(prio); i++ {
			if prio[i].match == e.match {
				return i
			}
		}
		prio = append(prio, haFile{match: e.match})
		return len(prio) - 1
	}
	for _, h := range hosts {
		list := byHost[h]
		slices.SortStableFunc(list, func(a, b *haEntry) int { return strings.Compare(b.path, a.path) })
		for i, e1 := range list {
			for _, e2 := range list[i+1:] {
				if !haOverlaps(e1, e2) {
					continue
				}
				if e1.file < 0 {
					e1.file = find(e1)
					prio[e1.file].entries = append(prio[e1.file].entries, e1)
				}
				e2.upper = e1.file
			}
		}
	}
	files := []haFile{{match: haExact}}
	files = append(files, prio...)
	files = append(files, haFile{match: haPrefix}, haFile{match: haBegin}, haFile{match: haRegex})
	last := len(files) - 3
	for _, e := range entries {
		switch {
		case e.file >= 0:
		case e.match == haExact:
			files[0].entries = append(files[0].entries, e)
		default:
			files[last+int(e.match)-1].entries = append(files[last+int(e.match)-1].entries, e)
		}
	}
	for i := range files {
		f := &files[i]
		haSort(f)
		if f.match != haRegex {
			f.byHost = map[string][]*haEntry{}
			for _, e := range f.entries {
				f.byHost[e.host] = append(f.byHost[e.host], e)
			}
		}
	}
	return files
}

// haOverlaps is overlaps: distinct prefix and begin entries of one host
// where the first's path starts with the second's.
func haOverlaps(e1, e2 *haEntry) bool {
	return e1.match != e2.match && e1.path != e2.path &&
		e1.match != haExact && e2.match != haExact && e1.match != haRegex && e2.match != haRegex &&
		strings.HasPrefix(e1.path, e2.path)
}

// haSort is hostsMapMatchFile.sort.
func haSort(f *haFile) {
	slices.SortStableFunc(f.entries, func(a, b *haEntry) int {
		switch f.match {
		case haExact:
			if a.key != b.key {
				return strings.Compare(a.key, b.key)
			}
		case haRegex:
			if len(a.key) != len(b.key) {
				return len(b.key) - len(a.key)
			}
			if a.key != b.key {
				return strings.Compare(a.key, b.key)
			}
		default:
			if a.host != b.host {
				return strings.Compare(a.key, b.key)
			}
			if a.path != b.path {
				return strings.Compare(b.path, a.path)
			}
		}
		return a.order - b.order
	})
}

// matches reports whether the entry matches a sample "host#/path" as
// HAProxy's converter of its match type does.
func (e *haEntry) matches(sample, lower string) bool {
	switch e.match {
	case haExact:
		return sample == e.key
	case haPrefix:
		return haDirMatch(sample, e.key)
	case haBegin:
		return strings.HasPrefix(lower, e.key)
	}
	return e.re.MatchString(sample)
}

// matchesPath is matches for an exact, prefix or begin entry of the
// request's own host, on the path alone: what matches computes on
// "host#path" once the host part is known to be equal.
func (e *haEntry) matchesPath(path string) bool {
	switch e.match {
	case haExact:
		return path == e.path
	case haPrefix:
		// match_word at the start of the sample: the key without its
		// trailing delimiters, then a delimiter or the end.
		p := strings.TrimRight(e.path, "/?")
		return strings.HasPrefix(path, p) && (len(path) == len(p) || path[len(p)] == '/' || path[len(p)] == '?')
	}
	return len(path) >= len(e.path) && asciiLowerEqual(path[:len(e.path)], e.path)
}

// asciiLowerEqual reports whether a, lower-cased byte by byte as HAProxy's
// lower converter does (ASCII only), equals b.
func asciiLowerEqual(a, b string) bool {
	for i := 0; i < len(a); i++ {
		c := a[i]
		if 'A' <= c && c <= 'Z' {
			c += 'a' - 'A'
		}
		if c != b[i] {
			return false
		}
	}
	return true
}

// haDirMatch is HAProxy's "dir" match (match_word with '/' and '?'
// delimiters): the pattern, without its leading and trailing delimiters,
// appears in the sample starting after a delimiter (or at the start) and
// ending before one (or at the end).
func haDirMatch(sample, pattern string) bool {
	pattern = strings.Trim(pattern, "/?")
	if pattern == "" {
		return false
	}
	may := true
	for i := 0; i+len(pattern) <= len(sample); i++ {
		c := sample[i]
		if c == '/' || c == '?' {
			may = true
			continue
		}
		if !may {
			continue
		}
		if strings.HasPrefix(sample[i:], pattern) && (i+len(pattern) == len(sample) || sample[i+len(pattern)] == '/' || sample[i+len(pattern)] == '?') {
			return true
		}
		may = false
	}
	return false
}

// haproxyHost is what the frontend keys requests by: the Host header
// before its first ':', lower-case (hdr(host),field(1,:),lower). A
// trailing dot stays.
func haproxyHost(host string) string {
	if i := strings.IndexByte(host, ':'); i >= 0 {
		host = host[:i]
	}
	return strings.ToLower(host)
}

// find runs the frontend: the named hosts' map files, then the default
// host's, each in order; the first entry that matches wins. viaDefault
// says the default host's maps answered.
func (e *haproxyEngine) find(host, path string) (won *haEntry, viaDefault bool) {
	if path == "" {
		path = "/"
	}
	h := haproxyHost(host)
	for fi, files := range [2][]haFile{e.hosts, e.defaults} {
		name := h
		if fi == 1 {
			name = haproxyDefaultHost
		}
		for i := range files {
			f := &files[i]
			if f.match != haRegex {
				for _, en := range f.byHost[name] {
					if en.matchesPath(path) {
						return en, fi == 1
					}
				}
				continue
			}
			if len(f.entries) == 0 {
				continue
			}
			sample := name + "#" + path
			for _, en := range f.entries {
				if en.re.MatchString(sample) {
					return en, fi == 1
				}
			}
		}
	}
	return nil, false
}

func (e *haproxyEngine) match(host, path string) (Route, bool) {
	en, _ := e.find(host, path)
	if en == nil {
		return Route{}, false
	}
	return en.route, true
}

func (e *haproxyEngine) explain(host, path string) Explanation {
	route, found := e.match(host, path)
	if path == "" {
		path = "/"
	}
	ex := Explanation{Path: path, Route: route, Found: found, ClaimedRank: hostmatch.RankCatchAll}
	ex.Host, _ = hostmatch.Normalize(host)
	won, viaDefault := e.find(host, path)
	h := haproxyHost(host)
	for fi, files := range [2][]haFile{e.hosts, e.defaults} {
		name := h
		if fi == 1 {
			name = haproxyDefaultHost
		}
		sample := name + "#" + path
		lower := strings.ToLower(sample)
		for i := range files {
			for _, en := range files[i].entries {
				if !en.matches(sample, lower) {
					continue
				}
				c := Candidate{Route: en.route, Won: en == won}
				if !c.Won {
					c.Reason = fmt.Sprintf("the %s map entry %s comes after %s", haMatchNames[en.match], en.key, won.key)
				}
				ex.Candidates = append(ex.Candidates, c)
			}
		}
	}
	winnerFirst(ex.Candidates)
	switch {
	case won == nil:
		ex.Reason = fmt.Sprintf("no map entry of host %q or of the default host matches: 404", h)
	case viaDefault:
		ex.Reason = fmt.Sprintf("no map entry of host %q matches; the default host's %s entry %s does", h, haMatchNames[won.match], won.key)
	default:
		ex.Reason = fmt.Sprintf("the first matching map entry, in haproxy-ingress's order (exact, overlapping paths, prefix, begin, regex): %s entry %s", haMatchNames[won.match], won.key)
	}
	return ex
}
