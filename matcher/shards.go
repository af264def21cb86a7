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
// its place in the shard.
//
// A shard is an open-addressed table of words, each the key's full hash
// beside its group's pointer, so that a lookup reads the shard's slice
// header (in the index's one array), one word and then the group: no
// separate array of groups to chase. Update copies the array of slice
// headers (24 bytes per 64 hosts) and rebuilds the shards it touches.
type hostIndex struct {
	shards [][]hostWord
	bits   uint
	n      int // hosts
	wild   int // wildcard hosts among them
}

// hostWord is one place of a host shard: empty when g is nil.
type hostWord struct {
	hash uint64
	g    *group
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
	mask := uint64(len(s) - 1)
	for i := h & mask; ; i = (i + 1) & mask {
		w := &s[i]
		if w.g == nil {
			return nil
		}
		if w.hash == h && w.g.wildcard() == wildcard && equalLower(w.g.hostKey(), name) {
			return w.g
		}
	}
}

// fillShard puts the groups of words (each with its hash) into s, a table
// of tableSize(len(words)) empty words.
func fillShard(s []hostWord, words []hostWord) {
	mask := uint64(len(s) - 1)
	for _, w := range words {
		i := w.hash & mask
		for s[i].g != nil {
			i = (i + 1) & mask
		}
		s[i] = w
	}
}

// newHostIndex indexes groups, none of them the catch-all.
func newHostIndex(groups []*group, hs *hasher) hostIndex {
	x := hostIndex{bits: shardBits(len(groups)), n: len(groups)}
	count := make([]int, 1<<x.bits)
	words := make([]hostWord, len(groups))
	for i, g := range groups {
		words[i] = hostWord{hash: hs.host(g.hostKey()), g: g}
		count[x.shard(words[i].hash)]++
		if g.wildcard() {
			x.wild++
		}
	}
	// Each shard is an allocation of its own: one array for all of them
	// would keep, after Update replaced a shard, the old shard's words and
	// through them the replaced groups alive as long as any shard is.
	x.shards = make([][]hostWord, len(count))
	for i, c := range count {
		x.shards[i] = make([]hostWord, tableSize(c))
	}
	per := make([][]hostWord, len(count))
	for _, w := range words {
		per[x.shard(w.hash)] = append(per[x.shard(w.hash)], w)
	}
	for i, ws := range per {
		fillShard(x.shards[i], ws)
	}
	return x
}

// with returns the index with the group of each slot's key set to the
// slot's group, or removed when that is nil. x is unchanged: only the
// shards the slots fall in are copied.
func (x *hostIndex) with(changes []hostSlot, hs *hasher) hostIndex {
	y := hostIndex{bits: x.bits, n: x.n, wild: x.wild}
	if len(x.shards) == 0 {
		y.bits, y.shards = 0, [][]hostWord{make([]hostWord, tableSize(0))}
	} else {
		y.shards = slices.Clone(x.shards)
	}
	byShard := map[int][]hostSlot{}
	for _, c := range changes {
		byShard[y.shard(c.hash)] = append(byShard[y.shard(c.hash)], c)
	}
	for i, cs := range byShard {
		if y.replace(i, cs) {
			continue
		}
		var words []hostWord
		for _, w := range y.shards[i] {
			if w.g != nil {
				words = append(words, w)
			}
		}
		for _, c := range cs {
			at := slices.IndexFunc(words, func(w hostWord) bool {
				return w.hash == c.hash && w.g.wildcard() == c.wildcard && w.g.hostKey() == c.key
			})
			switch {
			case at >= 0 && c.g != nil:
				words[at].g = c.g
			case at >= 0:
				words = slices.Delete(words, at, at+1)
				y.n--
				if c.wildcard {
					y.wild--
				}
			case c.g != nil:
				words = append(words, hostWord{hash: c.hash, g: c.g})
				y.n++
				if c.wildcard {
					y.wild++
				}
			}
		}
		y.shards[i] = make([]hostWord, tableSize(len(words)))
		fillShard(y.shards[i], words)
	}
	if y.n > 4*perShard<<y.bits || y.n < perShard<<y.bits/4 && y.bits > 0 {
		return newHostIndex(y.all(), hs)
	}
	return y
}

// replace sets the groups of changes in shard i, a shard shared with
// another index, when every change replaces the group of a key the shard
// has (the common update: an Ingress changes the paths of its hosts); it
// reports false, leaving the shard alone, when a key comes or goes.
func (y *hostIndex) replace(i int, changes []hostSlot) bool {
	old := y.shards[i]
	at := make([]int, len(changes))
	for ci, c := range changes {
		at[ci] = -1
		mask := uint64(len(old) - 1)
		for j := c.hash & mask; old[j].g != nil; j = (j + 1) & mask {
			if w := old[j]; w.hash == c.hash && w.g.wildcard() == c.wildcard && w.g.hostKey() == c.key {
				at[ci] = int(j)
				break
			}
		}
		if at[ci] < 0 || c.g == nil {
			return false
		}
	}
	s := slices.Clone(old)
	for ci, c := range changes {
		s[at[ci]].g = c.g
	}
	y.shards[i] = s
	return true
}

// all returns every group, shard by shard.
func (x *hostIndex) all() []*group {
	out := make([]*group, 0, x.n)
	for _, s := range x.shards {
		for _, w := range s {
			if w.g != nil {
				out = append(out, w.g)
			}
		}
	}
	return out
}

// ingRec is what the Matcher keeps of one Ingress besides its paths.
type ingRec struct {
	ing *networkingv1.Ingress
	// ord orders Ingresses that the tie-break order holds equal (an Order
	// that ties): their place in Compile's input, then Update's order of
	// arrival.
	ord uint64
	// diags are its skipped paths and invalid fields, in field order.
	diags []ingress.Diagnostic
	// hasDef records whether it had a default backend when given.
	hasDef bool
	// groups are the keys of the host groups it has usable paths in.
	groups []groupKey
	// tops are the top 16 bits of the hashes of its indexed paths' keys,
	// group by group (those of groups[i] end at topsEnd[i]): in a group
	// split into parts they say which parts the Ingress occupies, so that
	// Update need not read the Ingress again to take it out (its caller
	// may have changed it).
	tops    []uint16
	topsEnd []int32
}

// topsIn returns the tops of r's paths in groups[i].
func (r *ingRec) topsIn(i int) []uint16 {
	start := int32(0)
	if i > 0 {
		start = r.topsEnd[i-1]
	}
	return r.tops[start:r.topsEnd[i]]
}

// setTops records the top 16 bits of the key hashes of the indexed paths
// of gcs, the groups of r in order.
func (r *ingRec) setTops(gcs []groupCands) {
	n := 0
	for _, gc := range gcs {
		n += len(gc.cands)
	}
	r.tops, r.topsEnd = make([]uint16, 0, n), make([]int32, len(gcs))
	for i, gc := range gcs {
		for _, c := range gc.cands {
			if c.e.at != 0 {
				r.tops = append(r.tops, uint16(c.h>>48))
			}
		}
		r.topsEnd[i] = int32(len(r.tops))
	}
}

// nameIndex holds every Ingress of a Matcher by namespace and name (one
// per name: Compile keeps the last of a name given twice). A shard is a short list, searched by
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
// when buf holds fewer than n (an empty slab's never does).
func take[T any](buf *[]T, n int) []T {
	if len(*buf) < n {
		return make([]T, 0, n)
	}
	s := (*buf)[:0:n]
	*buf = (*buf)[n:]
	return s
}

// table returns an empty table for n slots.
func (sl *slab) table(n int) table {
	size := tableSize(n)
	if len(sl.idx) < size {
		return newTable(n)
	}
	t := table{idx: sl.idx[:size:size]}
	sl.idx = sl.idx[size:]
	return t
}

// group returns a zero group.
func (sl *slab) group() *group {
	if len(sl.groups) == 0 {
		return &group{}
	}
	g := &sl.groups[0]
	sl.groups = sl.groups[1:]
	return g
}
