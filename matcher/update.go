package matcher

import (
	networkingv1 "k8s.io/api/networking/v1"
	"k8s.io/apimachinery/pkg/types"
)

// Update returns a Matcher for the Ingresses of m with changes applied, as
// an informer delivers them: each of upserts added, or replacing the
// Ingress of the same namespace and name; each Ingress named in removals
// removed (an unknown name is ignored). m itself is unchanged and stays
// safe to use; nil upserts are ignored. The result answers exactly as
// [Compile] of the resulting Ingresses with m's options does, diagnostics
// included.
//
// Cost: today Update compiles the resulting set again, so a change costs a
// full Compile (see README, "A million paths, updates, several cores"); the
// API is the one a controller keeps when Update comes to share the host
// groups a change does not touch.
func (m *Matcher) Update(upserts []*networkingv1.Ingress, removals []types.NamespacedName) *Matcher {
	key := func(ing *networkingv1.Ingress) types.NamespacedName {
		return types.NamespacedName{Namespace: ing.Namespace, Name: ing.Name}
	}
	gone := make(map[types.NamespacedName]bool, len(removals)+len(upserts))
	for _, k := range removals {
		gone[k] = true
	}
	for _, ing := range upserts {
		if ing != nil {
			gone[key(ing)] = true
		}
	}
	next := make([]*networkingv1.Ingress, 0, len(m.ingresses)+len(upserts))
	for _, ing := range m.ingresses {
		if !gone[key(ing)] {
			next = append(next, ing)
		}
	}
	added := map[types.NamespacedName]int{} // the last upsert of a name wins
	for _, ing := range upserts {
		if ing == nil {
			continue
		}
		if i, seen := added[key(ing)]; seen {
			next[i] = ing
			continue
		}
		added[key(ing)] = len(next)
		next = append(next, ing)
	}
	o := m.opts
	if o.tieBreak == nil { // the zero Matcher
		o = defaultOptions()
	}
	return compileWith(next, newHasher(), o)
}
