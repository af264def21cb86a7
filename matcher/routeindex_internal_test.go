package matcher

import (
	"strconv"
	"strings"
	"testing"

	"github.com/ingresslib/ingress/internal/testgen"
	"pgregory.net/rapid"
)

// routeCond is one condition of a routeIndex, as the slow twin reads it.
type routeCond struct {
	key   string
	conts uint8
	pos   int32
}

// slowFirst is routeIndex.first by trying every condition: the lowest
// position whose key starts path (ignoring ASCII case when fold) and whose
// continuations hold how path goes on after it.
func slowFirst(conds []routeCond, fold bool, path string) int32 {
	best := int32(-1)
	for _, c := range conds {
		if len(path) < len(c.key) {
			continue
		}
		head := path[:len(c.key)]
		if fold {
			head, c.key = asciiLower(head), asciiLower(c.key)
		}
		if head != c.key || c.conts&(1<<contOf(path, len(c.key))) == 0 {
			continue
		}
		if best < 0 || c.pos < best {
			best = c.pos
		}
	}
	return best
}

// TestPropertyRouteIndex: the index answers as the linear scan, for keys
// and paths at every size boundary (8-byte words, 63/64, 127/128, up to 300
// bytes), with '?' and capitals, folding case or not.
func TestPropertyRouteIndex(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		pool := testgen.PathPool(t)
		pool = append(pool, "Q?x", "AbC", "\xc1\xe1")
		fold := rapid.Bool().Draw(t, "fold")
		x := newRouteIndex(fold)
		var conds []routeCond
		for range rapid.IntRange(0, 12).Draw(t, "n") {
			key := strings.TrimSuffix(testgen.Path(t, pool, "key"), "/")
			c := routeCond{key: key, conts: rapid.SampledFrom([]uint8{onEnd, onSegment, onDir, onAny}).Draw(t, "conts"), pos: int32(rapid.IntRange(0, 20).Draw(t, "pos"))}
			if rapid.IntRange(0, 9).Draw(t, "empty") == 0 {
				c.key = ""
			}
			conds = append(conds, c)
			x.add(c.key, c.conts, c.pos)
		}
		hs := newHasher()
		x.freeze(&hs)
		for range 8 {
			path := testgen.Path(t, pool, "req")
			if len(conds) > 0 {
				path = testgen.Request(t, pool, rapid.SampledFrom(conds).Draw(t, "from").key)
			}
			switch rapid.IntRange(0, 3).Draw(t, "case") {
			case 0:
				path = strings.ToUpper(path)
			case 1:
				path += "?q"
			}
			if got, want := x.first(&hs, path), slowFirst(conds, fold, path); got != want {
				t.Fatalf("first(%q) = %d, want %d (fold %v, conditions %q)", path, got, want, fold, conds)
			}
		}
	})
}

// TestFoldWord: foldWord lower-cases exactly the ASCII capitals of each
// byte, whatever its neighbours (bytes of 0x80 and more carry nothing).
func TestFoldWord(t *testing.T) {
	for a := range 256 {
		for _, b := range []int{0, 'A', 'Z', 'a', 0x7f, 0x80, 0xc1, 0xda, 0xff} {
			w := uint64(a) | uint64(b)<<8 | uint64(a)<<48 | uint64(b)<<56
			got := foldWord(w)
			want := uint64(lowerByte(byte(a))) | uint64(lowerByte(byte(b)))<<8 | uint64(lowerByte(byte(a)))<<48 | uint64(lowerByte(byte(b)))<<56
			if got != want {
				t.Fatalf("foldWord(%#016x) = %#016x, want %#016x", w, got, want)
			}
		}
	}
}

func lowerByte(c byte) byte {
	if 'A' <= c && c <= 'Z' {
		return c + 'a' - 'A'
	}
	return c
}

// TestAdversarialRouteIndexFlooding: keys crafted to share one home slot
// of a route index under a hash key the attacker knows make one probe run
// of all of them; under the key each Compile draws they spread as
// ordinary keys do.
func TestAdversarialRouteIndexFlooding(t *testing.T) {
	const n = 1000
	mask := uint64(len(newTable(n).idx) - 1)
	known := newHasher()
	var crafted []string
	for i := 0; len(crafted) < n; i++ {
		if k := "/" + strconv.FormatUint(uint64(i), 36); known.key(k)&mask == 0 {
			crafted = append(crafted, k)
		}
	}
	longestRun := func(hs *hasher) int {
		x := newRouteIndex(false)
		for i, k := range crafted {
			x.add(k, onAny, int32(i))
		}
		x.freeze(hs)
		run, longest := 0, 0
		for i := range 2 * len(x.table.idx) {
			if x.table.idx[i%len(x.table.idx)] == 0 {
				run = 0
				continue
			}
			run++
			longest = max(longest, min(run, len(x.table.idx)))
		}
		if got := x.first(hs, crafted[n-1]+"/x"); got != n-1 {
			t.Fatalf("first(%q) = %d, want %d", crafted[n-1]+"/x", got, n-1)
		}
		return longest
	}
	if run := longestRun(&known); run < n {
		t.Fatalf("under the known key the crafted keys make a run of %d, want %d: they do not collide", run, n)
	}
	random := newHasher()
	if run := longestRun(&random); run > 64 {
		t.Errorf("under a random key the crafted keys make a run of %d, want at most 64", run)
	}
}
