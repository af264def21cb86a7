package matcher

import (
	"slices"

	"github.com/ingresslib/ingress"
)

// The kinds of [ingress.Diagnostic] Compile reports. PathSkipped,
// PathShadowed and InvalidField are warnings; HostShared is information.
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
	// InvalidField: a field the API server rejects (an empty or relative
	// path, a host that is not a lower-case DNS name, a backend with neither
	// service nor resource) that Compile still reads and routes as
	// documented.
	InvalidField ingress.Kind = "InvalidField"
)

// Diagnostics returns what Compile skipped, what can never win, which hosts
// are shared and what the API server would reject. Each names the Ingress
// (Object, an *networkingv1.Ingress) and field. They come grouped by Ingress
// in tie-break order (those about nil entries of the input first); within
// one Ingress, in the order Compile found them: skipped and invalid fields
// in field order, then shadowed paths, shared hosts, and the default
// backend. The slice is the caller's to keep.
func (m *Matcher) Diagnostics() []ingress.Diagnostic {
	return slices.Clone(m.diags)
}

// sortDiagnostics orders diagnostics by the place of their Ingress in the
// tie-break order, keeping the order in which they were found within one
// Ingress; those without Ingress come first.
func (m *Matcher) sortDiagnostics() {
	pos := make(map[ingress.Object]int, len(m.ingresses))
	for i, ing := range m.ingresses {
		pos[ing] = i + 1
	}
	slices.SortStableFunc(m.diags, func(a, b ingress.Diagnostic) int { return pos[a.Object] - pos[b.Object] })
}
