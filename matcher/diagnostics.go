package matcher

import (
	"cmp"
	"fmt"
	"slices"

	"github.com/ingresslib/ingress"
	networkingv1 "k8s.io/api/networking/v1"
)

// The kinds of [ingress.Diagnostic] Compile reports. PathSkipped,
// PathShadowed, DuplicateName and InvalidField are warnings; HostShared is
// information.
const (
	// PathSkipped: a rule or path that Compile cannot match (no http, a host
	// that can never match, no pathType, an unknown pathType, a regular
	// expression that does not compile) and left out; Field names it, and a
	// nil entry of the input has Field "ingresses[i]" and no Object.
	PathSkipped ingress.Kind = "PathSkipped"
	// PathShadowed: a path, or a default backend, that can never serve a
	// request because an identical or equivalent one wins (Related).
	PathShadowed ingress.Kind = "PathShadowed"
	// HostShared: a host whose paths come from several Ingresses, merged;
	// Related is the first in tie-break order.
	HostShared ingress.Kind = "HostShared"
	// DuplicateName: an Ingress whose namespace and name come again later
	// in Compile's input; the later one routes (an informer keeps the last
	// object it receives for a name) and this one is left out. Related is
	// the one that routes.
	DuplicateName ingress.Kind = "DuplicateName"
	// InvalidField: a field the API server rejects (an empty or relative
	// path, a host that is not a lower-case DNS name, a backend with neither
	// service nor resource) that Compile still reads and routes as
	// documented.
	InvalidField ingress.Kind = "InvalidField"
)

// Diagnostics returns what Compile skipped, what can never win, which hosts
// are shared and what the API server would reject. Each names the Ingress
// (Object, an *networkingv1.Ingress) and field. They come grouped by Ingress
// in tie-break order (those about the input first: nil entries, names
// given twice); within
// one Ingress: skipped and invalid fields in field order, then shadowed
// paths in field order, shared hosts in rule order, and the default
// backend. The slice is the caller's to keep.
//
// A Matcher derived by [Matcher.Update] assembles its diagnostics on the
// first call (Update itself keeps them per host group), so that call costs
// time in proportion to the Ingresses; later calls only copy.
func (m *Matcher) Diagnostics() []ingress.Diagnostic {
	m.view()
	return slices.Clone(m.diags)
}

// view computes, once, the Ingresses in tie-break order and the
// diagnostics of a Matcher built on the default index, from the Ingresses'
// records and the host groups.
func (m *Matcher) view() {
	m.once.Do(func() {
		recs := m.names.all()
		slices.SortFunc(recs, m.compareRecs)
		m.ingresses = make([]*networkingv1.Ingress, len(recs))
		byIng := map[*networkingv1.Ingress][]diagnostic{}
		m.eachGroup(func(g *group) {
			for _, l := range g.leaves() {
				if l.x == nil {
					continue
				}
				for _, d := range l.x.diags {
					ing := d.Object.(*networkingv1.Ingress)
					byIng[ing] = append(byIng[ing], d)
				}
			}
			for _, d := range m.sharedNotes(g) {
				ing := d.Object.(*networkingv1.Ingress)
				byIng[ing] = append(byIng[ing], d)
			}
		})
		defAt := make(map[*networkingv1.Ingress]int, len(m.defs))
		for i := len(m.defs) - 1; i >= 0; i-- {
			defAt[m.defs[i].ing] = i
		}
		diags := slices.Clone(m.inputDiags)
		for i, r := range recs {
			m.ingresses[i] = r.ing
			diags = append(diags, r.diags...)
			ds := byIng[r.ing]
			slices.SortStableFunc(ds, func(a, b diagnostic) int {
				return cmp.Or(cmp.Compare(a.phase, b.phase), cmp.Compare(a.ri, b.ri), cmp.Compare(a.pi, b.pi))
			})
			for _, d := range ds {
				diags = append(diags, d.Diagnostic)
			}
			if r.ing.Spec.DefaultBackend == nil {
				continue
			}
			if why := backendError(*r.ing.Spec.DefaultBackend); why != "" {
				diags = append(diags, ingress.Diagnostic{Kind: InvalidField, Severity: ingress.Warning, Object: r.ing, Field: "spec.defaultBackend",
					Message: why + "; the API server rejects it, and the default backend is this empty backend"})
			}
			if m.hasDef && defAt[r.ing] > 0 && !m.opts.perHostDefault {
				diags = append(diags, ingress.Diagnostic{Kind: PathShadowed, Severity: ingress.Warning, Object: r.ing, Field: "spec.defaultBackend",
					Message: fmt.Sprintf("defaultBackend never serves a request: the defaultBackend of %s comes first in the tie-break order", ingress.ObjectName(m.def.Ingress)),
					Related: m.def.Ingress, RelatedField: "spec.defaultBackend"})
			}
		}
		m.diags = diags
	})
}

// sortDiagnostics orders diagnostics by the place of their Ingress in the
// tie-break order, keeping the order in which they were found within one
// Ingress; those without Ingress come first.
func (m *Matcher) sortDiagnostics() {
	pos := make(map[ingress.Object]int, len(m.ingresses))
	for i, ing := range m.ingresses {
		pos[ing] = i + 1
	}
	type keyed struct{ pos, i int }
	keys := make([]keyed, len(m.diags))
	for i, d := range m.diags {
		keys[i] = keyed{pos[d.Object], i}
	}
	slices.SortFunc(keys, func(a, b keyed) int { return cmp.Or(cmp.Compare(a.pos, b.pos), cmp.Compare(a.i, b.i)) })
	sorted := make([]ingress.Diagnostic, len(m.diags))
	for j, k := range keys {
		sorted[j] = m.diags[k.i]
	}
	m.diags = sorted
}
