package matcher

import (
	"errors"
	"fmt"
	"net/http"
	"slices"
	"strings"

	"github.com/ingresslib/ingress"
	"github.com/ingresslib/ingress/hostmatch"
	"github.com/ingresslib/ingress/internal/dnsname"
	"github.com/ingresslib/ingress/internal/hostname"
	"github.com/ingresslib/ingress/internal/pathtype"
	"github.com/ingresslib/ingress/pathmatch"
	networkingv1 "k8s.io/api/networking/v1"
	"k8s.io/apimachinery/pkg/util/validation/field"
)

// Route is where a request goes: the path of an Ingress rule, or a default
// backend.
type Route struct {
	// Ingress is the Ingress the winning rule or default backend came from:
	// the pointer given to Compile.
	Ingress *networkingv1.Ingress
	// Host is the winning rule's host as written; "" for rules without host
	// and for default backends.
	Host string
	// Path is the winning path, a pointer into Ingress; nil when a default
	// backend serves.
	Path *networkingv1.HTTPIngressPath
	// Backend is Path.Backend, or the default backend.
	Backend networkingv1.IngressBackend
	// RuleIndex and PathIndex locate Path in Ingress
	// (spec.rules[RuleIndex].http.paths[PathIndex]); both are -1 when a
	// default backend serves.
	RuleIndex, PathIndex int
	// Action is what the controller does besides forwarding the request to
	// Backend: a redirect it answers itself, a redirect of cleartext
	// requests to https, other backends it may choose. It is nil when the
	// controller just forwards, which is always the case under the default
	// dialect; see [WithDialect].
	Action *Action
}

// Field returns the field path of the route in its Ingress:
// "spec.rules[0].http.paths[2]" for a path, "spec.defaultBackend" for a
// default backend, "" for the zero Route.
func (r Route) Field() string {
	switch {
	case r.Ingress == nil:
		return ""
	case r.Path == nil:
		return "spec.defaultBackend"
	}
	return pathField(r.RuleIndex, r.PathIndex).String()
}

// Matcher answers which backend an Ingress-routed request reaches. It is
// compiled once from a set of Ingresses by [Compile], is immutable, and is
// safe for concurrent use by any number of goroutines. To follow changes, a
// controller compiles a new Matcher and swaps it in with an
// atomic.Pointer[Matcher]; readers never block.
//
// The zero Matcher, like one compiled from no Ingresses, routes nothing:
// every Match answers no route.
type Matcher struct {
	opts      options
	hash      hasher                  // the secret keys of the hash tables
	ingresses []*networkingv1.Ingress // in tie-break order
	entries   []entry                 // in precedence steps 3-4 order
	groups    []group
	catchAll  int32 // the group of rules without host plus one; 0 when none
	wildcards bool  // whether any wildcard group exists

	hostTable table
	hostSlots []hostSlot
	pathTable table
	pathSlots []pathSlot

	def      Route // the global default backend, when hasDef
	hasDef   bool
	defaults []Route // per-host default backends, by group.def

	diags []ingress.Diagnostic

	eng engine // a dialect's lookup; nil for the default dialect's index
}

// entry is one usable path.
type entry struct {
	route  Route
	length int32 // precedence step 1: pathmatch.Pattern.Len, the key's length when indexed
	rank   uint8 // precedence step 2: internal/pathtype.Rank
	// at says where a request path may go on after the key of an indexed
	// entry; 0 for a scanned one.
	at    pathmatch.Continuation
	group int32
	// seq is the entry's place in precedence steps 3-4 (its index in
	// Matcher.entries).
	seq int32
	// ref is the entry's path slot when indexed, else its place in its
	// group's scan list.
	ref int32
}

// scanned is an entry whose pattern cannot be indexed.
type scanned struct {
	entry   int32
	pattern pathmatch.Pattern
}

// group is a host group: the paths of every rule with one host pattern.
type group struct {
	host   string // lower-case pattern: "foo.com", "*.foo.com" or ""
	rank   hostmatch.Rank
	maxKey int       // the longest indexed key
	lens   lengths   // the lengths of its indexed keys
	anyPos bool      // whether keys must be probed at every byte (string prefixes)
	scan   []scanned // entries matched one by one (regex, caller function)
	def    int32     // index into Matcher.defaults, or -1
	owners []*networkingv1.Ingress
}

// Compile builds a Matcher from the Ingresses. It never fails: a rule or path
// that cannot be matched is skipped and reported by [Matcher.Diagnostics],
// and the rest keeps working. Nil Ingresses are skipped. Compile keeps the
// caller's pointers (no deep copy, as with informer caches): Route.Ingress is
// the object passed in, and callers must not mutate the Ingresses after
// Compile.
func Compile(ingresses []*networkingv1.Ingress, opts ...Option) *Matcher {
	return compile(ingresses, newHasher(), opts)
}

// compile is Compile with given hash keys (tests fix them).
func compile(ingresses []*networkingv1.Ingress, h hasher, opts []Option) *Matcher {
	o := defaultOptions()
	for _, opt := range opts {
		if opt != nil {
			opt(&o)
		}
	}
	o.applyDialect()
	return compileWith(ingresses, h, o)
}

// compileWith is compile with the options already applied.
func compileWith(ingresses []*networkingv1.Ingress, h hasher, o options) *Matcher {
	m := &Matcher{opts: o, hash: h}
	for i, ing := range ingresses {
		if ing == nil {
			m.diags = append(m.diags, ingress.Diagnostic{Kind: PathSkipped, Severity: ingress.Warning, Field: fmt.Sprintf("ingresses[%d]", i), Message: "nil Ingress"})
			continue
		}
		m.ingresses = append(m.ingresses, ing)
	}
	slices.SortStableFunc(m.ingresses, m.compareIngresses)
	keys := m.collect()
	switch o.dialect {
	case IngressNGINX:
		m.eng = newNGINX(m)
	case Traefik, TraefikStrict:
		m.eng = newTraefik(m)
	case Contour:
		m.eng = newContour(m)
	case Istio:
		m.eng = newIstio(m)
	case HAProxy:
		m.eng = newHAProxy(m)
	default:
		m.index(keys)
		m.defaultBackends()
	}
	m.sortDiagnostics()
	return m
}

// compareIngresses is precedence step 3: the tie-break order, then
// namespace and name.
func (m *Matcher) compareIngresses(a, b *networkingv1.Ingress) int {
	return m.opts.tieBreak.Compare(a, b)
}

// collect turns every usable path into an entry of its host group, in
// precedence order, and reports what it skips and what the API server would
// have rejected. It returns the key of every indexed entry (pathmatch's
// Pattern.Key), "" for the others.
func (m *Matcher) collect() (keys []string) {
	type groupKey struct {
		rank hostmatch.Rank
		host string
	}
	groupOf := map[groupKey]int32{}
	badHost := map[string]string{} // rule host → why the API server rejects it ("" if it does not)
	total := 0
	for _, ing := range m.ingresses {
		for _, r := range ing.Spec.Rules {
			if r.HTTP != nil {
				total += len(r.HTTP.Paths)
			}
		}
	}
	m.entries = make([]entry, 0, total)
	keys = make([]string, 0, total)
	for _, ing := range m.ingresses {
		for ri := range ing.Spec.Rules {
			rule := &ing.Spec.Rules[ri]
			fld := field.NewPath("spec", "rules").Index(ri)
			if rule.HTTP == nil {
				m.diags = append(m.diags, ingress.Diagnostic{Kind: PathSkipped, Severity: ingress.Warning, Object: ing, Field: fld.Child("http").String(),
					Message: "rule has no http paths; it routes nothing (the default backend serves its host)"})
				continue
			}
			host, rank, ok := hostKey(rule.Host)
			if !ok {
				m.diags = append(m.diags, ingress.Diagnostic{Kind: PathSkipped, Severity: ingress.Warning, Object: ing, Field: fld.Child("host").String(),
					Message: fmt.Sprintf("host %q can never match a request host (not a DNS name or wildcard); its paths are skipped", rule.Host)})
				continue
			}
			why, seen := badHost[rule.Host]
			if !seen {
				why = hostErrors(rule.Host)
				badHost[rule.Host] = why
			}
			if why != "" {
				m.diags = append(m.diags, ingress.Diagnostic{Kind: InvalidField, Severity: ingress.Warning, Object: ing, Field: fld.Child("host").String(),
					Message: fmt.Sprintf("host %q: %s; the API server rejects it, and it is routed as %q", rule.Host, why, host)})
			}
			g := int32(-1) // the rule's group, found at its first usable path
			for pi := range rule.HTTP.Paths {
				p := &rule.HTTP.Paths[pi]
				if p.PathType == nil {
					m.diags = append(m.diags, ingress.Diagnostic{Kind: PathSkipped, Severity: ingress.Warning, Object: ing, Field: pathField(ri, pi).Child("pathType").String(),
						Message: fmt.Sprintf("path %q has no pathType; it is skipped", p.Path)})
					continue
				}
				pat, err := pathmatch.Compile(*p.PathType, p.Path, m.opts.specific)
				if err != nil {
					f := pathField(ri, pi).Child("path")
					if *p.PathType != networkingv1.PathTypeImplementationSpecific {
						f = pathField(ri, pi).Child("pathType")
					}
					m.diags = append(m.diags, ingress.Diagnostic{Kind: PathSkipped, Severity: ingress.Warning, Object: ing, Field: f.String(),
						Message: strings.TrimPrefix(err.Error(), "pathmatch: ") + "; it is skipped"})
					continue
				}
				m.checkPath(ing, ri, pi, pat)
				if g < 0 {
					if g, seen = groupOf[groupKey{rank, host}]; !seen {
						g = int32(len(m.groups))
						groupOf[groupKey{rank, host}] = g
						m.groups = append(m.groups, group{host: host, rank: rank, def: -1})
						if rank == hostmatch.RankCatchAll {
							m.catchAll = g + 1
						}
						m.wildcards = m.wildcards || rank == hostmatch.RankWildcard
					}
					gr := &m.groups[g]
					if n := len(gr.owners); n == 0 || gr.owners[n-1] != ing {
						gr.owners = append(gr.owners, ing)
					}
				}
				e := entry{
					route:  Route{Ingress: ing, Host: rule.Host, Path: p, Backend: p.Backend, RuleIndex: ri, PathIndex: pi},
					length: int32(pat.Len()),
					rank:   uint8(pathtype.Rank(*p.PathType)),
					group:  g,
					seq:    int32(len(m.entries)),
				}
				key, at, indexed := pat.Key()
				if indexed {
					e.at = at
				} else {
					gr := &m.groups[g]
					e.ref = int32(len(gr.scan))
					gr.scan = append(gr.scan, scanned{entry: e.seq, pattern: pat})
					key = ""
				}
				m.entries = append(m.entries, e)
				keys = append(keys, key)
			}
		}
	}
	return keys
}

// checkPath reports what the API server would reject in a path that Compile
// can still match: a path that is empty, relative or has a forbidden
// sequence, and a backend with neither service nor resource.
func (m *Matcher) checkPath(ing *networkingv1.Ingress, ri, pi int, pat pathmatch.Pattern) {
	p := &ing.Spec.Rules[ri].HTTP.Paths[pi]
	if msgs := pathmatch.CheckPath(*p.PathType, p.Path); len(msgs) > 0 {
		how := "it is matched as written"
		if p.Path == "" {
			if key, at, _ := pat.Key(); key == "" && at&pathmatch.AtSlash != 0 {
				how = `it is matched like "/"`
			}
		}
		m.diags = append(m.diags, ingress.Diagnostic{Kind: InvalidField, Severity: ingress.Warning, Object: ing, Field: pathField(ri, pi).Child("path").String(),
			Message: fmt.Sprintf("%s path %q %s; the API server rejects it, and %s", *p.PathType, p.Path, strings.Join(msgs, ", "), how)})
	}
	if why := backendError(p.Backend); why != "" {
		m.diags = append(m.diags, ingress.Diagnostic{Kind: InvalidField, Severity: ingress.Warning, Object: ing, Field: pathField(ri, pi).Child("backend").String(),
			Message: why + "; the API server rejects it, and the path routes to this empty backend"})
	}
}

// backendError says why the API server rejects a backend that names neither
// a service nor a resource, or both; "" for any other backend.
func backendError(b networkingv1.IngressBackend) string {
	switch {
	case b.Service == nil && b.Resource == nil:
		return "backend names neither a service nor a resource"
	case b.Service != nil && b.Resource != nil:
		return "backend names both a service and a resource"
	}
	return ""
}

// hostErrors says why the API server rejects a rule host that Compile can
// still route (capitals, a trailing dot, an underscore, an overlong label);
// "" when it accepts it.
func hostErrors(host string) string {
	if host == "" {
		return ""
	}
	return strings.Join(dnsname.HostErrors(host), "; ")
}

// hostKey returns the key of a rule host in the host table: the lower-case
// name, or for a wildcard its lower-case pattern; ok is false for a host that
// can never match (an IP address, a malformed name).
func hostKey(host string) (key string, rank hostmatch.Rank, ok bool) {
	if host == "" {
		return "", hostmatch.RankCatchAll, true // a rule without host
	}
	// A host is a name: one trailing dot is dropped, and what is left must
	// not be empty ("." is not the host of a catch-all rule).
	host = strings.ToLower(strings.TrimSuffix(host, "."))
	rank = hostmatch.RankOf(host)
	name := host
	switch rank {
	case hostmatch.RankCatchAll:
		return "", rank, false
	case hostmatch.RankWildcard:
		name = host[2:]
	}
	n, ok := hostname.SplitHost(name)
	return host, rank, ok && n == name && !hostmatch.IsIP(name)
}

func pathField(ri, pi int) *field.Path {
	return field.NewPath("spec", "rules").Index(ri).Child("http", "paths").Index(pi)
}

// index builds the host and path tables and reports shadowed paths; keys
// are the keys of the entries, as collect returns them.
func (m *Matcher) index(keys []string) {
	m.hostTable = newTable(len(m.groups))
	for g := range m.groups {
		gr := &m.groups[g]
		if gr.rank == hostmatch.RankCatchAll {
			continue
		}
		key := gr.host
		if gr.rank == hostmatch.RankWildcard {
			key = key[1:]
		}
		h := m.hash.host(key)
		m.hostSlots = append(m.hostSlots, hostSlot{hash: h, key: key, wildcard: gr.rank == hostmatch.RankWildcard, group: int32(g)})
		m.hostTable.insert(h, len(m.hostSlots)-1)
	}

	// The path table is built as the slots are: a slot is found again
	// through it (no second map keyed by strings), so it is sized for
	// every indexed entry, an upper bound on the slots.
	indexed := 0
	for i := range m.entries {
		if m.entries[i].at != 0 {
			indexed++
		}
	}
	m.pathTable = newTable(indexed)
	m.pathSlots = make([]pathSlot, 0, indexed)
	for i := range m.entries {
		e := &m.entries[i]
		if e.at == 0 {
			continue // scanned
		}
		gr := &m.groups[e.group]
		key := keys[i] // len(key) == e.length: pathmatch defines Len so
		h := pathHash(m.hash.key(key), e.group)
		s := m.findPathSlot(h, e.group, key)
		if s < 0 {
			s = int32(len(m.pathSlots))
			m.pathSlots = append(m.pathSlots, pathSlot{hash: h, key: key, group: e.group, atEnd: -1, atSlash: -1, atAny: -1})
			m.pathTable.insert(h, int(s))
			gr.maxKey = max(gr.maxKey, len(key))
			gr.lens.add(len(key))
		}
		e.ref = s
		gr.anyPos = gr.anyPos || e.at&pathmatch.AtAny != 0
		slot := &m.pathSlots[s]
		// Entries come in steps 3-4 order and share step 1 (the key's
		// length): a later entry takes a place only with a better type.
		for _, place := range [...]struct {
			at  pathmatch.Continuation
			win *int32
		}{{pathmatch.AtEnd, &slot.atEnd}, {pathmatch.AtSlash, &slot.atSlash}, {pathmatch.AtAny, &slot.atAny}} {
			if e.at&place.at != 0 && (*place.win < 0 || e.rank < m.entries[*place.win].rank) {
				*place.win = int32(i)
			}
		}
	}
	for i := range m.entries {
		e := &m.entries[i]
		if e.at == 0 {
			continue
		}
		slot := &m.pathSlots[e.ref]
		if j := int32(i); slot.atEnd == j || slot.atSlash == j || slot.atAny == j {
			continue // it wins somewhere
		}
		// The entry wins nowhere: report the winner of its widest place.
		w := slot.atEnd
		switch {
		case e.at&pathmatch.AtAny != 0:
			w = slot.atAny
		case e.at&pathmatch.AtSlash != 0:
			w = slot.atSlash
		}
		m.shadowed(e, &m.entries[w])
	}
	for g := range m.groups {
		gr := &m.groups[g]
		for _, ing := range gr.owners[min(1, len(gr.owners)):] {
			m.diags = append(m.diags, ingress.Diagnostic{Kind: HostShared, Severity: ingress.Info, Object: ing, Field: "spec.rules",
				Message: fmt.Sprintf("host %s is also served by %s (older in the tie-break order); the paths of %d Ingresses are merged for it",
					hostLabel(gr.host), ingress.ObjectName(gr.owners[0]), len(gr.owners)),
				Related: gr.owners[0]})
		}
	}
}

func hostLabel(h string) string {
	if h == "" {
		return "(catch-all, rules without host)"
	}
	return fmt.Sprintf("%q", h)
}

// shadowed reports that loser, indexed under the same key as winner, can
// never win because winner does.
func (m *Matcher) shadowed(loser, winner *entry) {
	lp, wp := loser.route.Path, winner.route.Path
	var why string
	switch {
	case loser.rank != winner.rank:
		why = fmt.Sprintf("a %s path of the same length wins over %s", *wp.PathType, *lp.PathType)
		if *lp.PathType == networkingv1.PathTypeImplementationSpecific {
			why += " read as " + m.opts.specific.String()
		}
	case winner.route.Ingress == loser.route.Ingress:
		why = "an equivalent path listed earlier in the same Ingress wins"
	default:
		why = "an equivalent path of an Ingress that comes first in the tie-break order wins"
	}
	msg := fmt.Sprintf("%s path %q never serves a request: %s, %s (%s %q) of %s",
		*lp.PathType, lp.Path, why, winner.route.Field(), *wp.PathType, wp.Path, ingress.ObjectName(winner.route.Ingress))
	m.diags = append(m.diags, ingress.Diagnostic{Kind: PathShadowed, Severity: ingress.Warning, Object: loser.route.Ingress, Field: loser.route.Field(), Message: msg,
		Related: winner.route.Ingress, RelatedField: winner.route.Field()})
}

// defaultBackends picks the global default backend and, with
// WithPerHostDefaultBackend, each host group's.
func (m *Matcher) defaultBackends() {
	for _, ing := range m.ingresses {
		if ing.Spec.DefaultBackend == nil {
			continue
		}
		if why := backendError(*ing.Spec.DefaultBackend); why != "" {
			m.diags = append(m.diags, ingress.Diagnostic{Kind: InvalidField, Severity: ingress.Warning, Object: ing, Field: "spec.defaultBackend",
				Message: why + "; the API server rejects it, and the default backend is this empty backend"})
		}
		r := Route{Ingress: ing, Backend: *ing.Spec.DefaultBackend, RuleIndex: -1, PathIndex: -1}
		if !m.hasDef {
			m.def, m.hasDef = r, true
		} else if !m.opts.perHostDefault {
			m.diags = append(m.diags, ingress.Diagnostic{Kind: PathShadowed, Severity: ingress.Warning, Object: ing, Field: "spec.defaultBackend",
				Message: fmt.Sprintf("defaultBackend never serves a request: the defaultBackend of %s comes first in the tie-break order", ingress.ObjectName(m.def.Ingress)),
				Related: m.def.Ingress, RelatedField: "spec.defaultBackend"})
		}
	}
	if !m.opts.perHostDefault {
		return
	}
	for g := range m.groups {
		gr := &m.groups[g]
		for _, ing := range gr.owners { // owners are in tie-break order
			if ing.Spec.DefaultBackend != nil {
				gr.def = int32(len(m.defaults))
				m.defaults = append(m.defaults, Route{Ingress: ing, Backend: *ing.Spec.DefaultBackend, RuleIndex: -1, PathIndex: -1})
				break
			}
		}
	}
}

// Match returns the route of a request with the given Host header (port,
// capitals and a trailing dot allowed) and path (as given: Match does not
// normalise it; "" means "/"; no query string), and whether there is one.
// The second result is false when no rule matches and there is no default
// backend: the controller's own 404. Match does not allocate.
func (m *Matcher) Match(host, path string) (Route, bool) {
	if m.eng != nil {
		return m.eng.match(host, path)
	}
	if path == "" {
		path = "/"
	}
	exact, wild := int32(-1), int32(-1)
	if len(m.hostSlots) > 0 {
		exact, wild = m.hostGroups(host)
	}
	first := int32(-1) // the group that claims the request
	for _, g := range [3]int32{exact, wild, m.catchAll - 1} {
		if g < 0 {
			continue
		}
		if first < 0 {
			first = g
		}
		if e := m.matchGroup(g, path); e >= 0 {
			return m.entries[e].route, true
		}
		if !m.opts.fallThrough {
			break
		}
	}
	if first >= 0 && m.groups[first].def >= 0 {
		return m.defaults[m.groups[first].def], true
	}
	if m.opts.defaultOnlyUnclaimed && first >= 0 && m.groups[first].rank != hostmatch.RankCatchAll {
		return Route{}, false
	}
	return m.def, m.hasDef
}

// hostGroups returns the exact and wildcard groups that match a Host header,
// -1 for none. The wildcard group is looked up only when it can serve: no
// exact group claims the request, or groups fall through.
func (m *Matcher) hostGroups(host string) (exact, wild int32) {
	if len(host) > hostmatch.MaxHostLen {
		return -1, -1 // malformed; and no need to hash a megabyte
	}
	if !m.opts.fallThrough {
		// Fast path: a Host header spelled as an indexed exact host (any
		// case) is that host, and one spelled as a valid label followed by an
		// indexed wildcard suffix is a name of that wildcard: every indexed
		// key is a valid DNS name and no IP, so hostname.RuleName would
		// return the header unchanged. Skip its scan.
		if g := m.findHost(m.hash.host(host), host, false); g >= 0 {
			return g, -1
		}
		if g := m.wildcardGroup(host); g >= 0 {
			return -1, g
		}
	}
	name, ok := hostname.RuleName(host)
	if !ok || name == host && !m.opts.fallThrough {
		return -1, -1 // malformed, IP, empty; or the fast path already missed
	}
	exact, wild = m.findHost(m.hash.host(name), name, false), -1
	if exact < 0 || m.opts.fallThrough {
		wild = m.wildcardGroup(name)
	}
	return exact, wild
}

// wildcardGroup returns the wildcard group of a host whose first label is
// valid, or -1.
func (m *Matcher) wildcardGroup(host string) int32 {
	if !m.wildcards {
		return -1
	}
	dot := strings.IndexByte(host, '.')
	if dot <= 0 {
		return -1
	}
	if !hostname.ValidLabel(host[:dot]) {
		return -1
	}
	for {
		suffix := host[dot:]
		g := m.findHost(m.hash.host(suffix), suffix, true)
		if g >= 0 || !m.opts.multiLabelWildcard {
			return g
		}
		// Gateway API: *.foo.com also covers a.b.foo.com; the longest
		// suffix, tried first, is the most specific.
		next := strings.IndexByte(suffix[1:], '.')
		if next <= 0 || !hostname.ValidLabel(suffix[1:1+next]) {
			return -1
		}
		dot += 1 + next
	}
}

// scanGroup tries the paths of a group that are not indexed against the
// best indexed entry.
func (m *Matcher) scanGroup(gr *group, path string, best int32) int32 {
	for _, sc := range gr.scan {
		if best >= 0 && !m.better(&m.entries[sc.entry], &m.entries[best]) {
			continue
		}
		if sc.pattern.Match(path) {
			best = sc.entry
		}
	}
	return best
}

// better reports whether a wins over b by precedence steps 1-4.
func (m *Matcher) better(a, b *entry) bool {
	if a.length != b.length {
		return a.length > b.length
	}
	if a.rank != b.rank {
		return a.rank < b.rank
	}
	return a.seq < b.seq
}

// MatchRequest returns the route of an HTTP request: its Host and its URL's
// escaped path, normalised by the policy of [WithPathPolicy] (by default
// dot segments removed, repeated slashes merged, percent-encoding decoded but
// for %2F) unless [WithoutPathNormalization] is given. A path that cannot be
// normalised (a NUL octet, a malformed escape) has no route; a server that
// wants to answer 400 for it uses [Matcher.RouteRequest].
func (m *Matcher) MatchRequest(r *http.Request) (Route, bool) {
	route, ok, _ := m.matchRequest(r)
	return route, ok
}

// ErrNoRoute is the error of [Matcher.RouteRequest] when no rule matches a
// request and there is no default backend: the controller's own 404.
var ErrNoRoute = errors.New("matcher: no route")

// ErrBadRequest is wrapped by the error of [Matcher.RouteRequest] for a
// request that cannot be routed because it is malformed: its path cannot be
// normalised, or it has no URL. A server answers 400.
var ErrBadRequest = errors.New("matcher: bad request")

// RouteRequest is [Matcher.MatchRequest] that tells why there is no route:
// the error is [ErrNoRoute] (answer 404) or wraps [ErrBadRequest] (answer
// 400), with the reason, such as the path's malformed escape. Test it with
// errors.Is.
func (m *Matcher) RouteRequest(r *http.Request) (Route, error) {
	route, ok, err := m.matchRequest(r)
	switch {
	case err != nil:
		return Route{}, fmt.Errorf("%w: %w", ErrBadRequest, err)
	case !ok:
		return Route{}, ErrNoRoute
	}
	if a := route.Action; a != nil {
		switch {
		case a.HTTPSRedirect != 0 && r.TLS == nil && a.Redirect.Status == 0:
			route.Action = &Action{Redirect: Redirect{Status: a.HTTPSRedirect, Location: "https://" + r.Host + r.URL.RequestURI()}, Alternatives: a.Alternatives}
		case a.Redirect.Status == 301 && r.URL.RawQuery != "":
			// nginx keeps the query string on its trailing-slash redirect.
			route.Action = &Action{Redirect: Redirect{Status: 301, Location: a.Redirect.Location + "?" + r.URL.RawQuery}}
		}
	}
	return route, nil
}

var errNoURL = errors.New("no URL")

// NormalizePath returns the path [Matcher.MatchRequest] matches for a
// request whose URL has this escaped path (url.URL.EscapedPath): normalised
// by the matcher's policy — its dialect's, or [WithPathPolicy]'s — or as
// given under [WithoutPathNormalization]. A server that forwards the
// request uses it to send the backend the path that was routed; the error
// is why the path is a bad request.
func (m *Matcher) NormalizePath(escaped string) (string, error) {
	if !m.opts.normalize {
		return escaped, nil
	}
	return pathmatch.Normalize(escaped, m.opts.policy)
}

// matchRequest routes r; err says why a malformed request has no route.
// It builds no error of its own, so MatchRequest allocates nothing more
// than path normalisation does.
func (m *Matcher) matchRequest(r *http.Request) (Route, bool, error) {
	if r == nil || r.URL == nil {
		return Route{}, false, errNoURL
	}
	path, err := m.NormalizePath(r.URL.EscapedPath())
	if err != nil {
		return Route{}, false, err
	}
	route, ok := m.Match(r.Host, path)
	return route, ok, nil
}

// Ingresses returns the Ingresses of the Matcher in tie-break order (oldest
// first by default). The slice is a copy; the Ingresses are the caller's.
func (m *Matcher) Ingresses() []*networkingv1.Ingress { return slices.Clone(m.ingresses) }

// Len returns the number of paths the Matcher routes with: the usable paths
// of all Ingresses, those that never win included.
func (m *Matcher) Len() int { return len(m.entries) }
