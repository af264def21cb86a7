package matcher

import (
	"fmt"
	"testing"

	networkingv1 "k8s.io/api/networking/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/types"
)

// shareIngress is an Ingress with one Prefix path under each host.
func shareIngress(name string, hosts ...string) *networkingv1.Ingress {
	ing := &networkingv1.Ingress{ObjectMeta: metav1.ObjectMeta{Namespace: "ns", Name: name}}
	pt := networkingv1.PathTypePrefix
	for _, h := range hosts {
		ing.Spec.Rules = append(ing.Spec.Rules, networkingv1.IngressRule{Host: h, IngressRuleValue: networkingv1.IngressRuleValue{HTTP: &networkingv1.HTTPIngressRuleValue{
			Paths: []networkingv1.HTTPIngressPath{{Path: "/" + name, PathType: &pt, Backend: networkingv1.IngressBackend{Service: &networkingv1.IngressServiceBackend{Name: name, Port: networkingv1.ServiceBackendPort{Number: 80}}}}}}}})
	}
	return ing
}

// groupsByHost returns every host group of m by host.
func groupsByHost(m *Matcher) map[string]*group {
	out := map[string]*group{}
	m.eachGroup(func(g *group) { out[g.host] = g })
	return out
}

// TestUpdateShares checks that Update rebuilds exactly the host groups the
// changed Ingresses had or now have paths in, and shares every other group
// (the same pointer) with the Matcher it derives from, for upserts that
// replace, add and move hosts, and for removals.
func TestUpdateShares(t *testing.T) {
	var ings []*networkingv1.Ingress
	for i := range 300 {
		ings = append(ings, shareIngress(fmt.Sprintf("i%d", i), fmt.Sprintf("h%d.example.com", i), fmt.Sprintf("*.w%d.example.com", i)))
	}
	ings = append(ings, shareIngress("catch", ""), shareIngress("shared", "h7.example.com"))
	m := Compile(ings)
	for _, tc := range []struct {
		name     string
		upserts  []*networkingv1.Ingress
		removals []types.NamespacedName
		rebuilt  []string // the hosts whose group is new or gone
	}{
		{"replace", []*networkingv1.Ingress{shareIngress("i5", "h5.example.com", "*.w5.example.com")}, nil, []string{"h5.example.com", "*.w5.example.com"}},
		{"move", []*networkingv1.Ingress{shareIngress("i5", "new.example.com")}, nil, []string{"h5.example.com", "*.w5.example.com", "new.example.com"}},
		{"shared host", []*networkingv1.Ingress{shareIngress("shared", "h8.example.com")}, nil, []string{"h7.example.com", "h8.example.com"}},
		{"catch-all", nil, []types.NamespacedName{{Namespace: "ns", Name: "catch"}}, []string{""}},
		{"remove", nil, []types.NamespacedName{{Namespace: "ns", Name: "i9"}, {Namespace: "ns", Name: "unknown"}}, []string{"h9.example.com", "*.w9.example.com"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			n := m.Update(tc.upserts, tc.removals)
			before, after := groupsByHost(m), groupsByHost(n)
			want := map[string]bool{}
			for _, h := range tc.rebuilt {
				want[h] = true
			}
			shared := 0
			for host, g := range before {
				switch {
				case want[host] && after[host] == g:
					t.Errorf("host %q: the changed group is shared, not rebuilt", host)
				case !want[host] && after[host] != g:
					t.Errorf("host %q: an untouched group was rebuilt", host)
				case !want[host]:
					shared++
				}
			}
			for host := range after {
				if before[host] == nil && !want[host] {
					t.Errorf("host %q: a group appeared that the change does not touch", host)
				}
			}
			if shared < 590 {
				t.Errorf("%d groups shared, want all but the %d touched of %d", shared, len(tc.rebuilt), len(before))
			}
			// The host shards too: only those of a touched host are copied.
			if len(n.hosts.shards) == len(m.hosts.shards) {
				copied := 0
				for i := range m.hosts.shards {
					if &m.hosts.shards[i][0] != &n.hosts.shards[i][0] {
						copied++
					}
				}
				indexed := len(tc.rebuilt) // the catch-all is not in the index
				if want[""] {
					indexed--
				}
				if copied > indexed || indexed > 0 && copied == 0 {
					t.Errorf("%d of %d host shards copied for %d touched hosts", copied, len(m.hosts.shards), indexed)
				}
			} else {
				t.Errorf("the host index went from %d to %d shards for one change", len(m.hosts.shards), len(n.hosts.shards))
			}
			fresh := Compile(n.Ingresses())
			if got, want := n.Len(), fresh.Len(); got != want {
				t.Errorf("Len after Update = %d, Compile says %d", got, want)
			}
			// Lookups go through the copied and the shared shards alike.
			for i := range 300 {
				for _, host := range []string{fmt.Sprintf("h%d.example.com", i), fmt.Sprintf("x.w%d.example.com", i), "new.example.com", "other.example.com"} {
					for _, p := range []string{fmt.Sprintf("/i%d/x", i), "/catch", "/shared", "/i5"} {
						a, aok := n.Match(host, p)
						b, bok := fresh.Match(host, p)
						if aok != bok || aok && (a.Ingress.Name != b.Ingress.Name || a.Field() != b.Field()) {
							t.Fatalf("Match(%s, %s) after Update = %v, %v; Compile says %v, %v", host, p, a, aok, b, bok)
						}
					}
				}
			}
		})
	}
}

// TestUpdateGrowsShards: many additions one at a time rebuild the indexes
// with more shards, so shards stay small (what Update copies per change).
func TestUpdateGrowsShards(t *testing.T) {
	m := Compile(nil)
	for i := range 2000 {
		m = m.Update([]*networkingv1.Ingress{shareIngress(fmt.Sprintf("i%d", i), fmt.Sprintf("h%d.example.com", i))}, nil)
	}
	if m.hosts.n != 2000 || m.names.n != 2000 {
		t.Fatalf("%d hosts and %d names, want 2000 each", m.hosts.n, m.names.n)
	}
	for _, s := range m.hosts.shards {
		if len(s) > tableSize(4*perShard*4) {
			t.Errorf("a host shard of %d words after 2,000 additions (%d shards)", len(s), len(m.hosts.shards))
		}
	}
	if len(m.hosts.shards) < 2000/(4*perShard) || len(m.names.shards) < 2000/(4*perShard) {
		t.Errorf("%d host shards and %d name shards for 2,000 hosts", len(m.hosts.shards), len(m.names.shards))
	}
	// Every host routes to its own Ingress through the grown index, and,
	// halfway through the removals, exactly the remaining ones do.
	routes := func(from int) {
		t.Helper()
		for i := range 2000 {
			r, ok := m.Match(fmt.Sprintf("h%d.example.com", i), fmt.Sprintf("/i%d/x", i))
			if want := i >= from; ok != want || ok && r.Ingress.Name != fmt.Sprintf("i%d", i) {
				t.Fatalf("Match(h%d) = %v, %v; want a route %v", i, r, ok, want)
			}
		}
	}
	routes(0)
	for i := range 2000 {
		m = m.Update(nil, []types.NamespacedName{{Namespace: "ns", Name: fmt.Sprintf("i%d", i)}})
		if i == 999 {
			routes(1000)
		}
	}
	if m.hosts.n != 0 || m.names.n != 0 || len(m.hosts.shards) > 1 || len(m.names.shards) > 1 {
		t.Errorf("after removing all: %d hosts, %d names, %d and %d shards", m.hosts.n, m.names.n, len(m.hosts.shards), len(m.names.shards))
	}
	if _, ok := m.Match("h1.example.com", "/i1"); ok {
		t.Errorf("Match after removing everything found a route")
	}
}

// TestUpdateParts checks that a host shared by many Ingresses is split into
// parts, that Update rebuilds only the parts whose keys the change has
// (sharing the others by pointer), and that the result still routes.
func TestUpdateParts(t *testing.T) {
	defer SetPartSizes(64, 16)()
	var ings []*networkingv1.Ingress
	for i := range 400 {
		ings = append(ings, shareIngress(fmt.Sprintf("job%d", i), "gpu.example.com"))
	}
	// job5 also has 300 paths on another host: taking it out of the shared
	// host must rebuild the one part its path there is in, not those its
	// other paths' keys would fall in.
	wide := shareIngress("job5", "gpu.example.com")
	pt := networkingv1.PathTypePrefix
	other := networkingv1.IngressRule{Host: "other.example.com", IngressRuleValue: networkingv1.IngressRuleValue{HTTP: &networkingv1.HTTPIngressRuleValue{}}}
	for j := range 300 {
		other.HTTP.Paths = append(other.HTTP.Paths, networkingv1.HTTPIngressPath{Path: fmt.Sprintf("/other/%d", j), PathType: &pt,
			Backend: networkingv1.IngressBackend{Service: &networkingv1.IngressServiceBackend{Name: "other", Port: networkingv1.ServiceBackendPort{Number: 80}}}})
	}
	wide.Spec.Rules = append(wide.Spec.Rules, other)
	ings[5] = wide
	m := Compile(ings)
	g := groupsByHost(m)["gpu.example.com"]
	if !g.parted() || len(g.x.parts) < 16 {
		t.Fatalf("a host of 400 paths is not split into parts (parted %v)", g.parted())
	}
	for _, tc := range []struct {
		name     string
		upserts  []*networkingv1.Ingress
		removals []types.NamespacedName
	}{
		{"add", []*networkingv1.Ingress{shareIngress("new", "gpu.example.com")}, nil},
		{"replace", []*networkingv1.Ingress{shareIngress("job7", "gpu.example.com")}, nil},
		{"remove", nil, []types.NamespacedName{{Namespace: "ns", Name: "job9"}}},
		{"replace one with paths on another host", []*networkingv1.Ingress{shareIngress("job5", "gpu.example.com")}, nil},
	} {
		t.Run(tc.name, func(t *testing.T) {
			n := m.Update(tc.upserts, tc.removals)
			ng := groupsByHost(n)["gpu.example.com"]
			if !ng.parted() || len(ng.x.parts) != len(g.x.parts) {
				t.Fatalf("the group is no longer split the same way")
			}
			rebuilt := 0
			for i := range g.x.parts {
				if g.x.parts[i] != ng.x.parts[i] {
					rebuilt++
				}
			}
			if rebuilt != 1 { // its one path is in one part
				t.Errorf("%d of %d parts rebuilt for one Ingress of one path", rebuilt, len(g.x.parts))
			}
			fresh := Compile(n.Ingresses())
			for _, name := range []string{"new", "job7", "job9", "job8", "job399"} {
				a, aok := n.Match("gpu.example.com", "/"+name+"/x")
				b, bok := fresh.Match("gpu.example.com", "/"+name+"/x")
				if a != b || aok != bok {
					t.Errorf("Match(/%s/x) after Update = %v, %v; Compile says %v, %v", name, a, aok, b, bok)
				}
			}
			if len(n.Diagnostics()) != len(fresh.Diagnostics()) || n.Len() != fresh.Len() {
				t.Errorf("after Update %d diagnostics and %d paths; Compile %d and %d", len(n.Diagnostics()), n.Len(), len(fresh.Diagnostics()), fresh.Len())
			}
		})
	}
}

// TestUpdateAfterInPlaceEdit: a caller that changes an Ingress in place
// after giving it (a common informer bug) and then replaces it through
// Update gets what Compile of the resulting set gives: Update takes the
// old object out by what it recorded, not by reading it again. A host in
// parts (600 jobs), for a replacement that stays in parts and for one
// that makes the host fall back to one group.
func TestUpdateAfterInPlaceEdit(t *testing.T) {
	pt := networkingv1.PathTypePrefix
	job := func(i int, p string) *networkingv1.Ingress {
		return &networkingv1.Ingress{ObjectMeta: metav1.ObjectMeta{Namespace: "jobs", Name: fmt.Sprint("job", i), CreationTimestamp: metav1.Unix(int64(i), 0)},
			Spec: networkingv1.IngressSpec{Rules: []networkingv1.IngressRule{{Host: "gpu.example.com", IngressRuleValue: networkingv1.IngressRuleValue{HTTP: &networkingv1.HTTPIngressRuleValue{
				Paths: []networkingv1.HTTPIngressPath{{Path: p, PathType: &pt, Backend: networkingv1.IngressBackend{Service: &networkingv1.IngressServiceBackend{Name: fmt.Sprint("job", i), Port: networkingv1.ServiceBackendPort{Number: 80}}}}}}}}}},
		}
	}
	for _, removeMost := range []bool{false, true} {
		var ings []*networkingv1.Ingress
		for i := range 600 {
			ings = append(ings, job(i, fmt.Sprintf("/ingress/job%d", i)))
		}
		m := Compile(ings)
		if !m.hosts.find(m.hash.host("gpu.example.com"), "gpu.example.com", false).parted() {
			t.Fatal("600 paths on one host are not in parts")
		}
		ings[7].Spec.Rules[0].HTTP.Paths[0].Path = "/edited" // in place, after Compile
		replacement := job(7, "/ingress/job7-v2")
		var removals []types.NamespacedName
		kept := []*networkingv1.Ingress{replacement}
		for i, ing := range ings {
			switch {
			case i == 7:
			case removeMost && i > 20:
				removals = append(removals, types.NamespacedName{Namespace: "jobs", Name: ing.Name})
			default:
				kept = append(kept, ing)
			}
		}
		got, want := m.Update([]*networkingv1.Ingress{replacement}, removals), Compile(kept)
		if got.Len() != want.Len() {
			t.Errorf("removeMost %v: Len() = %d after Update, %d after Compile", removeMost, got.Len(), want.Len())
		}
		for _, p := range []string{"/ingress/job7", "/ingress/job7-v2", "/edited", "/ingress/job8/x", "/ingress/job30"} {
			g, gok := got.Match("gpu.example.com", p)
			w, wok := want.Match("gpu.example.com", p)
			if gok != wok || g.Path != w.Path {
				t.Errorf("removeMost %v: Match(%q) = %v, %v after Update; %v, %v after Compile", removeMost, p, g.Path, gok, w.Path, wok)
			}
		}
	}
}
