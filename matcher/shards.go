// This file holds the two indexes that Update shares between Matchers: the
// host index (host key → host group) and the name index (namespace/name →
// Ingress). Both are split into shards by hash, each shard small, so that a
// change copies the slice of shards (a word or a few per shard) and the
// shards it touches, never every host or every Ingress.

package matcher

import (
	"hash/maphash"
	"slices"

	"github.com/ingresslib/ingress"
	networkingv1 "k8s.io/api/networking/v1"
	"k8s.io/apimachinery/pkg/types"
)

// perShard is the number of keys a shard holds on average after a rebuild;
// a shard set is rebuilt with more shards once it averages four times that.
const perShard = 64

// shardBits returns the number of hash bits that pick a shard for n keys.
func shardBits(n int) uint {
	b := uint(0)
	for n > perShard<<b {
		b++
	}
	return b
}

// hostIndex maps the key of every host group but the catch-all to the
// group: the lower-case exact host, or a wildcard's suffix with its dot
// (".foo.com"). The top bits of a key's hash pick its shard, the low bits
// its place in the shard's table.
type hostIndex struct {
	shards []*hostShard // by pointer: Update copies this slice
	bits   uint
	n      int // hosts
	wild   int // wildcard hosts among them
}

type hostShard struct {
	t      table
	groups []*group
}

// hostSlot is a host key with its hash and group: what the index holds
// for the key, or, with a nil group, the removal of the key.
type hostSlot struct {
	hash     uint64
	key      string // lower-case; a wildcard key is the suffix with its dot
	wildcard bool
	g        *group
}

// shard returns the shard of hash h. 64-bit shifts by 64 are 0 in Go.
func (x *hostIndex) shard(h uint64) int { return int(h >> (64 - x.bits) & (1<<x.bits - 1)) }

// find returns the group of a host key (lower-case, compared
// case-insensitively with name) whose hash is h, or nil.
func (x *hostIndex) find(h uint64, name string, wildcard bool) *group {
	if x.n == 0 {
		return nil
	}
	s := x.shards[x.shard(h)]
	t := &s.t
	mask := t.mask()
	for i := h & mask; ; i = (i + 1) & mask {
		v := t.idx[i]
		if v == 0 {
			return nil
		}
		if v>>32 != h>>32 {
			continue
		}
		if g := s.groups[uint32(v)-1]; g.wildcard() == wildcard && equalLower(g.hostKey(), name) {
			return g
		}
	}
}

// buildShard indexes groups.
func buildShard(groups []*group, hs *hasher) *hostShard {
	s := &hostShard{t: newTable(len(groups)), groups: groups}
	for i, g := range groups {
		s.t.insert(hs.host(g.hostKey()), i)
	}
	return s
}

// newHostIndex indexes groups, none of them the catch-all.
func newHostIndex(groups []*group, hs *hasher) hostIndex {
	x := hostIndex{bits: shardBits(len(groups)), n: len(groups)}
	count := make([]int32, 1<<x.bits)
	hashes := make([]uint64, len(groups))
	for i, g := range groups {
		hashes[i] = hs.host(g.hostKey())
		count[x.shard(hashes[i])]++
		if g.wildcard() {
			x.wild++
		}
	}
	// One array for all shards, each cut to its exact length.
	all := make([]*group, len(groups))
	per := make([][]*group, len(count))
	at := 0
	for i, c := range count {
		per[i] = all[at : at : at+int(c)]
		at += int(c)
	}
	pos := make([]int32, len(groups)) // each group's place in its shard
	for i, g := range groups {
		s := x.shard(hashes[i])
		pos[i] = int32(len(per[s]))
		per[s] = append(per[s], g)
	}
	// The shards and their tables come from one allocation each, so that a
	// lookup's first steps stay in a compact region.
	shards := make([]hostShard, len(per))
	words := 0
	for _, p := range per {
		words += tableSize(len(p))
	}
	idx := make([]uint64, words)
	x.shards = make([]*hostShard, len(per))
	for i, p := range per {
		size := tableSize(len(p))
		shards[i] = hostShard{t: table{idx: idx[:size:size]}, groups: p}
		idx = idx[size:]
		x.shards[i] = &shards[i]
	}
	for i := range groups {
		x.shards[x.shard(hashes[i])].t.insert(hashes[i], int(pos[i]))
	}
	return x
}

// with returns the index with the group of each slot's key set to the
// slot's group, or removed when that is nil. x is unchanged: only the
// shards the slots fall in are copied.
func (x *hostIndex) with(changes []hostSlot, hs *hasher) hostIndex {
	y := hostIndex{bits: x.bits, n: x.n, wild: x.wild}
	if len(x.shards) == 0 {
		y.bits, y.shards = 0, []*hostShard{buildShard(nil, hs)}
	} else {
		y.shards = slices.Clone(x.shards)
	}
	byShard := map[int][]hostSlot{}
	for _, c := range changes {
		byShard[y.shard(c.hash)] = append(byShard[y.shard(c.hash)], c)
	}
	for i, cs := range byShard {
		groups := slices.Clone(y.shards[i].groups)
		moved := false // whether a host comes or goes: the table changes
		for _, c := range cs {
			at := slices.IndexFunc(groups, func(g *group) bool {
				return g.wildcard() == c.wildcard && g.hostKey() == c.key
			})
			switch {
			case at >= 0 && c.g != nil:
				groups[at] = c.g
			case at >= 0:
				moved = true
				groups = slices.Delete(groups, at, at+1)
				y.n--
				if c.wildcard {
					y.wild--
				}
			case c.g != nil:
				moved = true
				groups = append(groups, c.g)
				y.n++
				if c.wildcard {
					y.wild++
				}
			}
		}
		if moved {
			y.shards[i] = buildShard(groups, hs)
		} else {
			y.shards[i] = &hostShard{t: y.shards[i].t, groups: groups} // same places
		}
	}
	if y.n > 4*perShard<<y.bits || y.n < perShard<<y.bits/4 && y.bits > 0 {
		return newHostIndex(y.all(), hs)
	}
	return y
}

// all returns every group, shard by shard.
func (x *hostIndex) all() []*group {
	out := make([]*group, 0, x.n)
	for _, s := range x.shards {
		out = append(out, s.groups...)
	}
	return out
}

// ingRec is what the Matcher keeps of one Ingress besides its paths.
type ingRec struct {
	ing *networkingv1.Ingress
	// ord orders Ingresses that the tie-break order holds equal (the same
	// namespace and name given twice to Compile, or an Order that ties):
	// their place in Compile's input, then Update's order of arrival.
	ord uint64
	// diags are its skipped paths and invalid fields, in field order.
	diags []ingress.Diagnostic
	// groups are the keys of the host groups it has usable paths in.
	groups []groupKey
}

// nameIndex holds every Ingress of a Matcher by namespace and name (a name
// given twice to Compile holds both). A shard is a short list, searched by
// hash: copying it for an update costs less than copying a map.
type nameIndex struct {
	shards []*nameShard
	bits   uint
	n      int // Ingresses
}

type nameShard struct{ names []nameEntry }

type nameEntry struct {
	hash uint64
	key  types.NamespacedName
	recs []*ingRec
}

func nameHash(seed maphash.Seed, k types.NamespacedName) uint64 {
	var h maphash.Hash
	h.SetSeed(seed)
	h.WriteString(k.Namespace)
	h.WriteByte('/')
	h.WriteString(k.Name)
	return h.Sum64()
}

func nameOf(ing *networkingv1.Ingress) types.NamespacedName {
	return types.NamespacedName{Namespace: ing.Namespace, Name: ing.Name}
}

func (x *nameIndex) shard(h uint64) int { return int(h >> (64 - x.bits) & (1<<x.bits - 1)) }

// find returns the place of a name in a shard's list, or -1.
func (s *nameShard) find(h uint64, k types.NamespacedName) int {
	for i := range s.names {
		if e := &s.names[i]; e.hash == h && e.key == k {
			return i
		}
	}
	return -1
}

// get returns the Ingresses of a name.
func (x *nameIndex) get(seed maphash.Seed, k types.NamespacedName) []*ingRec {
	if x.n == 0 {
		return nil
	}
	h := nameHash(seed, k)
	s := x.shards[x.shard(h)]
	if i := s.find(h, k); i >= 0 {
		return s.names[i].recs
	}
	return nil
}

// newNameIndex indexes recs.
func newNameIndex(seed maphash.Seed, recs []*ingRec) nameIndex {
	x := nameIndex{bits: shardBits(len(recs)), n: len(recs)}
	x.shards = make([]*nameShard, 1<<x.bits)
	for i := range x.shards {
		x.shards[i] = &nameShard{}
	}
	for _, r := range recs {
		k := nameOf(r.ing)
		h := nameHash(seed, k)
		s := x.shards[x.shard(h)]
		if i := s.find(h, k); i >= 0 {
			s.names[i].recs = append(s.names[i].recs, r)
		} else {
			s.names = append(s.names, nameEntry{hash: h, key: k, recs: []*ingRec{r}})
		}
	}
	return x
}

// with returns the index with every name in set replaced by its Ingresses
// there (none: removed). x is unchanged: only the shards of those names are
// copied.
func (x *nameIndex) with(seed maphash.Seed, set map[types.NamespacedName][]*ingRec) nameIndex {
	y := nameIndex{bits: x.bits, n: x.n}
	if len(x.shards) == 0 {
		y.bits, y.shards = 0, []*nameShard{{}}
	} else {
		y.shards = slices.Clone(x.shards)
	}
	copied := map[int]bool{}
	for k, recs := range set {
		h := nameHash(seed, k)
		i := y.shard(h)
		if !copied[i] {
			y.shards[i], copied[i] = &nameShard{names: slices.Clone(y.shards[i].names)}, true
		}
		s := y.shards[i]
		at := s.find(h, k)
		switch {
		case at >= 0 && len(recs) > 0:
			y.n += len(recs) - len(s.names[at].recs)
			s.names[at].recs = recs
		case at >= 0:
			y.n -= len(s.names[at].recs)
			s.names = slices.Delete(s.names, at, at+1)
		case len(recs) > 0:
			y.n += len(recs)
			s.names = append(s.names, nameEntry{hash: h, key: k, recs: recs})
		}
	}
	if y.n > 4*perShard<<y.bits || y.n < perShard<<y.bits/4 && y.bits > 0 {
		return newNameIndex(seed, y.all())
	}
	return y
}

// all returns every Ingress, in no particular order.
func (x *nameIndex) all() []*ingRec {
	out := make([]*ingRec, 0, x.n)
	for _, s := range x.shards {
		for _, e := range s.names {
			out = append(out, e.recs...)
		}
	}
	return out
}

// slab holds the arrays Compile cuts every host group's from: a few large
// allocations instead of several per group, and no rounding up to the
// allocator's size classes. The price: a Matcher derived by Update keeps a
// slab alive until every group cut from it has been rebuilt.
type slab struct {
	cands   []cand
	entries []entry
	pslots  []byte
	idx     []uint64
	groups  []group
	owners  []owner
}

// take returns an empty slice of capacity n cut from *buf, or allocated
// when buf is nil or holds fewer than n.
func take[T any](buf *[]T, n int) []T {
	if buf == nil || len(*buf) < n {
		return make([]T, 0, n)
	}
	s := (*buf)[:0:n]
	*buf = (*buf)[n:]
	return s
}

func (sl *slab) candBuf() *[]cand {
	if sl == nil {
		return nil
	}
	return &sl.cands
}

func (sl *slab) entryBuf() *[]entry {
	if sl == nil {
		return nil
	}
	return &sl.entries
}

func (sl *slab) slotBuf() *[]byte {
	if sl == nil {
		return nil
	}
	return &sl.pslots
}

func (sl *slab) ownerBuf() *[]owner {
	if sl == nil {
		return nil
	}
	return &sl.owners
}

// table returns an empty table for n slots.
func (sl *slab) table(n int) table {
	size := tableSize(n)
	if sl == nil || len(sl.idx) < size {
		return newTable(n)
	}
	t := table{idx: sl.idx[:size:size]}
	sl.idx = sl.idx[size:]
	return t
}

// group returns a zero group.
func (sl *slab) group() *group {
	if sl == nil || len(sl.groups) == 0 {
		return &group{}
	}
	g := &sl.groups[0]
	sl.groups = sl.groups[1:]
	return g
}
