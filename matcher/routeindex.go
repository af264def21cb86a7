// This file holds routeIndex, the lookup the dialects' engines share: among
// the path conditions of one host, kept in the order in which a controller
// tries them, it finds the first that matches a request path without trying
// them one by one.
//
// A controller (Envoy's route table, Traefik's routers, an HAProxy map
// file, nginx's prefix locations) tries its path conditions in an order of
// its own and takes the first that matches. Every such condition that is
// not a regular expression is a key the request path must start with and
// a set of ways the path may go on after it:
//
//	condition                                  key           continuations
//	exact (Envoy path, Traefik Path, map_str)  the path      end
//	segment prefix (path_separated_prefix)     without '/'   end, '/'
//	HAProxy map_dir                            without '/?'  end, '/', '?'
//	string prefix (Envoy prefix, PathPrefix,   the prefix    any
//	map_beg, nginx prefix location)
//	every path (Istio's "/*", a router         ""            any
//	without path)
//
// The index maps each key to a slot holding, for each continuation, the
// position (in the controller's order) of the first condition with that
// key and continuation. A lookup probes the prefixes of the request path at
// the lengths some key has and keeps the smallest position among the slots
// that match how the path goes on: that is the first condition that
// matches. Regular expressions are not indexed; each engine tries them in
// order, only while their position is below the best found here.
//
// # Work per lookup
//
// The prefixes are hashed as the default index hashes them (prefixHasher:
// hash/maphash below 63 bytes, SipHash-1-3 run once along longer prefixes,
// both keyed per Compile), so a lookup costs O(n + number of key lengths up
// to n) hashing and probes for a path of n bytes, and never depends on the
// number of conditions. A key-length set is a bitmap, one bit per length up
// to the longest key, so lengths nobody uses are skipped a word at a time.
// An index that folds case (HAProxy's map_beg after its lower converter)
// lower-cases the path's ASCII letters as it hashes and compares them.

package matcher

import (
	"math/bits"

	"github.com/ingresslib/ingress/internal/hostname"
)

// contOf values: where a request path goes on after a key.
const (
	contEnd   = iota // the path ends with the key
	contSlash        // '/'
	contQuery        // '?'
	contOther        // any other byte
)

// Sets of continuations (bit 1<<contX) for routeIndex.add.
const (
	onEnd     = 1 << contEnd
	onSegment = onEnd | 1<<contSlash
	onDir     = onSegment | 1<<contQuery
	onAny     = onDir | 1<<contOther
)

// contOf returns where path goes on after its first k bytes.
func contOf(path string, k int) int {
	switch {
	case k >= len(path):
		return contEnd
	case path[k] == '/':
		return contSlash
	case path[k] == '?':
		return contQuery
	}
	return contOther
}

// routeIndex finds the first of a host's path conditions, in a controller's
// order, that matches a request path; see the file comment. It is built by
// add and freeze, then immutable.
type routeIndex struct {
	table  table
	slots  []routeSlot
	lens   []uint64 // bit k of word k/64: some key has k bytes
	maxKey int
	other  bool // some key matches whatever byte follows it (a string prefix)
	fold   bool // keys are lower-case and match the path's ASCII letters in any case

	building map[string]int32 // key → slot, until freeze
}

// routeSlot is one key and, per continuation, the position of the first
// condition with that key that matches there (-1 for none).
type routeSlot struct {
	key   string
	first [4]int32
}

// newRouteIndex returns an empty index; fold makes it ignore the case of
// ASCII letters (HAProxy's lower converter).
func newRouteIndex(fold bool) *routeIndex {
	return &routeIndex{fold: fold, building: map[string]int32{}}
}

// add records a condition at position pos that matches a request path
// starting with key and going on as conts (onEnd, onSegment, onDir,
// onAny) says. Of conditions with the same key and continuation the one at
// the lower position is kept. The index must not be frozen.
func (x *routeIndex) add(key string, conts uint8, pos int32) {
	if x.fold {
		key = asciiLower(key)
	}
	i, ok := x.building[key]
	if !ok {
		i = int32(len(x.slots))
		x.building[key] = i
		x.slots = append(x.slots, routeSlot{key: key, first: [4]int32{-1, -1, -1, -1}})
		x.maxKey = max(x.maxKey, len(key))
	}
	s := &x.slots[i]
	for c := contEnd; c <= contOther; c++ {
		if conts&(1<<c) != 0 && (s.first[c] < 0 || pos < s.first[c]) {
			s.first[c] = pos
		}
	}
	if conts&(1<<contOther) != 0 {
		x.other = true
	}
}

// freeze builds the table and the length set with the hash keys of hs.
func (x *routeIndex) freeze(hs *hasher) {
	x.building = nil
	x.table = newTable(len(x.slots))
	x.lens = make([]uint64, x.maxKey/64+1)
	for i := range x.slots {
		k := x.slots[i].key
		x.table.insert(hs.key(k), i)
		x.lens[len(k)/64] |= 1 << (len(k) % 64)
	}
}

// empty reports whether the index holds no condition.
func (x *routeIndex) empty() bool { return x == nil || len(x.slots) == 0 }

// first returns the lowest position of a condition that matches path, or
// -1.
func (x *routeIndex) first(hs *hasher, path string) int32 {
	best := int32(-1)
	if x.empty() {
		return best
	}
	limit := min(len(path), x.maxKey)
	h := prefixHasher{h: hs, fold: x.fold}
	for w := 0; w <= limit/64; w++ {
		set := x.lens[w]
		if w == limit/64 && limit%64 != 63 {
			set &= 1<<(limit%64+1) - 1
		}
		for ; set != 0; set &= set - 1 {
			k := w*64 + bits.TrailingZeros64(set)
			c := contOf(path, k)
			if c == contOther && !x.other {
				continue
			}
			if s := x.find(&h, path, k); s != nil {
				if p := s.first[c]; p >= 0 && (best < 0 || p < best) {
					best = p
				}
			}
		}
	}
	return best
}

// find returns the slot of path[:k], or nil. Calls on one prefixHasher go
// by increasing k.
func (x *routeIndex) find(h *prefixHasher, path string, k int) *routeSlot {
	hv := h.hash(path, k)
	mask := x.table.mask()
	for i := hv & mask; ; i = (i + 1) & mask {
		v := x.table.idx[i]
		if v == 0 {
			return nil
		}
		if v>>32 != hv>>32 {
			continue
		}
		s := &x.slots[uint32(v)-1]
		if len(s.key) == k && (s.key == path[:k] || x.fold && equalLower(s.key, path[:k])) {
			return s
		}
	}
}

// asciiLower returns s with its ASCII letters lower-cased, and nothing
// else changed (HAProxy's lower converter; strings.ToLower also folds
// other letters).
func asciiLower(s string) string {
	for i := 0; i < len(s); i++ {
		if 'A' <= s[i] && s[i] <= 'Z' {
			b := []byte(s)
			for j := i; j < len(b); j++ {
				if 'A' <= b[j] && b[j] <= 'Z' {
					b[j] += 'a' - 'A'
				}
			}
			return string(b)
		}
	}
	return s
}

// foldWord lower-cases the ASCII letters among the eight bytes of w and
// leaves every other byte as it is (bytes of 0x80 or more included).
func foldWord(w uint64) uint64 {
	const ones = 0x0101010101010101
	low := w &^ (0x80 * ones) // each byte below 0x80: the sums below never carry
	ge := low + 0x3f*ones     // high bit set where the byte is >= 'A'
	gt := low + 0x25*ones     // high bit set where the byte is > 'Z'
	upper := ge &^ gt &^ w & (0x80 * ones)
	return w | upper>>2
}

// lowerName copies a host name of at most hostname.MaxLen bytes into buf
// with its ASCII letters lower-cased. Looked up as m[string(b)], it finds a
// lower-case key without allocating.
func lowerName(buf *[hostname.MaxLen]byte, name string) []byte {
	n := copy(buf[:], name)
	for i := range n {
		if c := buf[i]; 'A' <= c && c <= 'Z' {
			buf[i] = c + 'a' - 'A'
		}
	}
	return buf[:n]
}
