package matcher

import (
	"cmp"
	"encoding/binary"
	"errors"
	"fmt"
	"net/http"
	"slices"
	"strings"
	"sync"

	"github.com/ingresslib/ingress"
	"github.com/ingresslib/ingress/hostmatch"
	"github.com/ingresslib/ingress/internal/dnsname"
	"github.com/ingresslib/ingress/internal/hostname"
	"github.com/ingresslib/ingress/internal/pathtype"
	"github.com/ingresslib/ingress/pathmatch"
	networkingv1 "k8s.io/api/networking/v1"
	"k8s.io/apimachinery/pkg/types"
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
	// requests to https, other backends it may choose, what Backend
	// receives. It is nil when the controller forwards the request as it
	// came, which is always the case under the default dialect; see
	// [WithDialect]. From [Matcher.Match] it is the Matcher's own: read
	// it, do not change it. [Matcher.RouteRequest] copies what it fills
	// in for the request.
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
// controller derives a new Matcher with [Matcher.Update] (or compiles one)
// and swaps it in with an atomic.Pointer[Matcher]; readers never block.
//
// The zero Matcher, like one compiled from no Ingresses, routes nothing:
// every Match answers no route.
type Matcher struct {
	opts options
	hash hasher // the secret keys of the hash tables

	// The index of the default precedence (every dialect without an
	// engine), shared in part with the Matchers Update derives from it.
	hosts    hostIndex // host groups by host, all but the catch-all
	catchAll *group    // the group of rules without host, or nil
	names    nameIndex // every Ingress by namespace and name
	defs     []defRef  // the Ingresses with a default backend, in tie-break order
	npaths   int       // usable paths
	nextOrd  uint64    // the next ingRec.ord
	// inputDiags are about the input as a whole: nil Ingresses, names
	// given twice. They come first in Diagnostics.
	inputDiags []ingress.Diagnostic
	// The groups Compile cut from its slab, and how many of them this
	// Matcher still holds: Update copies the survivors out once fewer than
	// half remain, so that a chain of Updates does not keep a slab (and
	// through it the replaced Ingresses) alive for a few groups.
	slabGroups, slabLive int

	def    Route // the global default backend, when hasDef
	hasDef bool

	// The Ingresses in tie-break order and the diagnostics, set by Compile
	// under a dialect with an engine and computed on first use otherwise
	// (see view).
	once      sync.Once
	ingresses []*networkingv1.Ingress
	diags     []ingress.Diagnostic

	eng engine // a dialect's lookup; nil for the default precedence's index
}

// entry is one usable path of a host group, its Route packed in 48
// bytes: the host comes from the group (or, for a rule that spells it
// otherwise than the group's lower-case pattern, from the Ingress), the precedence length from the path slot or
// the scanned pattern.
type entry struct {
	ing     *networkingv1.Ingress
	path    *networkingv1.HTTPIngressPath
	backend networkingv1.IngressBackend
	ri, pi  int32
	// ref is the entry's path slot (its offset in group.pslots) when
	// indexed, else its place in its group's scan list.
	ref  int32
	rank uint8 // precedence step 2: internal/pathtype.Rank
	// at says where a request path may go on after the key of an indexed
	// entry; 0 for a scanned one.
	at pathmatch.Continuation
	// ownHost is set when the rule spells its host otherwise than the
	// group's lower-case pattern ("FOO.com", "foo.com.").
	ownHost bool
}

// host returns the rule host of e as written.
func (g *group) hostOf(e *entry) string {
	if e.ownHost {
		return e.ing.Spec.Rules[e.ri].Host
	}
	return g.host
}

// route returns the Route of e.
func (g *group) route(e *entry) Route {
	return Route{Ingress: e.ing, Host: g.hostOf(e), Path: e.path, Backend: e.backend, RuleIndex: int(e.ri), PathIndex: int(e.pi)}
}

// field returns the field path of e in its Ingress.
func (e *entry) field() string { return pathField(int(e.ri), int(e.pi)).String() }

// length returns the precedence length (step 1) of entry i: its key's
// length when indexed (pathmatch defines Pattern.Len so), else its
// pattern's Len.
func (g *group) length(i int32) int32 {
	e := &g.entries[i]
	if e.at == 0 {
		return int32(g.scan[e.ref].pattern.Len())
	}
	return int32(g.keyLen(e.ref))
}

// scanned is an entry whose pattern cannot be indexed.
type scanned struct {
	entry   int32
	pattern pathmatch.Pattern
}

// groupKey names a host group.
type groupKey struct {
	rank hostmatch.Rank
	host string // lower-case pattern: "foo.com", "*.foo.com" or ""
}

// group is a host group: the paths of every rule with one host pattern,
// with their own path table. A group never changes once built; Update
// builds a new one for each host a change touches and shares the others.
type group struct {
	// What a lookup reads, in its first two cache lines: the host (the
	// host index compares it), then the path table, slots, entries and
	// scan list.
	host   string // lower-case pattern: "foo.com", "*.foo.com" or ""
	lens   lengths
	maxKey int32 // the longest indexed key
	rank   hostmatch.Rank
	anyPos bool   // whether keys must be probed at every byte (string prefixes)
	split  bool   // whether the entries are in parts (x.parts, parts.go), not in this group's own table
	inSlab bool   // whether its arrays are cut from its Compile's slab (Matcher.slabLive)
	table  table  // the path table over pslots
	pslots string // the path slots, each beside its key (see header)
	// entries are in precedence steps 3-4 order: by Ingress in tie-break
	// order (owners), then rule and path.
	entries []entry
	scan    []scanned // entries matched one by one (regex, caller function)

	def    *Route // the per-host default backend (WithPerHostDefaultBackend), or nil
	owners []owner
	x      *groupExtra // nil for most groups
}

// hostKey returns the key of g in the host index: the host, or the suffix
// of a wildcard with its dot.
func (g *group) hostKey() string {
	if g.rank == hostmatch.RankWildcard {
		return g.host[1:]
	}
	return g.host
}

func (g *group) wildcard() bool { return g.rank == hostmatch.RankWildcard }

// defRef is an Ingress with a default backend.
type defRef struct {
	ing     *networkingv1.Ingress
	ord     uint64                      // ingRec.ord
	backend networkingv1.IngressBackend // its spec.defaultBackend when it was given
}

// groupExtra is what few groups have: shadowed paths, or parts (parts.go).
type groupExtra struct {
	diags []diagnostic // its shadowed paths (shared-host notes are made by view)
	// A group split into parts holds no entries, slots or owners of its
	// own: its parts do. defs are its owners with a default backend.
	parts    []*group
	partBits uint
	n        int32 // the paths of all parts
	defs     []defRef
}

// extra returns g.x, made when missing. Only for a group being built.
func (g *group) extra() *groupExtra {
	if g.x == nil {
		g.x = &groupExtra{}
	}
	return g.x
}

// owner is an Ingress with paths in a host group. (It keeps no ingRec.ord:
// Update merges a group's owners in their order, see mergeOwners.)
type owner struct {
	ing      *networkingv1.Ingress
	first, n int32 // its entries: group.entries[first : first+n]
}

// diagnostic is a diagnostic with its place among those of its Ingress.
type diagnostic struct {
	ingress.Diagnostic
	phase  uint8 // phaseShadowed or phaseShared
	ri, pi int32
}

const (
	phaseShadowed = iota + 1
	phaseShared
)

// cand is a usable path read from an Ingress, with what building its group
// needs.
type cand struct {
	e    entry
	host string             // the rule host as written
	key  string             // the key of an indexed entry
	h    uint64             // the hash of key (0: not computed)
	pat  *pathmatch.Pattern // the pattern of a scanned entry
}

// source is the usable paths of one Ingress in one host group: read from
// the Ingress (cands), or taken from the group an earlier Matcher built
// (from, o).
type source struct {
	ing   *networkingv1.Ingress
	ord   uint64
	cands []cand
	from  *group
	o     owner
}

// counts returns the number of paths of s, how many are indexed, and the
// bytes their slots take at most.
func (s *source) counts() (n, indexed, slotBytes int) {
	n = s.len()
	for i := range n {
		switch {
		case s.from != nil:
			if e := &s.from.entries[int(s.o.first)+i]; e.at != 0 {
				indexed++
				slotBytes += slotSize(s.from.keyLen(e.ref))
			}
		case s.cands[i].e.at != 0:
			indexed++
			slotBytes += slotSize(len(s.cands[i].key))
		}
	}
	return n, indexed, slotBytes
}

func (s *source) len() int {
	if s.from != nil {
		return int(s.o.n)
	}
	return len(s.cands)
}

// keyHash returns the hash of key, the key of path i of s.
func (s *source) keyHash(i int, hs *hasher, key string) uint64 {
	if s.from == nil && s.cands[i].h != 0 {
		return s.cands[i].h
	}
	return hs.key(key)
}

// at returns path i of s: its entry, its rule host as written, the key of
// an indexed entry and the pattern of a scanned one.
func (s *source) at(i int) (e entry, host, key string, pat *pathmatch.Pattern) {
	if s.from == nil {
		c := &s.cands[i]
		return c.e, c.host, c.key, c.pat
	}
	e = s.from.entries[int(s.o.first)+i]
	host = s.from.hostOf(&e)
	if e.at == 0 {
		return e, host, "", &s.from.scan[e.ref].pattern
	}
	return e, host, s.from.slotKey(e.ref), nil
}

// groupCands is the usable paths of one Ingress in one host group, as read.
type groupCands struct {
	key   groupKey
	cands []cand
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
	recs := make([]*ingRec, 0, len(ingresses))
	last := make(map[types.NamespacedName]int, len(ingresses)) // each name's last place in ingresses
	for i, ing := range ingresses {
		if ing == nil {
			m.inputDiags = append(m.inputDiags, ingress.Diagnostic{Kind: PathSkipped, Severity: ingress.Warning, Field: fmt.Sprintf("ingresses[%d]", i), Message: "nil Ingress"})
			continue
		}
		k := nameOf(ing)
		if k.Name == "" {
			continue // no name to tell (generateName): each one routes
		}
		if j, seen := last[k]; seen {
			// As an informer keeps the last object it receives for a
			// name, the later one routes.
			m.inputDiags = append(m.inputDiags, ingress.Diagnostic{Kind: DuplicateName, Severity: ingress.Warning, Object: ingresses[j], Field: "metadata.name",
				Message: fmt.Sprintf("%s is given twice (ingresses[%d] and ingresses[%d]); the later one routes and this one is left out", ingress.ObjectName(ing), j, i),
				Related: ing, RelatedField: "metadata.name"})
		}
		last[k] = i
	}
	for i, ing := range ingresses {
		if ing == nil {
			continue
		}
		if k := nameOf(ing); k.Name == "" || last[k] == i {
			recs = append(recs, &ingRec{ing: ing, ord: m.nextOrd, hasDef: ing.Spec.DefaultBackend != nil})
			m.nextOrd++
		}
	}
	slices.SortFunc(recs, m.compareRecs)
	if o.dialect.hasEngine() {
		m.compileEngine(recs)
		return m
	}
	total, rules := 0, 0
	for _, r := range recs {
		rules += len(r.ing.Spec.Rules)
		for _, rule := range r.ing.Spec.Rules {
			if rule.HTTP != nil {
				total += len(rule.HTTP.Paths)
			}
		}
	}
	sl := &slab{cands: make([]cand, total)}
	// The sources of each group, in tie-break order: most groups have one,
	// kept inline; the others are chained through more.
	type pending struct {
		key   groupKey
		first source
		more  []source
	}
	pend := make([]pending, 0, rules) // a group per rule at most
	at := make(map[groupKey]int32, rules)
	for _, r := range recs {
		var gcs []groupCands
		r.diags, gcs = m.read(r.ing, sl)
		r.setTops(gcs)
		for _, gc := range gcs {
			r.groups = append(r.groups, gc.key)
			src := source{ing: r.ing, ord: r.ord, cands: gc.cands}
			if i, seen := at[gc.key]; seen {
				pend[i].more = append(pend[i].more, src)
			} else {
				at[gc.key] = int32(len(pend))
				pend = append(pend, pending{key: gc.key, first: src})
			}
		}
		if r.ing.Spec.DefaultBackend != nil {
			m.defs = append(m.defs, defRef{ing: r.ing, ord: r.ord, backend: *r.ing.Spec.DefaultBackend})
		}
	}
	// Size the arrays every group takes its part of.
	var entries, slotBytes, words, owners int
	parted := make([]bool, len(pend)) // large groups are built as parts, outside the slab
	var srcs []source
	for i := range pend {
		p := &pend[i]
		srcs = append(append(srcs[:0], p.first), p.more...)
		if parted[i] = partable(srcs); parted[i] {
			continue
		}
		owners += 1 + len(p.more)
		n, x, b := p.first.counts()
		for j := range p.more {
			n1, x1, b1 := p.more[j].counts()
			n, x, b = n+n1, x+x1, b+b1
		}
		entries, slotBytes, words = entries+n, slotBytes+b, words+tableSize(x)
	}
	sl.entries, sl.pslots, sl.idx = make([]entry, entries), make([]byte, slotBytes), make([]uint64, words)
	allSlots := sl.pslots
	type placed struct {
		g          *group
		start, end int
	}
	built := make([]placed, 0, len(pend))
	sl.groups, sl.owners = make([]group, len(pend)), make([]owner, owners)
	hosts := make([]*group, 0, len(pend))
	for i := range pend {
		p := &pend[i]
		srcs = append(append(srcs[:0], p.first), p.more...)
		var g *group
		if parted[i] {
			g = m.buildParted(p.key, srcs)
		} else {
			start := len(allSlots) - len(sl.pslots)
			var b []byte
			g, b = m.buildGroup(p.key, srcs, sl)
			built = append(built, placed{g, start, start + len(b)})
		}
		m.npaths += g.count()
		if p.key.rank == hostmatch.RankCatchAll {
			m.catchAll = g
		} else {
			hosts = append(hosts, g)
		}
	}
	// All path slots become one string, each group's a part of it. (The
	// hosts stay the Ingresses' strings: packing them too measured no
	// faster here and costs 2 bytes per path.)
	packed := string(allSlots)
	for _, b := range built {
		b.g.pslots = packed[b.start:b.end]
	}
	m.slabGroups, m.slabLive = len(built), len(built)
	m.hosts = newHostIndex(hosts, &m.hash)
	m.names = newNameIndex(m.hash.seed, recs)
	m.setDefault()
	return m
}

// compileEngine builds the lookup of a dialect with an engine, and the
// Ingresses and diagnostics at once.
func (m *Matcher) compileEngine(recs []*ingRec) {
	m.once.Do(func() {}) // view has nothing to compute
	m.diags = slices.Clone(m.inputDiags)
	for _, r := range recs {
		m.ingresses = append(m.ingresses, r.ing)
		diags, gcs := m.read(r.ing, nil)
		m.diags = append(m.diags, diags...)
		for _, gc := range gcs {
			m.npaths += len(gc.cands)
		}
	}
	switch m.opts.dialect {
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
	case TraefikIngressNGINX:
		m.eng = newTraefikIngressNGINX(m)
	}
	m.sortDiagnostics()
}

// compareRecs is precedence step 3: the tie-break order, then namespace
// and name; Ingresses it holds equal keep their order of arrival.
func (m *Matcher) compareRecs(a, b *ingRec) int {
	if c := m.opts.tieBreak.Compare(a.ing, b.ing); c != 0 {
		return c
	}
	return cmp.Compare(a.ord, b.ord)
}

// compareSources is compareRecs for sources.
func (m *Matcher) compareSources(a, b source) int {
	if c := m.opts.tieBreak.Compare(a.ing, b.ing); c != 0 {
		return c
	}
	return cmp.Compare(a.ord, b.ord)
}

// hostSlot returns the host index's slot of a group that is not the
// catch-all (g may be nil: the slot removes the host).
func (m *Matcher) hostSlot(k groupKey, g *group) hostSlot {
	key := k.host
	if k.rank == hostmatch.RankWildcard {
		key = key[1:]
	}
	return hostSlot{hash: m.hash.host(key), key: key, wildcard: k.rank == hostmatch.RankWildcard, g: g}
}

// group returns the group of a key, or nil.
func (m *Matcher) group(k groupKey) *group {
	if k.rank == hostmatch.RankCatchAll {
		return m.catchAll
	}
	s := m.hostSlot(k, nil)
	return m.hosts.find(s.hash, s.key, s.wildcard)
}

// eachGroup calls f for every host group.
func (m *Matcher) eachGroup(f func(*group)) {
	for _, s := range m.hosts.shards {
		for _, w := range s {
			if w.g != nil {
				f(w.g)
			}
		}
	}
	if m.catchAll != nil {
		f(m.catchAll)
	}
}

// read turns every usable path of ing into a candidate of its host group
// (groups in order of their first rule, paths in rule and path order) and
// returns what it skips and what the API server would reject, in field
// order.
//
// The candidates are taken from sl when it is not nil.
func (m *Matcher) read(ing *networkingv1.Ingress, sl *slab) (diags []ingress.Diagnostic, groups []groupCands) {
	if sl == nil {
		sl = &slab{} // empty: every take allocates
	}
	var at map[groupKey]int // where a key is in groups, once there are many
	find := func(k groupKey) int {
		if at != nil {
			if i, ok := at[k]; ok {
				return i
			}
			return -1
		}
		for i := range groups {
			if groups[i].key == k {
				return i
			}
		}
		return -1
	}
	for ri := range ing.Spec.Rules {
		rule := &ing.Spec.Rules[ri]
		fld := func() *field.Path { return field.NewPath("spec", "rules").Index(ri) }
		if rule.HTTP == nil {
			diags = append(diags, ingress.Diagnostic{Kind: PathSkipped, Severity: ingress.Warning, Object: ing, Field: fld().Child("http").String(),
				Message: "rule has no http paths; it routes nothing (the default backend serves its host)"})
			continue
		}
		host, rank, ok := hostKey(rule.Host)
		if !ok {
			diags = append(diags, ingress.Diagnostic{Kind: PathSkipped, Severity: ingress.Warning, Object: ing, Field: fld().Child("host").String(),
				Message: fmt.Sprintf("host %q can never match a request host (not a DNS name or wildcard); its paths are skipped", rule.Host)})
			continue
		}
		if why := hostErrors(rule.Host); why != "" {
			diags = append(diags, ingress.Diagnostic{Kind: InvalidField, Severity: ingress.Warning, Object: ing, Field: fld().Child("host").String(),
				Message: fmt.Sprintf("host %q: %s; the API server rejects it, and it is routed as %q", rule.Host, why, host)})
		}
		gi := -1 // the rule's place in groups, found at its first usable path
		for pi := range rule.HTTP.Paths {
			p := &rule.HTTP.Paths[pi]
			var pathType networkingv1.PathType
			switch read, ok := m.opts.dialect.missingPathType(); {
			case p.PathType != nil:
				pathType = *p.PathType
			case ok:
				// The API server rejects it; the controller reads it.
				pathType = read
				diags = append(diags, ingress.Diagnostic{Kind: InvalidField, Severity: ingress.Warning, Object: ing, Field: pathField(ri, pi).Child("pathType").String(),
					Message: fmt.Sprintf("path %q has no pathType; the API server rejects it, and %s reads it as %s", p.Path, m.opts.dialect.controller(), read)})
			default:
				diags = append(diags, ingress.Diagnostic{Kind: PathSkipped, Severity: ingress.Warning, Object: ing, Field: pathField(ri, pi).Child("pathType").String(),
					Message: fmt.Sprintf("path %q has no pathType; it is skipped", p.Path)})
				continue
			}
			pat, err := pathmatch.Compile(pathType, p.Path, m.opts.specific)
			if err != nil {
				f := pathField(ri, pi).Child("path")
				if pathType != networkingv1.PathTypeImplementationSpecific {
					f = pathField(ri, pi).Child("pathType")
				}
				diags = append(diags, ingress.Diagnostic{Kind: PathSkipped, Severity: ingress.Warning, Object: ing, Field: f.String(),
					Message: strings.TrimPrefix(err.Error(), "pathmatch: ") + "; it is skipped"})
				continue
			}
			diags = checkPath(diags, ing, ri, pi, pathType, pat)
			if gi < 0 {
				k := groupKey{rank, host}
				if gi = find(k); gi < 0 {
					gi = len(groups)
					groups = append(groups, groupCands{key: k, cands: take(&sl.cands, len(rule.HTTP.Paths)-pi)})
					if at == nil && len(groups) > 32 {
						at = make(map[groupKey]int, 2*len(groups))
						for i := range groups {
							at[groups[i].key] = i
						}
					} else if at != nil {
						at[k] = gi
					}
				}
			}
			c := cand{host: rule.Host, e: entry{
				ing: ing, path: p, backend: p.Backend, ri: int32(ri), pi: int32(pi),
				rank: uint8(pathtype.Rank(pathType)),
			}}
			if key, at, indexed := pat.Key(); indexed {
				c.e.at, c.key, c.h = at, key, m.hash.key(key)
			} else {
				scanned := pat // only scanned patterns move to the heap
				c.pat = &scanned
			}
			groups[gi].cands = append(groups[gi].cands, c)
		}
	}
	return diags, groups
}

// checkPath appends to diags what the API server would reject in a path
// that Compile can still match: a path that is empty, relative or has a
// forbidden sequence, and a backend with neither service nor resource.
func checkPath(diags []ingress.Diagnostic, ing *networkingv1.Ingress, ri, pi int, pathType networkingv1.PathType, pat pathmatch.Pattern) []ingress.Diagnostic {
	p := &ing.Spec.Rules[ri].HTTP.Paths[pi]
	if msgs := pathmatch.CheckPath(pathType, p.Path); len(msgs) > 0 {
		how := "it is matched as written"
		if p.Path == "" {
			if key, at, _ := pat.Key(); key == "" && at&pathmatch.AtSlash != 0 {
				how = `it is matched like "/"`
			}
		}
		diags = append(diags, ingress.Diagnostic{Kind: InvalidField, Severity: ingress.Warning, Object: ing, Field: pathField(ri, pi).Child("path").String(),
			Message: fmt.Sprintf("%s path %q %s; the API server rejects it, and %s", pathType, p.Path, strings.Join(msgs, ", "), how)})
	}
	if why := backendError(p.Backend); why != "" {
		diags = append(diags, ingress.Diagnostic{Kind: InvalidField, Severity: ingress.Warning, Object: ing, Field: pathField(ri, pi).Child("backend").String(),
			Message: why + "; the API server rejects it, and the path routes to this empty backend"})
	}
	return diags
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

// buildGroup builds the host group of key k from the paths of its
// Ingresses, given in tie-break order: its path table, the winner of every
// slot, and the diagnostics of its shadowed paths and shared host.
//
// The group and its arrays are taken from sl, or allocated when sl is nil
// or too small. With sl, the group's path slots are left to the caller:
// buildGroup returns them, built in sl, and the caller sets g.pslots;
// without, it sets them.
func (m *Matcher) buildGroup(k groupKey, srcs []source, sl *slab) (*group, []byte) {
	total, indexed, slotBytes := 0, 0, 0
	for i := range srcs {
		n, x, b := srcs[i].counts()
		total, indexed, slotBytes = total+n, indexed+x, slotBytes+b
	}
	inSlab := sl != nil
	if !inSlab {
		sl = &slab{} // empty: every take allocates
	}
	g := sl.group()
	g.host, g.rank, g.owners, g.inSlab = k.host, k.rank, take(&sl.owners, len(srcs)), inSlab
	// Whether any key is a string prefix decides the slots' header.
	for i := range srcs {
		for j := range srcs[i].len() {
			if e, _, _, _ := srcs[i].at(j); e.at&pathmatch.AtAny != 0 {
				g.anyPos = true
			}
		}
	}
	// The path table is built as the slots are: a slot is found again
	// through it, so it is sized for every indexed entry, an upper bound on
	// the slots.
	g.entries = take(&sl.entries, total)
	g.table = sl.table(indexed)
	pslots := take(&sl.pslots, slotBytes)
	for si := range srcs {
		s := &srcs[si]
		o := owner{ing: s.ing, first: int32(len(g.entries))}
		for ci := range s.len() {
			e, host, key, pat := s.at(ci)
			i := int32(len(g.entries))
			e.ownHost = host != g.host
			if e.at == 0 {
				e.ref = int32(len(g.scan))
				g.scan = append(g.scan, scanned{entry: i, pattern: *pat})
				g.entries = append(g.entries, e)
				continue
			}
			h := s.keyHash(ci, &m.hash, key) // len(key) == e.length: pathmatch defines Len so
			o := g.findBuilding(pslots, h, key)
			if o < 0 {
				o = int32(len(pslots))
				for range g.header()/4 - 1 {
					pslots = binary.LittleEndian.AppendUint32(pslots, ^uint32(0)) // no winner yet
				}
				pslots = binary.LittleEndian.AppendUint32(pslots, uint32(len(key)))
				pslots = append(pslots, key...)
				g.table.insert(h, int(o))
				g.maxKey = max(g.maxKey, int32(len(key)))
				g.lens.add(len(key))
			}
			e.ref = o
			// Entries come in steps 3-4 order and share step 1 (the key's
			// length): a later entry takes a place only with a better type.
			for place, c := range [...]pathmatch.Continuation{atEnd: pathmatch.AtEnd, atSlash: pathmatch.AtSlash, atAny: pathmatch.AtAny} {
				if place == atAny && !g.anyPos {
					break // no string prefix: no atAny place
				}
				w := pslots[int(o)+4*place:]
				if win := int32(binary.LittleEndian.Uint32(w)); e.at&c != 0 && (win < 0 || e.rank < g.entries[win].rank) {
					binary.LittleEndian.PutUint32(w, uint32(i))
				}
			}
			g.entries = append(g.entries, e)
		}
		o.n = int32(len(g.entries)) - o.first
		g.owners = append(g.owners, o)
	}
	if !inSlab {
		g.pslots = string(pslots)
	}
	win := func(o int32, place int) int32 {
		if place == atAny && !g.anyPos {
			return -1
		}
		return int32(binary.LittleEndian.Uint32(pslots[int(o)+4*place:]))
	}
	for i := range g.entries {
		e := &g.entries[i]
		if e.at == 0 {
			continue
		}
		if j := int32(i); win(e.ref, atEnd) == j || win(e.ref, atSlash) == j || win(e.ref, atAny) == j {
			continue // it wins somewhere
		}
		// The entry wins nowhere: report the winner of its widest place.
		w := win(e.ref, atEnd)
		switch {
		case e.at&pathmatch.AtAny != 0:
			w = win(e.ref, atAny)
		case e.at&pathmatch.AtSlash != 0:
			w = win(e.ref, atSlash)
		}
		g.extra().diags = append(g.extra().diags, m.shadowed(e, &g.entries[w]))
	}
	if m.opts.perHostDefault {
		for _, o := range g.owners { // owners are in tie-break order
			if o.ing.Spec.DefaultBackend != nil {
				g.def = &Route{Ingress: o.ing, Backend: *o.ing.Spec.DefaultBackend, RuleIndex: -1, PathIndex: -1}
				break
			}
		}
	}
	return g, pslots
}

// source returns the paths of owner o of g as buildGroup takes them. Its
// ord is not needed: old owners are merged, not sorted (mergeOwners).
func (g *group) source(o owner) source { return source{ing: o.ing, from: g, o: o} }

func hostLabel(h string) string {
	if h == "" {
		return "(catch-all, rules without host)"
	}
	return fmt.Sprintf("%q", h)
}

// shadowed reports that loser, indexed under the same key as winner, can
// never win because winner does.
func (m *Matcher) shadowed(loser, winner *entry) diagnostic {
	lp, wp := loser.path, winner.path
	var why string
	switch {
	case loser.rank != winner.rank:
		why = fmt.Sprintf("a %s path of the same length wins over %s", *wp.PathType, *lp.PathType)
		if *lp.PathType == networkingv1.PathTypeImplementationSpecific {
			why += " read as " + m.opts.specific.String()
		}
	case winner.ing == loser.ing:
		why = "an equivalent path listed earlier in the same Ingress wins"
	default:
		why = "an equivalent path of an Ingress that comes first in the tie-break order wins"
	}
	msg := fmt.Sprintf("%s path %q never serves a request: %s, %s (%s %q) of %s",
		*lp.PathType, lp.Path, why, winner.field(), *wp.PathType, wp.Path, ingress.ObjectName(winner.ing))
	return diagnostic{phase: phaseShadowed, ri: loser.ri, pi: loser.pi, Diagnostic: ingress.Diagnostic{
		Kind: PathShadowed, Severity: ingress.Warning, Object: loser.ing, Field: loser.field(), Message: msg,
		Related: winner.ing, RelatedField: winner.field()}}
}

// setDefault picks the global default backend: that of the first Ingress
// in tie-break order that has one.
func (m *Matcher) setDefault() {
	m.def, m.hasDef = Route{}, len(m.defs) > 0
	if m.hasDef {
		m.def = Route{Ingress: m.defs[0].ing, Backend: m.defs[0].backend, RuleIndex: -1, PathIndex: -1}
	}
}

// Match returns the route of a request with the given Host header (port,
// capitals and a trailing dot allowed) and path (as given: Match does not
// normalise it; "" means "/"; no query string), and whether there is one.
// The second result is false when no rule matches and there is no default
// backend: the controller's own 404. Match does not allocate, under any
// dialect; its work is bounded as the package documentation ("Work per
// request") says.
func (m *Matcher) Match(host, path string) (Route, bool) {
	if m.eng != nil {
		return m.eng.match(host, path)
	}
	if path == "" {
		path = "/"
	}
	var exact, wild *group
	if m.hosts.n > 0 {
		exact, wild = m.hostGroups(host)
	}
	var first *group // the group that claims the request
	for _, g := range [3]*group{exact, wild, m.catchAll} {
		if g == nil {
			continue
		}
		if first == nil {
			first = g
		}
		if g.parted() {
			if p, e := g.matchParts(&m.hash, path); e >= 0 {
				return p.route(&p.entries[e]), true
			}
		} else if e := g.match(&m.hash, path); e >= 0 {
			return g.route(&g.entries[e]), true
		}
		if !m.opts.fallThrough {
			break
		}
	}
	if first != nil && first.def != nil {
		return *first.def, true
	}
	if m.opts.defaultOnlyUnclaimed && first != nil && first.rank != hostmatch.RankCatchAll {
		return Route{}, false
	}
	return m.def, m.hasDef
}

// hostGroups returns the exact and wildcard groups that match a Host header,
// nil for none. The wildcard group is looked up only when it can serve: no
// exact group claims the request, or groups fall through.
func (m *Matcher) hostGroups(host string) (exact, wild *group) {
	if len(host) > hostmatch.MaxHostLen {
		return nil, nil // malformed; and no need to hash a megabyte
	}
	if !m.opts.fallThrough {
		// Fast path: a Host header spelled as an indexed exact host (any
		// case) is that host, and one spelled as a valid label followed by an
		// indexed wildcard suffix is a name of that wildcard: every indexed
		// key is a valid DNS name and no IP, so hostname.RuleName would
		// return the header unchanged. Skip its scan.
		if g := m.hosts.find(m.hash.host(host), host, false); g != nil {
			return g, nil
		}
		if g := m.wildcardGroup(host); g != nil {
			return nil, g
		}
	}
	name, ok := hostname.RuleName(host)
	if !ok || name == host && !m.opts.fallThrough {
		return nil, nil // malformed, IP, empty; or the fast path already missed
	}
	exact = m.hosts.find(m.hash.host(name), name, false)
	if exact == nil || m.opts.fallThrough {
		wild = m.wildcardGroup(name)
	}
	return exact, wild
}

// wildcardGroup returns the wildcard group of a host whose first label is
// valid, or nil.
func (m *Matcher) wildcardGroup(host string) *group {
	if m.hosts.wild == 0 {
		return nil
	}
	dot := strings.IndexByte(host, '.')
	if dot <= 0 {
		return nil
	}
	if !hostname.ValidLabel(host[:dot]) {
		return nil
	}
	for {
		suffix := host[dot:]
		g := m.hosts.find(m.hash.host(suffix), suffix, true)
		if g != nil || !m.opts.multiLabelWildcard {
			return g
		}
		// Gateway API: *.foo.com also covers a.b.foo.com; the longest
		// suffix, tried first, is the most specific.
		next := strings.IndexByte(suffix[1:], '.')
		if next <= 0 || !hostname.ValidLabel(suffix[1:1+next]) {
			return nil
		}
		dot += 1 + next
	}
}

// MatchRequest returns the route of an HTTP request: its Host and its URL's
// escaped path, normalised by the policy of [WithPathPolicy] (by default
// dot segments removed, repeated slashes merged, percent-encoding decoded but
// for %2F) unless [WithoutPathNormalization] is given. A path that cannot be
// normalised (a NUL octet, a malformed escape) has no route; a server that
// wants to answer 400 for it uses [Matcher.RouteRequest]. Under the Traefik
// dialects a request whose TLS field is set is routed among the routers of
// Traefik's websecure entry point, others among those of web (see
// [Traefik]). The route's Action is the one Match gives, not yet settled
// for the request (the https redirect's Location, answers that depend on
// the query or the path as sent): [Matcher.RouteRequest] settles it.
func (m *Matcher) MatchRequest(r *http.Request) (Route, bool) {
	route, _, ok, _ := m.matchRequest(r)
	return route, ok
}

// ErrNoRoute is the error of [Matcher.RouteRequest] when no rule matches a
// request and there is no default backend: the controller's own 404.
var ErrNoRoute = errors.New("matcher: no route")

// ErrBadRequest is wrapped by the error of [Matcher.RouteRequest] for a
// request that cannot be routed because it is malformed — its path cannot
// be normalised, or it has no URL — or that a bound of the package refuses
// (a path over pathmatch.MaxPathLen; under TraefikIngressNGINX, a
// rewrite-target evaluation over its bound). A server answers 400.
var ErrBadRequest = errors.New("matcher: bad request")

// RouteRequest is [Matcher.MatchRequest] that tells why there is no route:
// the error is [ErrNoRoute] (answer 404) or wraps [ErrBadRequest] (answer
// 400: the request is malformed and no route is chosen), with the reason,
// such as the path's malformed escape. Test it with errors.Is.
//
// Under a dialect, it also settles what the controller answers itself
// once it has chosen the route, which depends on more of the request than
// its host and path (MatchRequest's Action does not): the redirect of a
// cleartext request to https becomes Route.Action.Redirect with its
// Location; ingress-nginx's 301 keeps the query; a route that is
// ingress-nginx's own 404 behind that redirect is [ErrNoRoute] over TLS;
// Traefik's rewrite-target middleware may answer a 302 Redirect or a
// Route.Action.Status (400, 500) for a request it has routed. A request
// over TLS whose server name is an ssl-passthrough host (under
// TraefikIngressNGINX, or IngressNGINX with [WithNGINXSSLPassthrough]) is
// that host's passthrough route, Action.Passthrough set, whatever its
// path (a request with TLS but no ServerName sent no server name, and is
// routed by HTTP). A canary
// ([Alternative]) is picked by the request's headers, cookies and the
// canary's weight: the route is the canary's when it takes the request,
// keeps the alternative (one) when the weight decides by chance, and has
// none when the route's own backend serves.
func (m *Matcher) RouteRequest(r *http.Request) (Route, error) {
	if e, ok := m.eng.(passthroughEngine); ok && r != nil && r.TLS != nil && r.TLS.ServerName != "" {
		if route, ok := e.passthrough(r.TLS.ServerName); ok {
			if route.Ingress == nil {
				return Route{}, ErrNoRoute // passed to nothing: the connection is dropped
			}
			return route, nil
		}
	}
	route, path, ok, err := m.matchRequest(r)
	switch {
	case err != nil:
		return Route{}, fmt.Errorf("%w: %w", ErrBadRequest, err)
	case !ok:
		return Route{}, ErrNoRoute
	}
	if e, ok := m.eng.(requestEngine); ok {
		route, err = e.requestAction(route, r, path)
		// An answer of the controller's own goes to no canary.
		if a := route.Action; err == nil && a != nil && (a.Redirect.Status != 0 || a.Status != 0) && len(a.Alternatives) > 0 {
			own := *a
			own.Alternatives = nil
			route.Action = &own
		}
		return route, err
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
func (m *Matcher) matchRequest(r *http.Request) (route Route, path string, ok bool, err error) {
	if r == nil || r.URL == nil {
		return Route{}, "", false, errNoURL
	}
	path, err = m.NormalizePath(r.URL.EscapedPath())
	if err != nil {
		return Route{}, "", false, err
	}
	if te, isTLS := m.eng.(tlsEngine); isTLS && r.TLS != nil {
		route, ok = te.matchTLS(r.Host, path)
		return route, path, ok, nil
	}
	route, ok = m.Match(r.Host, path)
	return route, path, ok, nil
}

// Ingresses returns the Ingresses of the Matcher in tie-break order (oldest
// first by default). The slice is a copy; the Ingresses are the caller's.
func (m *Matcher) Ingresses() []*networkingv1.Ingress {
	m.view()
	return slices.Clone(m.ingresses)
}

// Len returns the number of paths the Matcher routes with: the usable paths
// of all Ingresses, those that never win included.
func (m *Matcher) Len() int { return m.npaths }
