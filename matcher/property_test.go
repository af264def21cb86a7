package matcher_test

import (
	"fmt"
	"math/rand/v2"
	"reflect"
	"slices"
	"testing"

	"github.com/ingresslib/ingress/internal/testgen"
	"github.com/ingresslib/ingress/matcher"
	"github.com/ingresslib/ingress/pathmatch"
	networkingv1 "k8s.io/api/networking/v1"
	"k8s.io/apimachinery/pkg/types"
	"pgregory.net/rapid"
)

var (
	ruleHosts = []string{"", "", "foo.com", "FOO.com", "foo.com.", "*.foo.com", "bar.foo.com", "a.bar.foo.com", "*.bar.foo.com", "10.0.0.1", "x.org"}
	patterns  = []string{"/", "/", "/a", "/a/", "/a/b", "/ab", "/a/b/", "", "a", "/A", "/a/b/c", "/a.*"}
	pathTypes = []networkingv1.PathType{exact, prefix, specific, exact, prefix, specific, "", "Bogus"}
	reqHosts  = []string{"foo.com", "FOO.COM:80", "foo.com.", "bar.foo.com", "x.foo.com", "BAR.foo.com.", "a.bar.foo.com", "b.bar.foo.com", "z.a.bar.foo.com", "x.org", "10.0.0.1", "", "[::1]:80", "foo.com:bad", "unknown.net", "x.foo.com:80", "*.foo.com", "a_b.foo.com", "a..foo.com", "a b.foo.com", ".foo.com", "x.FOO.com.", "1.2.3.4.foo.com", "::.foo.com", "a:80.foo.com", "[::1].foo.com"}
	reqPaths  = []string{"", "/", "/a", "/a/", "/a/b", "/ab", "/a//b", "/A", "/a/b/c", "/abc", "/a/b/c/d", "a"}
)

// genIngresses draws up to 6 Ingresses with distinct namespace/name pairs,
// creation times that often tie, overlapping hosts, duplicate paths,
// invalid path types, rules without http and default backends.
func genIngresses(t *rapid.T) []*networkingv1.Ingress {
	n := rapid.IntRange(0, 6).Draw(t, "ingresses")
	var ings []*networkingv1.Ingress
	for i := range n {
		ns := rapid.SampledFrom([]string{"a", "b"}).Draw(t, "ns")
		ing := ingress(ns, fmt.Sprintf("ing%d", i), rapid.IntRange(0, 2).Draw(t, "age"))
		for r := range rapid.IntRange(0, 3).Draw(t, "rules") {
			host := rapid.SampledFrom(ruleHosts).Draw(t, "host")
			if rapid.IntRange(0, 9).Draw(t, "nohttp") == 0 {
				ing.Spec.Rules = append(ing.Spec.Rules, networkingv1.IngressRule{Host: host})
				continue
			}
			var paths []networkingv1.HTTPIngressPath
			for p := range rapid.IntRange(1, 4).Draw(t, "paths") {
				pt := rapid.SampledFrom(pathTypes).Draw(t, "pathType")
				hp := path(pt, rapid.SampledFrom(patterns).Draw(t, "pattern"), fmt.Sprintf("%s-%d-%d-%d", ing.Name, r, p, i))
				if pt == "" {
					hp.PathType = nil
				}
				paths = append(paths, hp)
			}
			ing.Spec.Rules = append(ing.Spec.Rules, rule(host, paths...))
		}
		if rapid.IntRange(0, 3).Draw(t, "default") == 0 {
			withDefault(ing, "default-"+ing.Name)
		}
		ings = append(ings, ing)
	}
	return ings
}

type config struct {
	specific    pathmatch.Interpretation
	fallThrough bool
	perHost     bool
}

func genConfig(t *rapid.T) config {
	is := rapid.SampledFrom([]pathmatch.Interpretation{pathmatch.AsPrefix(), pathmatch.AsExact(), pathmatch.AsStringPrefix(), pathmatch.AsRegex()}).Draw(t, "specific")
	return config{is, rapid.Bool().Draw(t, "fallThrough"), rapid.Bool().Draw(t, "perHost")}
}

func (c config) options() []matcher.Option {
	opts := []matcher.Option{matcher.WithImplementationSpecific(c.specific)}
	if c.fallThrough {
		opts = append(opts, matcher.WithHostFallThrough())
	}
	if c.perHost {
		opts = append(opts, matcher.WithPerHostDefaultBackend())
	}
	return opts
}

// TestPropertyAgreesWithSlow checks the Matcher against the reference twin
// on random Ingresses, options and requests.
func TestPropertyAgreesWithSlow(t *testing.T) {
	rapid.Check(t, propertyAgreesWithSlow)
}

// TestPropertyPartsAgreeWithSlow is TestPropertyAgreesWithSlow with host
// groups split into parts from four paths on.
func TestPropertyPartsAgreeWithSlow(t *testing.T) {
	defer matcher.SetPartSizes(4, 2)()
	rapid.Check(t, propertyAgreesWithSlow)
}

func propertyAgreesWithSlow(t *rapid.T) {
	ings := genIngresses(t)
	c := genConfig(t)
	m := matcher.Compile(ings, c.options()...)
	slow := newSlow(ings, c.specific, c.fallThrough, c.perHost)
	for range 20 {
		host, p := rapid.SampledFrom(reqHosts).Draw(t, "reqHost"), rapid.SampledFrom(reqPaths).Draw(t, "reqPath")
		checkAgainstSlow(t, m, slow, host, p)
	}
}

// TestPropertyOrderIndependent checks that shuffling the input never changes
// a result (docs/semantics.md, "Reliability": determinism).
func TestPropertyOrderIndependent(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		ings := genIngresses(t)
		c := genConfig(t)
		m := matcher.Compile(ings, c.options()...)
		shuffled := slices.Clone(ings)
		rand.New(rand.NewPCG(rapid.Uint64().Draw(t, "seed"), 1)).Shuffle(len(shuffled), func(i, j int) { shuffled[i], shuffled[j] = shuffled[j], shuffled[i] })
		m2 := matcher.Compile(shuffled, c.options()...)
		for _, host := range reqHosts {
			for _, p := range reqPaths {
				a, aok := m.Match(host, p)
				b, bok := m2.Match(host, p)
				if a != b || aok != bok {
					t.Fatalf("Match(%q, %q) = %s, %v; after shuffling %s, %v", host, p, describe(a), aok, describe(b), bok)
				}
			}
		}
		if len(m.Diagnostics()) != len(m2.Diagnostics()) {
			t.Fatalf("%d diagnostics, after shuffling %d", len(m.Diagnostics()), len(m2.Diagnostics()))
		}
	})
}

func describe(r matcher.Route) string {
	if r.Ingress == nil {
		return "no route"
	}
	return fmt.Sprintf("%s/%s %s host=%q backend=%s", r.Ingress.Namespace, r.Ingress.Name, r.Field(), r.Host, service(r.Backend))
}

// genBoundaryIngresses draws up to four Ingresses whose hosts and paths come
// from testgen's pools: paths of 0-300 bytes and hosts up to 260 with
// segments and labels on every size boundary (8-byte words, 63/64, 128).
// It returns the patterns and rule hosts too, for deriving requests.
func genBoundaryIngresses(t *rapid.T) (ings []*networkingv1.Ingress, paths, hosts, pathPool, hostPool []string) {
	pathPool, hostPool = testgen.PathPool(t), testgen.HostPool(t)
	for i := range rapid.IntRange(1, 4).Draw(t, "ingresses") {
		ing := ingress(rapid.SampledFrom([]string{"a", "b"}).Draw(t, "ns"), fmt.Sprintf("ing%d", i), rapid.IntRange(0, 2).Draw(t, "age"))
		for r := range rapid.IntRange(1, 3).Draw(t, "rules") {
			host := testgen.Host(t, hostPool, "host")
			hosts = append(hosts, host)
			var hps []networkingv1.HTTPIngressPath
			for p := range rapid.IntRange(1, 4).Draw(t, "paths") {
				pattern := testgen.Path(t, pathPool, "pattern")
				paths = append(paths, pattern)
				pt := rapid.SampledFrom([]networkingv1.PathType{exact, prefix, specific}).Draw(t, "pathType")
				hps = append(hps, path(pt, pattern, fmt.Sprintf("%s-%d-%d", ing.Name, r, p)))
			}
			ing.Spec.Rules = append(ing.Spec.Rules, rule(host, hps...))
		}
		if rapid.IntRange(0, 3).Draw(t, "default") == 0 {
			withDefault(ing, "default-"+ing.Name)
		}
		ings = append(ings, ing)
	}
	return ings, paths, hosts, pathPool, hostPool
}

// TestPropertyBoundaries checks the Matcher against the reference twin on
// long keys and hosts, with requests derived from the patterns: the size
// boundaries of the index (8-byte words, the 63-byte bit, long hosts).
func TestPropertyBoundaries(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		ings, paths, hosts, pathPool, hostPool := genBoundaryIngresses(t)
		c := genConfig(t)
		m := matcher.Compile(ings, c.options()...)
		slow := newSlow(ings, c.specific, c.fallThrough, c.perHost)
		for range 20 {
			host := testgen.RequestHost(t, hostPool, rapid.SampledFrom(hosts).Draw(t, "ruleHost"))
			p := testgen.Request(t, pathPool, rapid.SampledFrom(paths).Draw(t, "rulePath"))
			checkAgainstSlow(t, m, slow, host, p)
		}
	})
}

// checkAgainstSlow fails t unless Match agrees with the slow twin, and
// Explain with Match, on one request.
func checkAgainstSlow(t *rapid.T, m *matcher.Matcher, slow *slowMatcher, host, p string) {
	got, gotOK := m.Match(host, p)
	want, wantOK := slow.match(host, p)
	if got != want || gotOK != wantOK {
		t.Fatalf("Match(%q, %q) = %s, %v; slow twin says %s, %v", host, p, describe(got), gotOK, describe(want), wantOK)
	}
	if ex := m.Explain(host, p); ex.Route != got || ex.Found != gotOK {
		t.Fatalf("Explain(%q, %q).Route = %s, %v; Match says %s, %v", host, p, describe(ex.Route), ex.Found, describe(got), gotOK)
	}
}

// TestPropertyDialectsOrderIndependent checks every dialect on random
// Ingresses: shuffling the input never changes a result (the controllers
// order Ingresses themselves; where one does not, Compile uses the
// tie-break order and says so), and Explain agrees with Match.
func TestPropertyDialectsOrderIndependent(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		ings := genIngresses(t)
		d := rapid.SampledFrom(matcher.Dialects()).Draw(t, "dialect")
		m := matcher.Compile(ings, matcher.WithDialect(d))
		shuffled := slices.Clone(ings)
		rand.New(rand.NewPCG(rapid.Uint64().Draw(t, "seed"), 1)).Shuffle(len(shuffled), func(i, j int) { shuffled[i], shuffled[j] = shuffled[j], shuffled[i] })
		m2 := matcher.Compile(shuffled, matcher.WithDialect(d))
		for _, host := range reqHosts {
			for _, p := range reqPaths {
				a, aok := m.Match(host, p)
				b, bok := m2.Match(host, p)
				if describe(a) != describe(b) || a.Action.String() != b.Action.String() || aok != bok {
					t.Fatalf("%s: Match(%q, %q) = %s %s, %v; after shuffling %s %s, %v", d, host, p, describe(a), a.Action, aok, describe(b), b.Action, bok)
				}
				ex := m.Explain(host, p)
				if ex.Route != a || ex.Found != aok {
					t.Fatalf("%s: Explain(%q, %q) = %s; Match says %s", d, host, p, describe(ex.Route), describe(a))
				}
				// Explain tries every candidate; Match looks them up in an
				// index. They name the same winner.
				won := 0
				for _, c := range ex.Candidates {
					if c.Won {
						won++
						if c.Route.Ingress != a.Ingress || c.Route.RuleIndex != a.RuleIndex || c.Route.PathIndex != a.PathIndex {
							t.Fatalf("%s: Explain(%q, %q) marks %s as the winner; Match says %s", d, host, p, describe(c.Route), describe(a))
						}
					}
				}
				if aok && a.Path != nil && won != 1 {
					t.Fatalf("%s: Explain(%q, %q) marks %d winners; Match routes to %s", d, host, p, won, describe(a))
				}
			}
		}
		if len(m.Diagnostics()) != len(m2.Diagnostics()) {
			t.Fatalf("%s: %d diagnostics, after shuffling %d", d, len(m.Diagnostics()), len(m2.Diagnostics()))
		}
	})
}

// TestPropertyUpdate applies random sequences of changes with Update and
// checks each result against a fresh Compile of the same Ingresses:
// every request and every diagnostic.
func TestPropertyUpdate(t *testing.T) {
	rapid.Check(t, propertyUpdate)
}

// TestPropertyPartsUpdate is TestPropertyUpdate with host groups split into
// parts from four paths on: groups become parts, parts are updated, and
// groups of parts fall back to whole groups as they shrink.
func TestPropertyPartsUpdate(t *testing.T) {
	defer matcher.SetPartSizes(4, 2)()
	rapid.Check(t, propertyUpdate)
}

func propertyUpdate(t *rapid.T) {
	c := genConfig(t)
	opts := c.options()
	// The default index (and the Gateway API dialect, which shares it)
	// updates host groups in place; other dialects compile again.
	if d := rapid.SampledFrom([]matcher.Dialect{matcher.DefaultDialect, matcher.DefaultDialect, matcher.GatewayAPI, matcher.IngressNGINX}).Draw(t, "dialect"); d != matcher.DefaultDialect {
		opts = append(opts, matcher.WithDialect(d))
	}
	ings := genIngresses(t)
	m := matcher.Compile(ings, opts...)
	cur := map[types.NamespacedName]*networkingv1.Ingress{}
	for _, ing := range ings {
		cur[types.NamespacedName{Namespace: ing.Namespace, Name: ing.Name}] = ing
	}
	for step := range rapid.IntRange(1, 4).Draw(t, "steps") {
		var upserts []*networkingv1.Ingress
		var removals []types.NamespacedName
		for _, ing := range genIngresses(t) {
			if rapid.Bool().Draw(t, "rename") {
				ing.Name = fmt.Sprintf("new%d-%s", step, ing.Name)
			}
			upserts = append(upserts, ing)
		}
		for k := range cur {
			if rapid.IntRange(0, 3).Draw(t, "remove") == 0 {
				removals = append(removals, k)
			}
		}
		removals = append(removals, types.NamespacedName{Namespace: "x", Name: "unknown"})
		m = m.Update(upserts, removals)
		for _, k := range removals {
			delete(cur, k)
		}
		for _, ing := range upserts {
			cur[types.NamespacedName{Namespace: ing.Namespace, Name: ing.Name}] = ing
		}
		var all []*networkingv1.Ingress
		for _, ing := range cur {
			all = append(all, ing)
		}
		fresh := matcher.Compile(all, opts...)
		for _, host := range reqHosts {
			for _, p := range reqPaths {
				a, aok := m.Match(host, p)
				b, bok := fresh.Match(host, p)
				// Actions are built by each Compile: equal values.
				sameAction := reflect.DeepEqual(a.Action, b.Action)
				a.Action, b.Action = nil, nil
				if a != b || aok != bok || !sameAction {
					t.Fatalf("step %d: Match(%q, %q) after Update = %s, %v; Compile says %s, %v", step, host, p, describe(a), aok, describe(b), bok)
				}
			}
		}
		if ia, ib := m.Ingresses(), fresh.Ingresses(); !slices.Equal(ia, ib) || m.Len() != fresh.Len() {
			t.Fatalf("step %d: after Update %d Ingresses and %d paths, after Compile %d and %d (or in another order)", step, len(ia), m.Len(), len(ib), fresh.Len())
		}
		da, db := m.Diagnostics(), fresh.Diagnostics()
		if len(da) != len(db) {
			t.Fatalf("step %d: %d diagnostics after Update, %d after Compile", step, len(da), len(db))
		}
		for i := range da {
			if da[i].String() != db[i].String() {
				t.Fatalf("step %d: diagnostic %d after Update %q, after Compile %q", step, i, da[i], db[i])
			}
		}
	}
}
