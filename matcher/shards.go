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
	t     table
	slots []hostSlot
}

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
	for i := h & t.mask; ; i = (i + 1) & t.mask {
		v := t.idx[i]
		if v == 0 {
			return nil
		}
		if v>>32 != h>>32 {
			continue
		}
		sl := &s.slots[uint32(v)-1]
		if sl.hash == h && sl.wildcard == wildcard && equalLower(sl.key, name) {
			return sl.g
		}
	}
}

// buildShard indexes slots.
func buildShard(slots []hostSlot) *hostShard {
	s := &hostShard{t: newTable(len(slots)), slots: slots}
	for i := range slots {
		s.t.insert(slots[i].hash, i)
	}
	return s
}

// newHostIndex indexes slots, which it keeps.
func newHostIndex(slots []hostSlot) hostIndex {
	x := hostIndex{bits: shardBits(len(slots)), n: len(slots)}
	per := make([][]hostSlot, 1<<x.bits)
	for _, s := range slots {
		per[x.shard(s.hash)] = append(per[x.shard(s.hash)], s)
		if s.wildcard {
			x.wild++
		}
	}
	x.shards = make([]*hostShard, len(per))
	for i, p := range per {
		x.shards[i] = buildShard(p)
	}
	return x
}

// with returns the index with the group of each slot's key set to the
// slot's group, or removed when that is nil. x is unchanged: only the
// shards the slots fall in are copied.
func (x *hostIndex) with(changes []hostSlot) hostIndex {
	y := hostIndex{bits: x.bits, n: x.n, wild: x.wild}
	if len(x.shards) == 0 {
		y.bits, y.shards = 0, []*hostShard{buildShard(nil)}
	} else {
		y.shards = slices.Clone(x.shards)
	}
	byShard := map[int][]hostSlot{}
	for _, c := range changes {
		byShard[y.shard(c.hash)] = append(byShard[y.shard(c.hash)], c)
	}
	for i, cs := range byShard {
		slots := slices.Clone(y.shards[i].slots)
		moved := false // whether a host comes or goes: the table changes
		for _, c := range cs {
			at := slices.IndexFunc(slots, func(s hostSlot) bool { return s.hash == c.hash && s.wildcard == c.wildcard && s.key == c.key })
			switch {
			case at >= 0 && c.g != nil:
				slots[at] = c
			case at >= 0:
				moved = true
				slots = slices.Delete(slots, at, at+1)
				y.n--
				if c.wildcard {
					y.wild--
				}
			case c.g != nil:
				moved = true
				slots = append(slots, c)
				y.n++
				if c.wildcard {
					y.wild++
				}
			}
		}
		if moved {
			y.shards[i] = buildShard(slots)
		} else {
			y.shards[i] = &hostShard{t: y.shards[i].t, slots: slots} // same places
		}
	}
	if y.n > 4*perShard<<y.bits || y.n < perShard<<y.bits/4 && y.bits > 0 {
		return newHostIndex(y.all())
	}
	return y
}

// all returns every slot, shard by shard.
func (x *hostIndex) all() []hostSlot {
	out := make([]hostSlot, 0, x.n)
	for _, s := range x.shards {
		out = append(out, s.slots...)
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
// given twice to Compile holds both).
type nameIndex struct {
	shards []map[types.NamespacedName][]*ingRec
	bits   uint
	n      int
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

func (x *nameIndex) shard(seed maphash.Seed, k types.NamespacedName) int {
	return int(nameHash(seed, k) >> (64 - x.bits) & (1<<x.bits - 1))
}

// get returns the Ingresses of a name.
func (x *nameIndex) get(seed maphash.Seed, k types.NamespacedName) []*ingRec {
	if x.n == 0 {
		return nil
	}
	return x.shards[x.shard(seed, k)][k]
}

// newNameIndex indexes recs.
func newNameIndex(seed maphash.Seed, recs []*ingRec) nameIndex {
	x := nameIndex{bits: shardBits(len(recs)), n: len(recs)}
	x.shards = make([]map[types.NamespacedName][]*ingRec, 1<<x.bits)
	for _, r := range recs {
		k := nameOf(r.ing)
		i := x.shard(seed, k)
		if x.shards[i] == nil {
			x.shards[i] = map[types.NamespacedName][]*ingRec{}
		}
		x.shards[i][k] = append(x.shards[i][k], r)
	}
	return x
}

// with returns the index with every name in set replaced by its Ingresses
// there (none: removed). x is unchanged: only the shards of those names are
// copied.
func (x *nameIndex) with(seed maphash.Seed, set map[types.NamespacedName][]*ingRec) nameIndex {
	y := nameIndex{bits: x.bits, n: x.n}
	if len(x.shards) == 0 {
		y.bits, y.shards = 0, make([]map[types.NamespacedName][]*ingRec, 1)
	} else {
		y.shards = slices.Clone(x.shards)
	}
	copied := map[int]bool{}
	for k, recs := range set {
		i := y.shard(seed, k)
		if !copied[i] {
			m := make(map[types.NamespacedName][]*ingRec, len(y.shards[i])+1)
			for k, v := range y.shards[i] {
				m[k] = v
			}
			y.shards[i], copied[i] = m, true
		}
		y.n += len(recs) - len(y.shards[i][k])
		if len(recs) == 0 {
			delete(y.shards[i], k)
		} else {
			y.shards[i][k] = recs
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
		for _, recs := range s {
			out = append(out, recs...)
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
	slots   []pathSlot
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

func (sl *slab) slotBuf() *[]pathSlot {
	if sl == nil {
		return nil
	}
	return &sl.slots
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
	t := table{idx: sl.idx[:size:size], mask: uint64(size - 1)}
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
