// This file splits a large host group into parts by key hash, so that
// Update rebuilds the parts a change touches rather than the whole host.
//
// One host shared by thousands of Ingresses is a common shape (a platform
// that gives every job an Ingress under its one host). A group of at least
// partMin indexed paths and no scanned ones (regular expressions, caller
// functions) is built as parts: each part is a group of its own (table,
// slots, entries, owners, shadowed paths) holding the keys whose hash falls
// in it, about partSize paths each. All the entries of one key are in one
// part, so each slot's winners are decided within its part, exactly as in a
// flat group; a probe already has the key's hash and picks the part from
// its top bits. The parent holds the union of the parts' key lengths, the
// parts, and the Ingresses with a default backend among its owners.

package matcher

import (
	"cmp"
	"fmt"
	"math/bits"
	"slices"

	"github.com/ingresslib/ingress"
	networkingv1 "k8s.io/api/networking/v1"
)

// partMin is the number of paths from which a group without scanned paths
// is split into parts, and partSize the paths a part holds on average after
// a split. Tests lower them. Measured with BenchmarkUpdateOneSharedHost
// and BenchmarkMatchSharedHost: below 512 paths a whole rebuild is as fast
// as the parts' bookkeeping; parts of 256 paths doubled the update at 10k
// paths, parts of 64 saved little and made the parts array (copied by each
// update) twice as long. A lookup in a parted host reads one more pointer,
// about 30 ns at 100k paths.
var partMin, partSize = 512, 128

// leaves returns the groups that hold g's entries: its parts, or g.
func (g *group) leaves() []*group {
	if g.parted() {
		return g.x.parts
	}
	return []*group{g}
}

// parted reports whether g is split into parts.
func (g *group) parted() bool { return g.split }

// count returns the number of entries of g.
func (g *group) count() int {
	if g.parted() {
		return int(g.x.n)
	}
	return len(g.entries)
}

// part returns the part of a key of hash h.
func (g *group) part(h uint64) *group {
	return g.x.parts[h>>(64-g.x.partBits)&(1<<g.x.partBits-1)]
}

// matchParts is match for a group split into parts: the part and entry
// that win path, or -1.
func (g *group) matchParts(hs *hasher, path string) (*group, int32) {
	var bp *group
	best := int32(-1)
	limit := min(len(path), int(g.maxKey))
	h := prefixHasher{h: hs}
	probe := func(k int) {
		at := atOf(path, k)
		if at == atAny && !g.anyPos {
			return
		}
		hv := h.hash(path, k)
		p := g.part(hv)
		if at == atAny && !p.anyPos {
			return
		}
		if o := p.findSlot(hv, path[:k]); o >= 0 {
			if e := p.winner(o, at); e >= 0 {
				bp, best = p, e // a longer key always wins over a shorter one
			}
		}
	}
	for set := g.lens.below(limit); set != 0; set &= set - 1 {
		probe(bits.TrailingZeros64(set))
	}
	if g.lens.hasLong() {
		for k := longKeys; k <= limit; k++ {
			probe(k)
		}
	}
	return bp, best
}

// partable reports whether a group of these sources is split into parts.
func partable(srcs []source) bool {
	n := 0
	for i := range srcs {
		c, x, _ := srcs[i].counts()
		if x != c {
			return false // a scanned path
		}
		n += c
	}
	return n >= partMin
}

// partBitsFor returns the number of hash bits that pick a part for n
// paths: at most 16, the bits ingRec.tops keeps (65,536 parts; parts grow
// past partSize only beyond 8 million paths on one host).
func partBitsFor(n int) uint {
	b := uint(0)
	for n > partSize<<b && b < 16 {
		b++
	}
	return b
}

// buildParted builds the group of key k from srcs (in tie-break order, no
// scanned paths) as parts.
func (m *Matcher) buildParted(k groupKey, srcs []source) *group {
	total := 0
	for i := range srcs {
		total += srcs[i].len()
	}
	g := &group{host: k.host, rank: k.rank, split: true, x: &groupExtra{partBits: partBitsFor(total)}}
	per := map[int][]source{}
	for _, s := range srcs {
		m.splitSource(g.x.partBits, s, per)
	}
	g.x.parts = make([]*group, 1<<g.x.partBits)
	for i := range g.x.parts {
		g.x.parts[i], _ = m.buildGroup(k, per[i], nil)
	}
	m.sumParts(g)
	for _, s := range srcs {
		if s.ing.Spec.DefaultBackend != nil {
			g.x.defs = append(g.x.defs, defRef{ing: s.ing, ord: s.ord, backend: *s.ing.Spec.DefaultBackend})
		}
	}
	m.partDefault(g)
	return g
}

// splitSource appends to per[i] the paths of s whose key falls in part i
// of a group split by the top partBits of the hash. per is a map because
// an update touches a few of thousands of parts.
func (m *Matcher) splitSource(partBits uint, s source, per map[int][]source) {
	for i := range s.len() {
		e, host, key, _ := s.at(i)
		h := s.keyHash(i, &m.hash, key)
		pi := int(h >> (64 - partBits) & (1<<partBits - 1))
		last := len(per[pi]) - 1
		if last < 0 || per[pi][last].ing != s.ing {
			per[pi] = append(per[pi], source{ing: s.ing, ord: s.ord})
			last++
		}
		per[pi][last].cands = append(per[pi][last].cands, cand{e: e, host: host, key: key, h: h})
	}
}

// sumParts sets what the parent of parts holds of them: key lengths, the
// longest key, string prefixes, the number of paths.
func (m *Matcher) sumParts(g *group) {
	g.lens, g.maxKey, g.anyPos, g.x.n = 0, 0, false, 0
	for _, p := range g.x.parts {
		g.lens |= p.lens
		g.maxKey = max(g.maxKey, p.maxKey)
		g.anyPos = g.anyPos || p.anyPos
		g.x.n += int32(len(p.entries))
	}
}

// partDefault sets the per-host default backend of a group of parts.
func (m *Matcher) partDefault(g *group) {
	g.def = nil
	if m.opts.perHostDefault && len(g.x.defs) > 0 {
		g.def = &Route{Ingress: g.x.defs[0].ing, Backend: g.x.defs[0].backend, RuleIndex: -1, PathIndex: -1}
	}
}

// updateParted returns the group of parts old with the Ingresses in removed
// (whose keys here had the hash tops removedTops) taken out and the sources added (in
// tie-break order, read from the changed Ingresses) put in, rebuilding only
// the parts whose keys they have; ok is false when the group must be
// rebuilt whole instead (a scanned path comes in, or the group outgrows or
// falls below its parts).
//
// The parts a removed Ingress occupies come from its record's key hashes
// (ingRec.tops), not from reading it again: its caller may have changed
// the object in place since it was given.
func (n *Matcher) updateParted(old *group, k groupKey, added []source, removed []*networkingv1.Ingress, removedTops [][]uint16) (g *group, ok bool) {
	total := old.count()
	for i := range added {
		c, x, _ := added[i].counts()
		if x != c {
			return nil, false
		}
		total += c
	}
	ox := old.x
	per := map[int][]source{}
	touched := map[int]bool{}
	for _, tops := range removedTops {
		for _, top := range tops {
			touched[int(top>>(16-ox.partBits))] = true
		}
	}
	gone := goneFunc(removed)
	for i := range touched {
		for _, o := range ox.parts[i].owners {
			if gone(o.ing) {
				total -= int(o.n)
			}
		}
	}
	if total < partMin/4 || total > 4*partSize<<ox.partBits {
		return nil, false
	}
	for _, s := range added {
		n.splitSource(ox.partBits, s, per)
	}
	for i := range per {
		touched[i] = true
	}
	g = &group{host: old.host, rank: old.rank, split: true, x: &groupExtra{partBits: ox.partBits, parts: slices.Clone(ox.parts)}}
	for i := range touched {
		srcs := mergeOwners(ox.parts[i], per[i], removed, n.opts.tieBreak)
		g.x.parts[i], _ = n.buildGroup(k, srcs, nil)
	}
	n.sumParts(g)
	var newDefs []defRef
	for _, s := range added {
		if s.ing.Spec.DefaultBackend != nil {
			newDefs = append(newDefs, defRef{ing: s.ing, ord: s.ord, backend: *s.ing.Spec.DefaultBackend})
		}
	}
	g.x.defs = n.mergeDefs(ox.defs, removed, newDefs)
	n.partDefault(g)
	return g, true
}

// wholeSources returns the sources of a group of parts, in tie-break order,
// leaving out the Ingresses in removed: each owner's paths gathered from the
// parts' entries and put back in rule and path order (not read again from
// the Ingress, which its caller may have changed). m is the Matcher that
// holds old (for the owners' order keys).
func (m *Matcher) wholeSources(old *group, removed []*networkingv1.Ingress) []source {
	at := map[*networkingv1.Ingress]int{}
	var srcs []source
	gone := goneFunc(removed)
	for _, p := range old.x.parts {
		for _, o := range p.owners {
			if gone(o.ing) {
				continue
			}
			i, seen := at[o.ing]
			if !seen {
				i = len(srcs)
				at[o.ing] = i
				srcs = append(srcs, source{ing: o.ing, ord: m.ordOf(o.ing)})
			}
			for j := range o.n {
				e := p.entries[o.first+j]
				srcs[i].cands = append(srcs[i].cands, cand{e: e, host: p.hostOf(&e), key: p.slotKey(e.ref)})
			}
		}
	}
	for i := range srcs {
		slices.SortFunc(srcs[i].cands, func(a, b cand) int { return cmp.Or(cmp.Compare(a.e.ri, b.e.ri), cmp.Compare(a.e.pi, b.e.pi)) })
	}
	slices.SortFunc(srcs, m.compareSources)
	return srcs
}

// ordOf returns the ingRec.ord of one of m's Ingresses.
func (m *Matcher) ordOf(ing *networkingv1.Ingress) uint64 {
	for _, r := range m.names.get(m.hash.seed, nameOf(ing)) {
		if r.ing == ing {
			return r.ord
		}
	}
	return 0 // unreachable: every owner is in the name index
}

// sharedNotes returns the HostShared notes of g: one for every owner but
// the first in tie-break order. m is the Matcher that holds g.
func (m *Matcher) sharedNotes(g *group) []diagnostic {
	type own struct {
		ing *networkingv1.Ingress
		ri  int32
		ord uint64
	}
	var owners []own
	if !g.parted() {
		for _, o := range g.owners {
			owners = append(owners, own{ing: o.ing, ri: g.entries[o.first].ri})
		}
	} else {
		at := map[*networkingv1.Ingress]int{}
		for _, p := range g.x.parts {
			for _, o := range p.owners {
				ri := p.entries[o.first].ri
				if i, seen := at[o.ing]; seen {
					owners[i].ri = min(owners[i].ri, ri)
					continue
				}
				at[o.ing] = len(owners)
				owners = append(owners, own{ing: o.ing, ri: ri, ord: m.ordOf(o.ing)})
			}
		}
		slices.SortFunc(owners, func(a, b own) int {
			return m.compareSources(source{ing: a.ing, ord: a.ord}, source{ing: b.ing, ord: b.ord})
		})
	}
	var out []diagnostic
	for _, o := range owners[min(1, len(owners)):] {
		first := owners[0].ing
		out = append(out, diagnostic{phase: phaseShared, ri: o.ri, Diagnostic: ingress.Diagnostic{
			Kind: HostShared, Severity: ingress.Info, Object: o.ing, Field: "spec.rules",
			Message: fmt.Sprintf("host %s is also served by %s (older in the tie-break order); the paths of %d Ingresses are merged for it",
				hostLabel(g.host), ingress.ObjectName(first), len(owners)),
			Related: first}})
	}
	return out
}
