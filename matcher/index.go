package matcher

import "math/bits"

// The index: two open-addressing hash tables. Keys are hashed eight bytes
// at a time, so the lookup of a request path folds each word of the path
// into the hash once and finishes the hash of a prefix only at the
// boundaries where a key of that length exists in the host group (a bitset
// of key lengths per group says where). Hosts are lower-cased eight bytes at
// a time while they are hashed.

const (
	prime1 = 0x9e3779b185ebca87
	prime2 = 0xc2b2ae3d27d4eb4f
	prime3 = 0x165667b19e3779f9
)

// groupSeed is the initial hash of every path key of a host group, so that
// equal paths of different groups land in different places.
func groupSeed(g int32) uint64 { return (uint64(g) + 1) * prime3 }

// hostSeed is the initial hash of host keys.
const hostSeed = prime2

func load64(s string, i int) uint64 {
	_ = s[i+7]
	return uint64(s[i]) | uint64(s[i+1])<<8 | uint64(s[i+2])<<16 | uint64(s[i+3])<<24 |
		uint64(s[i+4])<<32 | uint64(s[i+5])<<40 | uint64(s[i+6])<<48 | uint64(s[i+7])<<56
}

// loadTail returns s[i:j], fewer than eight bytes, as a little-endian word.
func loadTail(s string, i, j int) uint64 {
	if i+8 <= len(s) {
		return load64(s, i) & (1<<(8*uint(j-i)) - 1)
	}
	var w uint64
	for k := j - 1; k >= i; k-- {
		w = w<<8 | uint64(s[k])
	}
	return w
}

func step(h, w uint64) uint64 { return bits.RotateLeft64((h^w)*prime1, 31) }

func finish(h, tail uint64, n int) uint64 {
	h = step(h, tail) ^ uint64(n)
	h *= prime2
	return h ^ h>>29
}

// hashKey hashes s from a seed as the lookup loop hashes a prefix.
func hashKey(seed uint64, s string) uint64 {
	h, i := seed, 0
	for ; i+8 <= len(s); i += 8 {
		h = step(h, load64(s, i))
	}
	return finish(h, loadTail(s, i, len(s)), len(s))
}

// lower8 lower-cases the ASCII letters of a word of ASCII bytes.
func lower8(w uint64) uint64 {
	const ones = 0x0101010101010101
	ge := w + 0x3f*ones // high bit set where byte >= 'A'
	gt := w + 0x25*ones // high bit set where byte > 'Z'
	return w | (ge&^gt&(0x80*ones))>>2
}

// hashHost hashes a host name (ASCII, as hostmatch.SplitHost returns it)
// lower-cased, so that it equals hashKey(hostSeed, strings.ToLower(name)).
func hashHost(name string) uint64 {
	h, i := uint64(hostSeed), 0
	for ; i+8 <= len(name); i += 8 {
		h = step(h, lower8(load64(name, i)))
	}
	return finish(h, lower8(loadTail(name, i, len(name))), len(name))
}

// pathSlot holds, for one key of one host group, the winning entry among the
// paths indexed under that key, as it applies at each kind of position: the
// key is the whole request path (atEnd), the key is followed by '/' in the
// request path (atSlash), or followed by anything else (atAny, only for
// ImplementationSpecific paths read as string prefixes).
type pathSlot struct {
	hash  uint64
	key   string
	group int32
	// The best entry of each kind indexed under the key, -1 when none.
	exact, prefix, specific int32
	atEnd, atSlash, atAny   int32
}

type hostSlot struct {
	hash     uint64
	key      string // lower-case; a wildcard key is the suffix with its dot
	wildcard bool
	group    int32
}

// table is an open-addressing index over slots at a load factor of at most
// one half. Each word holds the high half of the slot's hash (a tag that
// turns most probes for absent keys away without reading the slot) and the
// slot number plus one (0 is empty).
type table struct {
	idx  []uint64
	mask uint64
}

func newTable(n int) table {
	size := 8
	for size < 2*n {
		size *= 2
	}
	return table{idx: make([]uint64, size), mask: uint64(size - 1)}
}

func (t *table) insert(h uint64, slot int) {
	for i := h & t.mask; ; i = (i + 1) & t.mask {
		if t.idx[i] == 0 {
			t.idx[i] = h&^0xffffffff | uint64(slot+1)
			return
		}
	}
}

// findPath returns the slot of key in group g, whose hash is h, or nil.
func (m *Matcher) findPath(h uint64, g int32, key string) *pathSlot {
	t := &m.pathTable
	for i := h & t.mask; ; i = (i + 1) & t.mask {
		v := t.idx[i]
		if v == 0 {
			return nil
		}
		if v>>32 != h>>32 {
			continue
		}
		s := &m.pathSlots[uint32(v)-1]
		if s.hash == h && s.group == g && s.key == key {
			return s
		}
	}
}

// findHost returns the group of a host key (lower-case, compared
// case-insensitively with name), or -1.
func (m *Matcher) findHost(h uint64, name string, wildcard bool) int32 {
	t := &m.hostTable
	for i := h & t.mask; ; i = (i + 1) & t.mask {
		v := t.idx[i]
		if v == 0 {
			return -1
		}
		if v>>32 != h>>32 {
			continue
		}
		s := &m.hostSlots[uint32(v)-1]
		if s.hash == h && s.wildcard == wildcard && equalLower(s.key, name) {
			return s.group
		}
	}
}

// equalLower reports whether name equals the lower-case key, ignoring the
// case of ASCII letters in name.
func equalLower(key, name string) bool {
	if key == name {
		return true
	}
	if len(key) != len(name) {
		return false
	}
	for i := 0; i < len(key); i++ {
		c := name[i]
		if 'A' <= c && c <= 'Z' {
			c += 'a' - 'A'
		}
		if c != key[i] {
			return false
		}
	}
	return true
}

// lengths is a set of key lengths: bit k for length k < 63, bit 63 for
// every length from 63 on.
type lengths uint64

func (l *lengths) add(n int) { *l |= 1 << min(n, 63) }

func (l lengths) has(n int) bool { return l>>min(n, 63)&1 != 0 }
