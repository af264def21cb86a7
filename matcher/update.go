package matcher

import (
	"slices"
	"strings"

	"github.com/ingresslib/ingress"
	"github.com/ingresslib/ingress/hostmatch"
	networkingv1 "k8s.io/api/networking/v1"
	"k8s.io/apimachinery/pkg/types"
)

// Update returns a Matcher for the Ingresses of m with changes applied, as
// an informer delivers them: each of upserts added, or replacing the
// Ingresses of the same namespace and name; each Ingress named in removals
// removed (an unknown name is ignored; a name both removed and upserted ends
// up upserted). m itself is unchanged and stays safe to use; nil upserts
// are ignored. The result answers exactly as [Compile] of the resulting
// Ingresses with m's options does, diagnostics included, and keeps m's
// hash keys.
//
// Cost: the new Matcher shares every host group the change does not touch
// with m. Update reads the changed Ingresses, rebuilds the host groups they
// had or now have paths in (all the paths of those hosts, from every
// Ingress), and copies the small shards of the host and name indexes that
// hold them plus the index of those shards (a few bytes per 64 hosts). So a
// change costs time in proportion to the paths of the hosts it touches, not
// to the whole set; a host of 512 paths or more without regular
// expressions is kept in parts of about a hundred paths by key hash, and
// only the parts holding the change's paths are rebuilt. Under a dialect
// with its own engine (ingress-nginx, Traefik, Contour, Istio, HAProxy),
// whose controller ranks paths across hosts, Update compiles the resulting
// set again.
//
// Memory: Compile cuts its groups' arrays from a few large allocations; a
// derived Matcher copies the groups it still shares from them into arrays
// of their own once fewer than half remain, so a chain of Updates keeps
// about what a fresh Compile of the same Ingresses keeps, not the replaced
// Ingresses. Every Matcher derived from one Compile keeps that Compile's
// hash keys (its shared groups were hashed with them; they never leave the
// process). Compile again instead of updating when a change touches most
// hosts (Update rebuilds them one by one, which costs more than one
// Compile), or to draw fresh keys, say once a day, if a chain lives long.
func (m *Matcher) Update(upserts []*networkingv1.Ingress, removals []types.NamespacedName) *Matcher {
	// The change, name by name: the new Ingress, or nil for a removal;
	// upserts first, in order of arrival.
	set := make(map[types.NamespacedName]*networkingv1.Ingress, len(removals)+len(upserts))
	var order []types.NamespacedName
	for _, ing := range upserts {
		if ing == nil {
			continue
		}
		k := nameOf(ing)
		if _, seen := set[k]; !seen {
			order = append(order, k)
		}
		set[k] = ing // the last upsert of a name wins
	}
	for _, k := range removals {
		if _, seen := set[k]; !seen {
			order = append(order, k)
			set[k] = nil
		}
	}
	if m.opts.tieBreak == nil || m.opts.dialect.hasEngine() {
		return m.recompile(set, order)
	}

	n := &Matcher{opts: m.opts, hash: m.hash, hosts: m.hosts, catchAll: m.catchAll, defs: m.defs, npaths: m.npaths, nextOrd: m.nextOrd,
		slabGroups: m.slabGroups, slabLive: m.slabLive}
	var removed []*networkingv1.Ingress
	removedTops := map[groupKey][][]uint16{} // the key hashes' tops the removed Ingresses had in each group
	added := make(map[groupKey][]source, 16)
	var touched []groupKey
	touch := func(k groupKey) {
		if _, seen := added[k]; !seen {
			added[k] = nil
			touched = append(touched, k)
		}
	}
	names := make(map[types.NamespacedName][]*ingRec, len(order))
	defsChanged := false
	for _, k := range order {
		for _, r := range m.names.get(m.hash.seed, k) {
			removed = append(removed, r.ing)
			for gi, gk := range r.groups {
				touch(gk)
				removedTops[gk] = append(removedTops[gk], r.topsIn(gi))
			}
			defsChanged = defsChanged || r.hasDef // recorded: the object may have changed since
		}
		ing := set[k]
		if ing == nil {
			names[k] = nil
			continue
		}
		r := &ingRec{ing: ing, ord: n.nextOrd, hasDef: ing.Spec.DefaultBackend != nil}
		n.nextOrd++
		var gcs []groupCands
		r.diags, gcs = n.read(ing, nil)
		r.setTops(gcs)
		for _, gc := range gcs {
			r.groups = append(r.groups, gc.key)
			touch(gc.key)
			added[gc.key] = append(added[gc.key], source{ing: ing, ord: r.ord, cands: gc.cands})
		}
		defsChanged = defsChanged || ing.Spec.DefaultBackend != nil
		names[k] = []*ingRec{r}
	}
	n.names = m.names.with(m.hash.seed, names)

	var hostChanges []hostSlot
	for _, k := range touched {
		srcs := added[k]
		slices.SortFunc(srcs, n.compareSources)
		var g *group
		old := m.group(k)
		if old != nil {
			n.npaths -= old.count()
			if old.inSlab {
				n.slabLive--
			}
		}
		if old != nil && old.parted() {
			var ok bool
			if g, ok = n.updateParted(old, k, srcs, removed, removedTops[k]); !ok {
				srcs = append(m.wholeSources(old, removed), srcs...)
				slices.SortFunc(srcs, n.compareSources)
				g = n.buildAny(k, srcs)
			}
		} else {
			if old != nil {
				srcs = mergeOwners(old, srcs, removed, n.opts.tieBreak)
			}
			g = n.buildAny(k, srcs)
		}
		if g != nil {
			n.npaths += g.count()
		}
		if k.rank == hostmatch.RankCatchAll {
			n.catchAll = g
		} else {
			hostChanges = append(hostChanges, n.hostSlot(k, g))
		}
	}
	if len(hostChanges) > 0 {
		n.hosts = m.hosts.with(hostChanges, &n.hash)
	}
	if n.slabGroups > 0 && 2*n.slabLive < n.slabGroups {
		n.releaseSlab()
	}
	if defsChanged {
		var newDefs []defRef
		for _, k := range order {
			for _, r := range names[k] {
				if r.ing.Spec.DefaultBackend != nil {
					newDefs = append(newDefs, defRef{ing: r.ing, ord: r.ord, backend: *r.ing.Spec.DefaultBackend})
				}
			}
		}
		n.defs = n.mergeDefs(m.defs, removed, newDefs)
	}
	n.setDefault()
	return n
}

// releaseSlab copies every group n still holds from its Compile's slab
// into arrays of its own, so that the slab, and the replaced groups and
// Ingresses its other parts point to, can be collected. Update calls it
// once fewer than half of the slab's groups remain: it costs the paths of
// those groups, which the Updates since the Compile have rebuilt at least
// as many of, so it adds a constant factor to their cost.
func (n *Matcher) releaseSlab() {
	var hosts []hostSlot
	n.eachGroup(func(g *group) {
		if !g.inSlab {
			return
		}
		c := g.copyOut()
		if c.rank == hostmatch.RankCatchAll {
			n.catchAll = c
		} else {
			hosts = append(hosts, n.hostSlot(groupKey{c.rank, c.host}, c))
		}
	})
	if len(hosts) > 0 {
		n.hosts = n.hosts.with(hosts, &n.hash)
	}
	n.slabGroups, n.slabLive = 0, 0
}

// copyOut returns g with arrays of its own, not cut from a slab.
func (g *group) copyOut() *group {
	c := *g
	c.entries = slices.Clone(g.entries)
	c.owners = slices.Clone(g.owners)
	c.table = table{idx: slices.Clone(g.table.idx)}
	c.pslots = strings.Clone(g.pslots)
	c.inSlab = false
	return &c
}

// recompile is Update by a full Compile: for the zero Matcher and for
// dialects with an engine. The Ingresses m keeps come first, in their
// order, then the upserts in order of arrival.
func (m *Matcher) recompile(set map[types.NamespacedName]*networkingv1.Ingress, order []types.NamespacedName) *Matcher {
	m.view()
	next := make([]*networkingv1.Ingress, 0, len(m.ingresses)+len(order))
	for _, ing := range m.ingresses {
		if _, changed := set[nameOf(ing)]; !changed {
			next = append(next, ing)
		}
	}
	for _, k := range order {
		if ing := set[k]; ing != nil {
			next = append(next, ing)
		}
	}
	if m.opts.tieBreak == nil { // the zero Matcher
		return compileWith(next, newHasher(), defaultOptions())
	}
	return compileWith(next, newHasher(), m.opts)
}

// mergeDefs returns the Ingresses of old not in removed and those of
// added, in tie-break order.
func (m *Matcher) mergeDefs(old []defRef, removed []*networkingv1.Ingress, added []defRef) []defRef {
	var out []defRef
	gone := goneFunc(removed)
	for _, d := range old {
		if !gone(d.ing) {
			out = append(out, d)
		}
	}
	out = append(out, added...)
	slices.SortFunc(out, func(a, b defRef) int {
		return m.compareSources(source{ing: a.ing, ord: a.ord}, source{ing: b.ing, ord: b.ord})
	})
	return out
}

// buildAny builds the group of key k from srcs (in tie-break order): flat
// or in parts by its size; nil for no sources.
func (m *Matcher) buildAny(k groupKey, srcs []source) *group {
	switch {
	case len(srcs) == 0:
		return nil
	case partable(srcs):
		return m.buildParted(k, srcs)
	}
	g, _ := m.buildGroup(k, srcs, nil)
	return g
}

// goneFunc returns a function that reports whether an Ingress is one of
// removed: a search of the slice, or of a set once it is long.
func goneFunc(removed []*networkingv1.Ingress) func(*networkingv1.Ingress) bool {
	if len(removed) <= 8 {
		return func(ing *networkingv1.Ingress) bool { return slices.Contains(removed, ing) }
	}
	set := make(map[*networkingv1.Ingress]bool, len(removed))
	for _, ing := range removed {
		set[ing] = true
	}
	return func(ing *networkingv1.Ingress) bool { return set[ing] }
}

// mergeOwners returns the sources of a group rebuilt from old: its owners
// but those removed, in their order, and the new sources (in tie-break
// order) merged in. A new source goes after the old owners the tie-break
// order holds equal to it: it arrived later. No order key is looked up, so
// a host shared by many Ingresses costs a pass over its owners.
func mergeOwners(old *group, added []source, removed []*networkingv1.Ingress, order ingress.Order) []source {
	gone := goneFunc(removed)
	out := make([]source, 0, len(old.owners)+len(added))
	j := 0
	for _, o := range old.owners {
		if gone(o.ing) {
			continue
		}
		for j < len(added) && order.Compare(added[j].ing, o.ing) < 0 {
			out = append(out, added[j])
			j++
		}
		out = append(out, old.source(o))
	}
	return append(out, added[j:]...)
}
