// This file holds the index that makes Match cost the same for ten paths and
// for a million: a hash table for hosts, one for the paths of each host,
// and the loop that walks a request path through them.
//
// # Layout
//
// A host group is one host pattern ("foo.com", "*.foo.com" or "" for rules
// without host) with the paths of every rule that has it; it owns
// everything a lookup reads once the host is known. Its usable paths are
// its entries (group.entries), in precedence steps 3-4 order: by Ingress in
// tie-break order, then rule and path. Entries whose pattern pathmatch can
// look up by key (Pattern.Key: Exact, Prefix, and ImplementationSpecific
// read as Exact, Prefix or a string prefix) are indexed; the others
// (regular expressions, caller functions) are kept in the group's scan
// list and tried one by one.
//
// The host index (shards.go) maps a lower-case exact host, or a wildcard's
// suffix with its dot (".foo.com"), to its group; the group of rules
// without host is Matcher.catchAll.
//
// A group's path table maps a key to a path slot (packed in the group's
// pslots string, see below the slot layout). A key is the part of a
// pattern that a request path must start with: the Exact path itself, the
// Prefix path without its trailing '/', the string prefix itself. All the
// entries indexed under one key share the slot, which keeps, for each way a
// request path can continue after the key, the entry that wins there:
//
//	request path after the key | slot field | entries that can match there
//	---------------------------+------------+------------------------------------
//	nothing (key == path)      | atEnd      | Exact, Prefix, string prefix
//	'/'                        | atSlash    | Prefix, string prefix
//	any other byte             | atAny      | string prefix
//
// All the entries of one slot have the same precedence length, so the one
// that wins a field is decided by steps 2-4 when the group is built: the
// lower type rank, then the lower entry number. An entry that wins no field
// never serves a request and is reported as shadowed.
//
// The tables are open addressing with linear probing at a load factor of
// at most three quarters. Each word of a path table holds the high half of
// the key's hash as a tag (so most probes for absent keys stop without
// reading a slot) and the slot's offset in the group's packed path slots
// plus one (0 is empty); each word of a host shard holds the key's whole
// hash beside the group's pointer.
//
// A group never changes once built. Update builds new groups for the hosts
// a change touches and shares every other group, and the shards of the
// host index that do not hold a touched host, with the Matcher it derives
// from. Compile cuts all groups' arrays from a few large allocations (see
// slab). A large group without scanned paths is split into parts by key
// hash, each built like a group, so that a change to a host shared by
// thousands of Ingresses rebuilds only the parts it touches (parts.go).
//
// # Lookup
//
// group.match probes the prefixes of the request path in increasing length.
// A prefix is probed only at a length that some key of the group has: each
// group keeps the set of its key lengths in a 64-bit word (lengths), bit k
// for length k < 63 and bit 63 for "some key has 63 bytes or more". The loop
// takes the set bits below 63 up to the length of the path, then, when bit
// 63 is set, every length from 63 up to the shorter of the path and the
// group's longest key (maxKey). A prefix that ends neither at the end of the
// path nor before a '/' is probed only when the group has string-prefix keys.
//
// "A longer key always wins": for every kind that is indexed, the key's
// length is the pattern's precedence length (pathmatch defines both from the
// same key, and Compile takes the entry's length from the key), and the
// probes go by increasing length, so a later hit always beats an earlier
// one by step 1 and the loop keeps the last. Scanned entries are compared
// with the indexed winner by all four steps.
//
// The prefixes are hashed left to right with one running state: the words
// of the path are folded in once, and only the last partial word and the
// length are hashed again at each probe.
//
// # Host fast path
//
// Every key in the host table is a valid lower-case DNS name (or a suffix of
// one) that is not an IP address, and hostname.RuleName returns such a name
// unchanged but for its case. So a Host header that equals an exact key up to
// ASCII case would be normalised to exactly that key, and one made of a valid
// label, a dot and a wildcard suffix to exactly that name: both can be looked
// up as they are, and only headers that miss pay for hostname.RuleName's
// scan (port, trailing dot, IP literal).
//
// # Hash flooding
//
// Hosts and paths come from Ingresses, which anyone who may create one in a
// shared cluster writes. With a fixed hash, keys crafted to collide would put
// every key in one probe run: Compile quadratic, every lookup a scan. So
// every hash is keyed with secrets each Compile draws: hosts and keys
// shorter than 63 bytes with hash/maphash under a fresh seed, longer keys
// with SipHash-1-3 (a keyed pseudo-random function) under a 128-bit key from
// crypto/rand, run once along the path (prefixHasher). Without the keys
// nobody can choose keys that collide, and the probe runs stay as short as
// for random keys (TestAdversarialHashFlooding). The engines' route indexes
// (routeindex.go) hash the same way.
//
// # Work per lookup
//
// For a path of n bytes in a group whose longest key has L bytes, Match
// hashes at most min(n, L) bytes of the path once, makes at most
// min(n, L)+1 probes (one finalisation of the hash and an expected O(1)
// table reads each), then runs the group's scanned patterns: a regular
// expression costs O(n × width + program size), both bounded
// (pathmatch.MaxRegexWidth, MaxRegexProgram), and a caller's function what
// the caller makes it cost. The host costs one hash of at most
// hostmatch.MaxHostLen bytes and at most three table lookups (under the
// Gateway API's multi-label wildcards, one per label). Nothing depends on
// the number of Ingresses or on the paths of other hosts.
package matcher

import (
	"crypto/rand"
	"encoding/binary"
	"hash/maphash"
	"math/bits"

	"github.com/ingresslib/ingress/hostmatch"
)

// hasher holds the secret keys of the hash tables of one Matcher, drawn at
// random by every Compile.
type hasher struct {
	seed maphash.Seed // hosts, and keys shorter than 63 bytes
	sip  sipKey       // keys of 63 bytes or more, hashed incrementally
}

func newHasher() hasher { return hasher{seed: maphash.MakeSeed(), sip: newSipKey()} }

// key returns the hash of a whole path key, as prefixHasher hashes a
// prefix of that length.
func (h *hasher) key(s string) uint64 {
	p := prefixHasher{h: h}
	return p.hash(s, len(s))
}

// host returns the hash of a host name lower-cased, so that it equals
// maphash.String(h.seed, strings.ToLower(name)) for an ASCII name of at most
// hostmatch.MaxHostLen bytes; longer names are never looked up.
func (h *hasher) host(name string) uint64 {
	i := 0
	for ; i+8 <= len(name); i += 8 {
		if w := load64(name, i); lower8(w) != w {
			break
		}
	}
	for ; i < len(name); i++ {
		if 'A' <= name[i] && name[i] <= 'Z' {
			break
		}
	}
	if i == len(name) || len(name) > hostmatch.MaxHostLen {
		return maphash.String(h.seed, name) // already lower-case
	}
	var buf [hostmatch.MaxHostLen]byte
	copy(buf[:i], name[:i])
	for ; i < len(name); i++ {
		c := name[i]
		if 'A' <= c && c <= 'Z' {
			c += 'a' - 'A'
		}
		buf[i] = c
	}
	return maphash.Bytes(h.seed, buf[:len(name)])
}

// prefixHasher hashes the prefixes of one request path in increasing
// length. A prefix shorter than 63 bytes is hashed whole with hash/maphash
// (at most 62 bytes, at most 63 times); from 63 bytes on, SipHash-1-3 runs
// over the path once, left to right, and each probe only finalises it, so a
// long path costs linear time whatever its number of probes.
type prefixHasher struct {
	h     *hasher
	s     sip
	keyed bool // whether s holds the key
	fold  bool // hash the path with its ASCII letters lower-cased (routeIndex)
	done  int  // the bytes fed to s, a multiple of 8
}

// hash returns the hash of path[:k]. Once k is 63 or more, it must not be
// less than any k given before. 0 <= k <= len(path).
func (p *prefixHasher) hash(path string, k int) uint64 {
	if k < longKeys {
		if p.fold {
			var b [longKeys]byte
			for i := range k {
				b[i] = byte(foldWord(uint64(path[i])))
			}
			return maphash.Bytes(p.h.seed, b[:k])
		}
		return maphash.String(p.h.seed, path[:k])
	}
	if !p.keyed {
		p.s, p.keyed = newSip(p.h.sip), true
	}
	for ; p.done+8 <= k; p.done += 8 {
		w := load64(path, p.done)
		if p.fold {
			w = foldWord(w)
		}
		p.s.word(w)
	}
	tail := loadTail(path, p.done, k)
	if p.fold {
		tail = foldWord(tail)
	}
	return p.s.sum(tail, k)
}

// sipKey is the 128-bit key of SipHash.
type sipKey struct{ k0, k1 uint64 }

// newSipKey draws a key from crypto/rand. Should the system's generator
// fail (from Go 1.24 crypto/rand.Read never does), the key comes from a fresh
// hash/maphash seed, which the runtime draws at random too: Compile never
// fails and never panics.
func newSipKey() sipKey {
	var b [16]byte
	if _, err := rand.Read(b[:]); err == nil {
		return sipKey{binary.LittleEndian.Uint64(b[:8]), binary.LittleEndian.Uint64(b[8:])}
	}
	s := maphash.MakeSeed()
	return sipKey{maphash.String(s, "k0"), maphash.String(s, "k1")}
}

// sip is the running state of SipHash-1-3 (one compression round per word,
// three finalisation rounds) over a string fed eight bytes at a time.
type sip struct{ v0, v1, v2, v3 uint64 }

func newSip(k sipKey) sip {
	return sip{k.k0 ^ 0x736f6d6570736575, k.k1 ^ 0x646f72616e646f6d, k.k0 ^ 0x6c7967656e657261, k.k1 ^ 0x7465646279746573}
}

func (s *sip) round() {
	s.v0 += s.v1
	s.v1 = bits.RotateLeft64(s.v1, 13) ^ s.v0
	s.v0 = bits.RotateLeft64(s.v0, 32)
	s.v2 += s.v3
	s.v3 = bits.RotateLeft64(s.v3, 16) ^ s.v2
	s.v0 += s.v3
	s.v3 = bits.RotateLeft64(s.v3, 21) ^ s.v0
	s.v2 += s.v1
	s.v1 = bits.RotateLeft64(s.v1, 17) ^ s.v2
	s.v2 = bits.RotateLeft64(s.v2, 32)
}

// word folds eight bytes into the state.
func (s *sip) word(m uint64) {
	s.v3 ^= m
	s.round()
	s.v0 ^= m
}

// sum returns the hash of the bytes fed so far followed by tail (the last
// n%8 bytes, little-endian), n bytes in all. It does not change s.
func (s sip) sum(tail uint64, n int) uint64 {
	s.word(tail | uint64(n)<<56)
	s.v2 ^= 0xff
	s.round()
	s.round()
	s.round()
	return s.v0 ^ s.v1 ^ s.v2 ^ s.v3
}

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

// lower8 lower-cases the ASCII letters of a word of ASCII bytes.
func lower8(w uint64) uint64 {
	const ones = 0x0101010101010101
	ge := w + 0x3f*ones // high bit set where byte >= 'A'
	gt := w + 0x25*ones // high bit set where byte > 'Z'
	return w | (ge&^gt&(0x80*ones))>>2
}

// A group's path slots are packed in one string (group.pslots), each slot
// beside its key, so that the probe that finds a key reads the key and its
// winners from the same place: at offset o,
//
//	o+0    atEnd    int32, little-endian: the winning entry (index into
//	o+4    atSlash  int32                 group.entries), -1 when none
//	o+8    atAny    int32, only in a group with string-prefix keys (anyPos)
//	o+h-4  len      uint32: the key's length (h: the header, 12 or 16 bytes)
//	o+h    the key's bytes
//
// The table word of a slot holds o + 1.

// slotSize returns the bytes a slot with a key of n bytes takes at most.
func slotSize(n int) int { return 16 + n }

// header returns the size of the slot header of g's slots.
func (g *group) header() int {
	if g.anyPos {
		return 16
	}
	return 12
}

// le32 reads the little-endian 32-bit word at offset o of s.
func le32[S string | []byte](s S, o int) uint32 {
	_ = s[o+3]
	return uint32(s[o]) | uint32(s[o+1])<<8 | uint32(s[o+2])<<16 | uint32(s[o+3])<<24
}

// keyLen returns the length of the key of the slot at offset o.
func (g *group) keyLen(o int32) int { return int(le32(g.pslots, int(o)+g.header()-4)) }

// slotKey returns the key of the slot at offset o.
func (g *group) slotKey(o int32) string {
	h := int(o) + g.header()
	return g.pslots[h : h+int(le32(g.pslots, h-4))]
}

// winner returns the entry that wins at place at (atEnd, atSlash, atAny)
// of the slot at offset o, or -1.
func (g *group) winner(o int32, at int) int32 { return int32(le32(g.pslots, int(o)+4*at)) }

// table is an open-addressing index over slots at a load factor of at most
// three quarters. Each word holds the high half of the slot's hash (a tag that
// turns most probes for absent keys away without reading the slot) and the
// slot's place (for path slots, its offset in group.pslots) plus one (0 is
// empty).
type table struct {
	idx []uint64 // a power of two words
}

func (t *table) mask() uint64 { return uint64(len(t.idx) - 1) }

func newTable(n int) table {
	size := tableSize(n)
	return table{idx: make([]uint64, size)}
}

// tableSize returns the number of words of a table of n slots: a power of
// two, at least 8, filled to at most three quarters.
func tableSize(n int) int {
	size := 8
	for 3*size < 4*n {
		size *= 2
	}
	return size
}

func (t *table) insert(h uint64, slot int) {
	mask := t.mask()
	for i := h & mask; ; i = (i + 1) & mask {
		if t.idx[i] == 0 {
			t.idx[i] = h&^0xffffffff | uint64(slot+1)
			return
		}
	}
}

// findSlot returns the offset of the slot of key, whose hash is h, or -1.
func (g *group) findSlot(h uint64, key string) int32 {
	return findIn(&g.table, g.header(), g.pslots, h, key)
}

// findBuilding is findSlot over the slots of a group being built.
func (g *group) findBuilding(b []byte, h uint64, key string) int32 {
	return findIn(&g.table, g.header(), b, h, key)
}

// findIn returns the offset in slots (each with a header of header bytes)
// of the slot of key, whose hash is h, found through t, or -1.
func findIn[S string | []byte](t *table, header int, slots S, h uint64, key string) int32 {
	mask := t.mask()
	for i := h & mask; ; i = (i + 1) & mask {
		v := t.idx[i]
		if v == 0 {
			return -1
		}
		if v>>32 != h>>32 {
			continue
		}
		o := int(uint32(v) - 1)
		if h := o + header; int(le32(slots, h-4)) == len(key) && string(slots[h:h+len(key)]) == key {
			return int32(o)
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
// "some key has 63 bytes or more".
type lengths uint64

const longKeys = 63 // the first length that bit 63 stands for

func (l *lengths) add(n int) { *l |= 1 << min(n, longKeys) }

// below returns the lengths of the set that are less than 63 and at most n.
func (l lengths) below(n int) uint64 {
	set := uint64(l) &^ (1 << longKeys)
	if n < longKeys {
		set &= 1<<(n+1) - 1
	}
	return set
}

// hasLong reports whether some key has 63 bytes or more.
func (l lengths) hasLong() bool { return l&(1<<longKeys) != 0 }

// match returns the entry of g that wins path, or -1. See the file comment
// for why its loops are correct and what they cost.
func (g *group) match(hs *hasher, path string) int32 {
	best := int32(-1)
	limit := min(len(path), int(g.maxKey)) // no key is longer; no prefix either
	h := prefixHasher{h: hs}
	for set := g.lens.below(limit); set != 0; set &= set - 1 {
		if e := g.probe(&h, path, bits.TrailingZeros64(set)); e >= 0 {
			best = e // a longer key always wins over a shorter one
		}
	}
	if g.lens.hasLong() {
		for k := longKeys; k <= limit; k++ {
			if e := g.probe(&h, path, k); e >= 0 {
				best = e
			}
		}
	}
	return g.scanMatch(path, best)
}

// probe looks up path[:k] and returns the entry that wins for what follows
// it in path, or -1. 0 <= k <= len(path).
func (g *group) probe(h *prefixHasher, path string, k int) int32 {
	at := atOf(path, k)
	if at == atAny && !g.anyPos {
		return -1
	}
	o := g.findSlot(h.hash(path, k), path[:k])
	if o < 0 {
		return -1
	}
	return g.winner(o, at)
}

// scanMatch tries the paths of g that are not indexed against the best
// indexed entry.
func (g *group) scanMatch(path string, best int32) int32 {
	for _, sc := range g.scan {
		if best >= 0 && !g.better(sc.entry, best) {
			continue
		}
		if sc.pattern.Match(path) {
			best = sc.entry
		}
	}
	return best
}

// better reports whether entry a of g wins over entry b by precedence steps
// 1-4 (steps 3 and 4 are the order of g.entries).
func (g *group) better(a, b int32) bool {
	ea, eb := &g.entries[a], &g.entries[b]
	if la, lb := g.length(a), g.length(b); la != lb {
		return la > lb
	}
	if ea.rank != eb.rank {
		return ea.rank < eb.rank
	}
	return a < b
}

// Where a request path continues after a key.
const (
	atEnd = iota
	atSlash
	atAny
)

// atOf returns where path continues after its first k bytes.
func atOf(path string, k int) int {
	switch {
	case k >= len(path):
		return atEnd
	case path[k] == '/':
		return atSlash
	}
	return atAny
}
