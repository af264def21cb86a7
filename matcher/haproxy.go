package matcher

import (
	"bytes"
	"cmp"
	"fmt"
	"regexp"
	"regexp/syntax"
	"slices"
	"strings"
	"sync"
	"unicode"

	"github.com/ingresslib/ingress"
	"github.com/ingresslib/ingress/hostmatch"
	"github.com/ingresslib/ingress/internal/hostname"
	"github.com/ingresslib/ingress/internal/regexbound"
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
	// A line of a wildcard host written from an exact, prefix or begin path
	// (not a regex): literal is the path as written, literalMatch its
	// match type. The line matches when what follows the sample's '#' is
	// the path (exact) or starts with it (prefix, begin: the regex has no
	// end anchor).
	literal      string
	literalMatch haMatch
	// where rebuildMatchFiles put it
	file  int // index into the file list, -1 while in a default file
	upper int // the file an overlapping longer entry went to, -1 for none
}

// haFile is a map file: entries of one match type, tried in order.
type haFile struct {
	match   haMatch
	entries []*haEntry
}

// haproxyEngine is the lookup of the HAProxy dialect: the map files of
// haproxy-ingress's two host maps (named hosts, and the default host of the
// rules without host), tried in order as its frontend does.
type haproxyEngine struct {
	hash            *hasher
	hosts, defaults haMap
}

// haMap is one host map's files and their index. The frontend takes the
// first line of the first file that matches the sample "host#path"; the
// index finds it without trying lines one by one:
//
//   - An exact, prefix or begin line can only match a sample of its own
//     host (its key starts with "host#", and a request path holds no '#'),
//     so those lines are indexed by host, each host's in a route index at
//     its position in the files (begin lines in one that folds case).
//   - The lines of a wildcard host written from exact, prefix and begin
//     paths (^[^.]+\.foo\.com#/path...) match when the sample's text from
//     its first '.' to the next '#' is .foo.com and what follows that '#'
//     is the path (exact) or starts with it: they are indexed by suffix,
//     over that rest, at their position in the regex file.
//   - A regular expression line (the last file) is reached through the
//     only host it can match when its expression starts with that host:
//     ^foo\.com#... (a regex path of an exact host) matches only samples
//     whose text before the first '#' is foo.com, and ^[^.]+\.foo\.com#...
//     (any path of a wildcard host) only samples whose text from the first
//     '.' to the next '#' is .foo.com. Any other expression (one whose
//     path begins with an alternation, say) may match any host's sample
//     and is tried for every request, as HAProxy does.
//
// A request costs the route index's walk along the path for its host, the
// regular expressions of its host and wildcard suffix and the unanchored
// ones, in order, until one matches; nothing of other hosts.
type haMap struct {
	files     []haFile
	byPos     []*haEntry // every line, at its position: the files in order
	hosts     map[string]*haHostIndex
	regexHost map[string][]int32 // positions of regular expressions by host
	regexWild map[string][]int32 // by wildcard suffix (".foo.com")
	regexAll  []int32            // expressions not anchored to one host
	// wild indexes by wildcard suffix the lines of wildcard hosts written
	// from exact, prefix and begin paths (haEntry.literal), over what
	// follows the sample's '#'.
	wild      map[string]*routeIndex
	wildLines map[string][]int32 // the same lines, in order
}

// haHostIndex is the exact, prefix and begin lines of one host.
type haHostIndex struct {
	cased, folded *routeIndex
}

// haSamples holds the buffers for "host#path" samples, so that a lookup
// that reaches regular expressions does not allocate.
var haSamples = sync.Pool{New: func() any { return new([]byte) }}

// newHAProxy builds haproxy-ingress's maps (pkg/haproxy/types/maps.go:
// AddHostnamePathMapping, convertWildcardToRegex, convertPathToRegex,
// buildMapKey, rebuildMatchFiles, overlaps, sort).
func newHAProxy(m *Matcher) *haproxyEngine {
	var hostEntries, defEntries []*haEntry
	seen := map[string]Route{} // host, match and path already configured
	defRoot := -1              // the default host's first path /
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
			if match != haRegex {
				e.literal, e.literalMatch = path, match
			}
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
			re, err := haCompileKey(e.key)
			if err != nil {
				msg := fmt.Sprintf("haproxy-ingress writes the regular expression %q, which Go's RE2 does not read (%v); the path is skipped", e.key, err)
				if tooCostly(err) {
					msg = fmt.Sprintf("haproxy-ingress writes the regular expression %q, which is %v; HAProxy would run it, Compile skips it", e.key, err)
				}
				m.diags = append(m.diags, ingress.Diagnostic{Kind: PathSkipped, Severity: ingress.Warning, Object: ing, Field: route.Field() + ".path", Message: msg})
				return
			}
			e.re = re
		}
		if isDefault {
			if e.path == "/" && defRoot < 0 {
				defRoot = len(defEntries)
			}
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
		if defRoot >= 0 {
			w := defEntries[defRoot].route
			m.diags = append(m.diags, ingress.Diagnostic{Kind: PathShadowed, Severity: ingress.Warning, Object: ing, Field: "spec.defaultBackend",
				Message: fmt.Sprintf("defaultBackend never serves a request under haproxy-ingress: the default host already has the path / of %s %s", ingress.ObjectName(w.Ingress), w.Field()),
				Related: w.Ingress, RelatedField: w.Field()})
			continue
		}
		add(ing, "", "/", haBegin, route)
	}
	e := &haproxyEngine{hash: &m.hash}
	e.hosts = haIndex(haBuildFiles(hostEntries, e.hash), e.hash)
	e.defaults = haIndex(haBuildFiles(defEntries, e.hash), e.hash)
	return e
}

// haIndex indexes the files of one map (see haMap).
func haIndex(files []haFile, hs *hasher) haMap {
	x := haMap{files: files, hosts: map[string]*haHostIndex{}, regexHost: map[string][]int32{}, regexWild: map[string][]int32{}, wild: map[string]*routeIndex{}, wildLines: map[string][]int32{}}
	for _, f := range files {
		for _, e := range f.entries {
			pos := int32(len(x.byPos))
			x.byPos = append(x.byPos, e)
			if e.match == haRegex {
				switch kind, key := haRegexHost(e.key); {
				case kind == haAnchoredWildcard && e.literal != "":
					w := x.wild[key]
					if w == nil {
						w = newRouteIndex(false)
						x.wild[key] = w
					}
					conts := uint8(onAny)
					if e.literalMatch == haExact {
						conts = onEnd
					}
					w.add(e.literal, conts, pos)
					x.wildLines[key] = append(x.wildLines[key], pos)
				case kind == haAnchoredHost:
					x.regexHost[key] = append(x.regexHost[key], pos)
				case kind == haAnchoredWildcard:
					x.regexWild[key] = append(x.regexWild[key], pos)
				default:
					x.regexAll = append(x.regexAll, pos)
				}
				continue
			}
			h := x.hosts[e.host]
			if h == nil {
				h = &haHostIndex{cased: newRouteIndex(false), folded: newRouteIndex(true)}
				x.hosts[e.host] = h
			}
			switch e.match {
			case haExact:
				h.cased.add(e.path, onEnd, pos)
			case haPrefix:
				// match_word at the start of the sample: the key without
				// its trailing delimiters, then a delimiter or the end.
				h.cased.add(strings.TrimRight(e.path, "/?"), onDir, pos)
			default:
				h.folded.add(e.path, onAny, pos)
			}
		}
	}
	for _, h := range x.hosts {
		h.cased.freeze(hs)
		h.folded.freeze(hs)
	}
	for _, w := range x.wild {
		w.freeze(hs)
	}
	return x
}

// How a regular expression line is tied to a host (haRegexHost).
const (
	haAnyHost          = iota // it may match a sample of any host
	haAnchoredHost            // ^host#...: only samples of that host
	haAnchoredWildcard        // ^[^.]+\.suffix#...: only samples of one label under the suffix
)

// haRegexHost tells which samples a regular expression line can match: the
// parsed expression is a concatenation that starts at the beginning of the
// text with the literal "host#", or with [^.]+ and the literal
// ".suffix#". Anything else (an alternation at the top, a case-folded
// host) is haAnyHost.
func haRegexHost(key string) (kind int, host string) {
	re, err := syntax.Parse(key, syntax.Perl)
	if err != nil || re.Op != syntax.OpConcat || len(re.Sub) < 2 || re.Sub[0].Op != syntax.OpBeginText {
		return haAnyHost, ""
	}
	literal := func(r *syntax.Regexp) (string, bool) {
		if r.Op != syntax.OpLiteral || r.Flags&syntax.FoldCase != 0 {
			return "", false
		}
		return string(r.Rune), true
	}
	lit, ok := literal(re.Sub[1])
	if ok {
		if i := strings.IndexByte(lit, '#'); i > 0 {
			return haAnchoredHost, lit[:i]
		}
		return haAnyHost, ""
	}
	if p := re.Sub[1]; len(re.Sub) >= 3 && p.Op == syntax.OpPlus && len(p.Sub) == 1 && p.Sub[0].Op == syntax.OpCharClass &&
		slices.Equal(p.Sub[0].Rune, []rune{0, '.' - 1, '.' + 1, unicode.MaxRune}) {
		if lit, ok := literal(re.Sub[2]); ok && lit != "" && lit[0] == '.' {
			if i := strings.IndexByte(lit, '#'); i > 1 {
				return haAnchoredWildcard, lit[:i]
			}
		}
	}
	return haAnyHost, ""
}

// haCompileKey compiles the key of a regular expression line under the bound of
// every compiled pattern. A wildcard host's [^.]+ is measured as one byte:
// it reads the sample's first label and nothing after it (the literal
// '.' that follows must match the first '.'), so the path's expression
// starts at one place of each sample, as after an exact host.
func haCompileKey(key string) (*regexp.Regexp, error) {
	if rest, ok := strings.CutPrefix(key, `^[^.]+`); ok {
		c, err := regexbound.Measure("^x" + rest)
		if err == nil {
			err = c.Err()
		}
		if err != nil {
			return nil, err
		}
		return regexp.Compile(key)
	}
	return dialectRegex(key)
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
//
// haproxy-ingress compares every pair of a host's entries (overlaps); this
// gives the same files in O(n log n) for n entries of a host. Its entries
// are sorted by path, descending, and each pair e1 before e2 that overlaps
// (maps.go, overlaps: distinct prefix and begin entries, e2's path a
// proper prefix of e1's) puts e1 in a priority file, found from e1.upper, and
// sets e2.upper to it. So an entry gets a priority file exactly when some
// entry of the other type has a proper prefix of its path (all such come
// after it), and its upper is the file of the last entry before it of the
// other type whose path it is a proper prefix of. In descending order the
// paths that start with a path P (P excluded) come right before P, so that
// entry is the last one of the other type before P's run of equal paths,
// when its path starts with P.
func haBuildFiles(entries []*haEntry, hs *hasher) []haFile {
	byHost := map[string][]*haEntry{}
	var hosts []string
	for _, e := range entries {
		if _, ok := byHost[e.host]; !ok {
			hosts = append(hosts, e.host)
		}
		byHost[e.host] = append(byHost[e.host], e)
	}
	slices.Sort(hosts)
	var prio []haFile             // the priority files, in creation order
	var prioOf [2][]int           // the priority files of prefix (0) and begin (1), ascending
	side := func(m haMatch) int { // 0 for prefix, 1 for begin, -1 for the others
		switch m {
		case haPrefix:
			return 0
		case haBegin:
			return 1
		}
		return -1
	}
	find := func(e *haEntry) int {
		t := side(e.match)
		files := prioOf[t]
		if k, _ := slices.BinarySearch(files, max(e.upper, 0)); k < len(files) {
			return files[k]
		}
		prio = append(prio, haFile{match: e.match})
		prioOf[t] = append(prioOf[t], len(prio)-1)
		return len(prio) - 1
	}
	for _, h := range hosts {
		list := byHost[h]
		slices.SortFunc(list, func(a, b *haEntry) int { return cmp.Or(strings.Compare(b.path, a.path), cmp.Compare(a.order, b.order)) })
		var paths [2]*routeIndex // the paths of each side, to find a proper prefix of one
		for t := range paths {
			paths[t] = newRouteIndex(false)
		}
		for _, e := range list {
			if t := side(e.match); t >= 0 {
				paths[t].add(e.path, onAny, 0)
			}
		}
		for t := range paths {
			paths[t].freeze(hs)
		}
		var last [2]*haEntry // the last entry of each side before the current run
		for i := 0; i < len(list); {
			j := i + 1
			for j < len(list) && list[j].path == list[i].path {
				j++
			}
			for _, e := range list[i:j] {
				t := side(e.match)
				if t < 0 {
					continue
				}
				if l := last[1-t]; l != nil && strings.HasPrefix(l.path, e.path) {
					e.upper = l.file
				}
				if e.path != "" && paths[1-t].first(hs, e.path[:len(e.path)-1]) >= 0 {
					e.file = find(e)
					prio[e.file].entries = append(prio[e.file].entries, e)
				}
			}
			for _, e := range list[i:j] {
				if t := side(e.match); t >= 0 {
					last[t] = e
				}
			}
			i = j
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
		haSort(&files[i])
	}
	return files
}

// haSort is hostsMapMatchFile.sort.
func haSort(f *haFile) {
	slices.SortFunc(f.entries, func(a, b *haEntry) int { // a total order: it ends on order
		switch f.match {
		case haExact:
			if a.key != b.key {
				return strings.Compare(a.key, b.key)
			}
		case haRegex:
			if len(a.key) != len(b.key) {
				return cmp.Compare(len(b.key), len(a.key))
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
		return cmp.Compare(a.order, b.order)
	})
}

// matches reports whether the line matches a request, trying it alone as
// the frontend would: a regular expression against the sample "name#path",
// an exact, prefix or begin line against the path when name is its host
// (its key starts with "host#" and a request path holds no '#'). name is
// the lower-cased host (or "<default>"). It is the linear lookup that
// explanations and tests use; find reaches the same line through indexes.
func (e *haEntry) matches(name, path, sample string) bool {
	if e.match == haRegex {
		return e.re.MatchString(sample)
	}
	if e.host != name {
		return false
	}
	switch e.match {
	case haExact:
		return path == e.path
	case haPrefix:
		// match_word at the start of the sample: the key without its
		// trailing delimiters, then a delimiter or the end.
		p := strings.TrimRight(e.path, "/?")
		return strings.HasPrefix(path, p) && (len(path) == len(p) || path[len(p)] == '/' || path[len(p)] == '?')
	}
	return len(path) >= len(e.path) && asciiLower(path[:len(e.path)]) == e.path
}

// haproxyHost is what the frontend keys requests by: the Host header
// before its first ':', lower-case (hdr(host),field(1,:),lower). A
// trailing dot stays.
func haproxyHost(host string) string {
	if i := strings.IndexByte(host, ':'); i >= 0 {
		host = host[:i]
	}
	return asciiLower(host)
}

// find runs the frontend: the named hosts' map files, then the default
// host's, each in order; the first entry that matches wins. viaDefault
// says the default host's maps answered.
func (e *haproxyEngine) find(host, path string) (won *haEntry, viaDefault bool) {
	if path == "" {
		path = "/"
	}
	if i := strings.IndexByte(host, ':'); i >= 0 {
		host = host[:i] // hdr(host),field(1,:)
	}
	if en := e.hosts.find(e.hash, host, path); en != nil {
		return en, false
	}
	if en := e.defaults.find(e.hash, haproxyDefaultHost, path); en != nil {
		return en, true
	}
	return nil, false
}

// find returns the first line of the map that matches the sample of host
// (not yet lower-cased) and path, or nil.
func (x *haMap) find(hs *hasher, host, path string) *haEntry {
	best := int32(-1)
	var buf [hostname.MaxLen]byte
	if len(host) <= hostname.MaxLen {
		if h := x.hosts[string(lowerName(&buf, host))]; h != nil {
			best = h.cased.first(hs, path)
			if p := h.folded.first(hs, path); p >= 0 && (best < 0 || p < best) {
				best = p
			}
		}
	}
	if best >= 0 {
		return x.byPos[best]
	}
	if len(x.regexHost) == 0 && len(x.regexWild) == 0 && len(x.regexAll) == 0 && len(x.wild) == 0 {
		return nil
	}
	// The sample, lower-cased as the lower converter does (ASCII only).
	bp := haSamples.Get().(*[]byte) // the pool lets go of its buffers at each collection
	defer haSamples.Put(bp)
	sample := append((*bp)[:0], host...)
	for i, c := range sample {
		if 'A' <= c && c <= 'Z' {
			sample[i] = c + 'a' - 'A'
		}
	}
	sample = append(append(sample, '#'), path...)
	*bp = sample
	// The only host and wildcard suffix whose anchored expressions can
	// match the sample (haRegexHost).
	var byHost, byWild []int32
	hash := bytes.IndexByte(sample, '#')
	byHost = x.regexHost[string(sample[:hash])]
	if dot := bytes.IndexByte(sample, '.'); dot > 0 {
		if end := bytes.IndexByte(sample[dot:], '#'); end > 0 {
			suffix := sample[dot : dot+end]
			byWild = x.regexWild[string(suffix)]
			if w := x.wild[string(suffix)]; w != nil {
				// The literal lines: what follows the '#' is the path, or
				// a part of it, unless the Host header holds a '#' after
				// its first '.' (not a valid host; its lines are tried one
				// by one rather than copying the sample).
				switch at := dot + end + 1; {
				case at > len(host):
					best = w.first(hs, path[at-len(host)-1:])
				default:
					for _, pos := range x.wildLines[string(suffix)] {
						if x.byPos[pos].re.Match(sample) {
							best = pos
							break
						}
					}
				}
			}
		}
	}
	// The three lists in position order: the first that matches before
	// the literal line found wins.
	all := x.regexAll
	for {
		pos, from := int32(-1), (*[]int32)(nil)
		for _, l := range [...]*[]int32{&byHost, &byWild, &all} {
			if len(*l) > 0 && (from == nil || (*l)[0] < pos) {
				pos, from = (*l)[0], l
			}
		}
		if from == nil || best >= 0 && pos > best {
			if best >= 0 {
				return x.byPos[best]
			}
			return nil
		}
		*from = (*from)[1:]
		if en := x.byPos[pos]; en.re.Match(sample) {
			return en
		}
	}
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
	for fi, files := range [2][]haFile{e.hosts.files, e.defaults.files} {
		name := h
		if fi == 1 {
			name = haproxyDefaultHost
		}
		sample := name + "#" + path
		for i := range files {
			for _, en := range files[i].entries {
				if !en.matches(name, path, sample) {
					continue
				}
				c := Candidate{Route: en.route, Won: en == won}
				if !c.Won && won != nil {
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
