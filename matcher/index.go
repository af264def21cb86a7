package matcher

// The index: two open-addressing hash tables over FNV-1a hashes that are
// computed incrementally, so that one pass over a request path yields the
// hash of every prefix that ends at a path boundary, and one pass over a host
// (right to left) yields the hash of the whole host and of its suffix after
// the first label.

const (
	fnvOffset = 14695981039346656037
	fnvPrime  = 1099511628211
)

// groupSeed is the initial hash of every path key of a host group, so that
// equal paths of different groups land in different places.
func groupSeed(g int32) uint64 {
	return fnvOffset ^ (uint64(g)+1)*0x9e3779b97f4a7c15
}

// hashString hashes s from a seed as the lookup loop does, byte by byte.
func hashString(seed uint64, s string) uint64 {
	h := seed
	for i := 0; i < len(s); i++ {
		h = (h ^ uint64(s[i])) * fnvPrime
	}
	return h
}

// hostHashes hashes a host name right to left, lower-casing ASCII letters.
// full is the hash of the whole name; suffix is the hash of name[dot:], where
// dot is the index of the first '.' (-1 when there is none). A key is stored
// with the full hash of its own lower-case text, so the hash of "bar.foo.com"'s
// suffix equals the hash of the wildcard key ".foo.com".
func hostHashes(name string) (full, suffix uint64, dot int) {
	h := uint64(fnvOffset)
	dot = -1
	for i := len(name) - 1; i >= 0; i-- {
		c := name[i]
		if 'A' <= c && c <= 'Z' {
			c += 'a' - 'A'
		}
		h = (h ^ uint64(c)) * fnvPrime
		if c == '.' {
			suffix, dot = h, i
		}
	}
	return h, suffix, dot
}

func mix(h uint64) uint64 { return h ^ h>>29 ^ h>>47 }

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

// table is an open-addressing index over slots: idx holds slot numbers plus
// one (0 is empty), at a load factor of at most one half.
type table struct {
	idx  []uint32
	mask uint64
}

func newTable(n int) table {
	size := 8
	for size < 2*n {
		size *= 2
	}
	return table{idx: make([]uint32, size), mask: uint64(size - 1)}
}

func (t *table) insert(h uint64, slot int) {
	for i := mix(h) & t.mask; ; i = (i + 1) & t.mask {
		if t.idx[i] == 0 {
			t.idx[i] = uint32(slot + 1)
			return
		}
	}
}

// findPath returns the slot of key in group g, whose hash is h, or nil.
func (m *Matcher) findPath(h uint64, g int32, key string) *pathSlot {
	t := &m.pathTable
	for i := mix(h) & t.mask; ; i = (i + 1) & t.mask {
		v := t.idx[i]
		if v == 0 {
			return nil
		}
		s := &m.pathSlots[v-1]
		if s.hash == h && s.group == g && s.key == key {
			return s
		}
	}
}

// findHost returns the group of a host key (lower-case, compared
// case-insensitively with name), or -1.
func (m *Matcher) findHost(h uint64, name string, wildcard bool) int32 {
	t := &m.hostTable
	for i := mix(h) & t.mask; ; i = (i + 1) & t.mask {
		v := t.idx[i]
		if v == 0 {
			return -1
		}
		s := &m.hostSlots[v-1]
		if s.hash == h && s.wildcard == wildcard && equalLower(s.key, name) {
			return s.group
		}
	}
}

// equalLower reports whether name equals the lower-case key, ignoring the
// case of ASCII letters in name.
func equalLower(key, name string) bool {
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
