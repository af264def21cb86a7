package matcher

import (
	"strconv"
	"testing"

	networkingv1 "k8s.io/api/networking/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
)

// pathTableStats returns the work of building the path table of a Matcher's catch-all group (the
// probes of all its inserts: each slot's distance from its home, plus one)
// and its longest run of occupied entries, which bounds the probes of any
// lookup, for a key present or absent.
func pathTableStats(m *Matcher) (inserts, longestRun int) {
	g := m.catchAll // floodIngress's only group
	t := g.table
	size := len(t.idx)
	for i, v := range t.idx {
		if v != 0 {
			home := int(m.hash.key(g.slotKey(int32(uint32(v)-1))) & t.mask())
			inserts += (i-home+size)%size + 1
		}
	}
	run := 0
	for i := range 2 * size { // twice round, for a run that wraps
		if t.idx[i%size] == 0 {
			run = 0
			continue
		}
		run++
		longestRun = max(longestRun, min(run, size))
	}
	return inserts, longestRun
}

// floodIngress is one Ingress whose catch-all rule has a Prefix path for
// every key.
func floodIngress(keys []string) []*networkingv1.Ingress {
	ing := &networkingv1.Ingress{ObjectMeta: metav1.ObjectMeta{Namespace: "ns", Name: "flood"}}
	pt := networkingv1.PathTypePrefix
	paths := make([]networkingv1.HTTPIngressPath, len(keys))
	for i, k := range keys {
		paths[i] = networkingv1.HTTPIngressPath{Path: k, PathType: &pt,
			Backend: networkingv1.IngressBackend{Service: &networkingv1.IngressServiceBackend{Name: "svc", Port: networkingv1.ServiceBackendPort{Number: 80}}}}
	}
	ing.Spec.Rules = []networkingv1.IngressRule{{IngressRuleValue: networkingv1.IngressRuleValue{HTTP: &networkingv1.HTTPIngressRuleValue{Paths: paths}}}}
	return []*networkingv1.Ingress{ing}
}

// TestAdversarialHashFlooding crafts paths that all land in one home slot of the path
// table under a hash key the attacker knows, shows that they make Compile
// quadratic and lookups scan under that key, and that under the random key
// every Compile draws they cost what ordinary paths cost.
func TestAdversarialHashFlooding(t *testing.T) {
	const n = 1000
	// One table of n keys, not parts.
	defer SetPartSizes(n+1, partSize)()
	size := len(newTable(n).idx) // the path table Compile builds for n keys
	mask := uint64(size - 1)
	known := newHasher()
	var crafted, ordinary []string
	for i := 0; len(crafted) < n; i++ {
		k := "/" + strconv.FormatUint(uint64(i), 36)
		if len(ordinary) < n {
			ordinary = append(ordinary, k)
		}
		if known.key(k)&mask == 0 {
			crafted = append(crafted, k)
		}
	}

	attacked := compile(floodIngress(crafted), known, nil)
	if got := attacked.Len(); got != n {
		t.Fatalf("compiled %d paths, want %d", got, n)
	}
	inserts, run := pathTableStats(attacked)
	if inserts < n*n/2 || run < n {
		t.Fatalf("under the known key: %d insert probes and a run of %d; the crafted keys do not collide (want at least %d and %d)", inserts, run, n*n/2, n)
	}
	// A lookup of an absent key that lands in the run scans all of it, and
	// Match still answers right.
	if r, ok := attacked.Match("x", crafted[n-1]+"/deeper"); !ok || r.Path.Path != crafted[n-1] {
		t.Fatalf("Match under attack = %v, %v; want %q", r, ok, crafted[n-1])
	}

	defended := Compile(floodIngress(crafted))
	baseline := Compile(floodIngress(ordinary))
	dIns, dRun := pathTableStats(defended)
	bIns, bRun := pathTableStats(baseline)
	t.Logf("insert probes: %d crafted under the known key, %d crafted under a random key, %d ordinary; longest runs %d, %d, %d", inserts, dIns, bIns, run, dRun, bRun)
	if dIns > 2*bIns {
		t.Errorf("under a random key the crafted paths cost %d insert probes, more than twice the %d of ordinary paths", dIns, bIns)
	}
	// At a load factor under one half (1,000 keys in 2,048 words), runs of random keys stay short:
	// for 1,000 keys in 2,048 entries the longest is about 20.
	if dRun > 64 || bRun > 64 {
		t.Errorf("under a random key the longest run is %d (crafted) and %d (ordinary), want at most 64", dRun, bRun)
	}
	for _, k := range []string{crafted[0], crafted[n-1] + "/x"} {
		if r, ok := defended.Match("x", k); !ok || r.Path.Path != k[:len(r.Path.Path)] {
			t.Errorf("Match(%q) under a random key = %v, %v", k, r, ok)
		}
	}
}

// TestAdversarialPartsFlooding crafts paths whose hashes under a known key all pick
// one part of a large host, and shows that under the random key of every
// Compile they spread over the parts like ordinary paths, so no part (what
// Update rebuilds for a change) grows with the attack.
func TestAdversarialPartsFlooding(t *testing.T) {
	defer SetPartSizes(64, 16)()
	const n = 1000
	bits := partBitsFor(n)
	known := newHasher()
	var crafted []string
	for i := 0; len(crafted) < n; i++ {
		if k := "/" + strconv.FormatUint(uint64(i), 36); known.key(k)>>(64-bits) == 0 {
			crafted = append(crafted, k)
		}
	}
	largest := func(m *Matcher) int {
		g := m.catchAll
		if !g.parted() || len(g.x.parts) != 1<<bits {
			t.Fatalf("the group of %d paths is not in %d parts", n, 1<<bits)
		}
		most := 0
		for _, p := range g.x.parts {
			most = max(most, len(p.entries))
		}
		return most
	}
	if got := largest(compile(floodIngress(crafted), known, nil)); got != n {
		t.Fatalf("under the known key the largest part holds %d paths, want all %d", got, n)
	}
	// Binomial(1000, 1/64): mean 16, standard deviation 4.
	if got := largest(Compile(floodIngress(crafted))); got > 3*n>>bits {
		t.Errorf("under a random key the largest of %d parts holds %d of %d crafted paths", 1<<bits, got, n)
	}
}

// TestHashKeysDiffer: two Compiles of the same Ingresses hash with
// different keys, so what collides in one does not in the other.
func TestHashKeysDiffer(t *testing.T) {
	a, b := newHasher(), newHasher()
	if a.sip == b.sip || a.key("/x") == b.key("/x") || a.key("/"+string(make([]byte, 70))) == b.key("/"+string(make([]byte, 70))) {
		t.Errorf("two hashers share a key")
	}
}

// TestPrefixHasherAgrees: hashing the prefixes of a path one after another
// gives what hashing each prefix whole gives, at every length around the
// 8-byte words and the 63-byte switch to SipHash.
func TestPrefixHasherAgrees(t *testing.T) {
	h := newHasher()
	path := ""
	for i := range 300 {
		path += string(rune('a' + i%26))
	}
	for step := 1; step <= 17; step++ {
		p := prefixHasher{h: &h}
		for k := 0; k <= len(path); k += step {
			if got, want := p.hash(path, k), h.key(path[:k]); got != want {
				t.Fatalf("step %d: prefix hash of length %d = %#x, whole hash %#x", step, k, got, want)
			}
		}
	}
	for _, name := range []string{"foo.com", "FOO.com", "a.Very-Long-Host-Name.Example.COM", "x"} {
		lower := []byte(name)
		for i, c := range lower {
			if 'A' <= c && c <= 'Z' {
				lower[i] = c + 'a' - 'A'
			}
		}
		if h.host(name) != h.host(string(lower)) {
			t.Errorf("host(%q) differs from host(%q)", name, lower)
		}
	}
}
