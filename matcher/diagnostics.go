package matcher

import (
	"slices"

	networkingv1 "k8s.io/api/networking/v1"
)

// Kind classifies a [Diagnostic]. Its String is meant as the reason of a
// Kubernetes Event: Skipped and Shadowed are warnings, HostShared is normal.
type Kind uint8

const (
	// Skipped: a rule or path that Compile cannot match (no http, a host
	// that can never match, no pathType, an unknown pathType, a regular
	// expression that does not compile) and left out.
	Skipped Kind = iota + 1
	// Shadowed: a path, or a default backend, that can never serve a
	// request because an identical or equivalent one wins.
	Shadowed
	// HostShared: a host whose paths come from several Ingresses, merged.
	HostShared
	// Invalid: a field the API server rejects (an empty or relative path, a
	// host that is not a lower-case DNS name, a backend with neither service
	// nor resource) that Compile still reads and routes as documented.
	Invalid
)

// String returns "PathSkipped", "PathShadowed", "HostShared" or
// "InvalidField".
func (k Kind) String() string {
	switch k {
	case Skipped:
		return "PathSkipped"
	case Shadowed:
		return "PathShadowed"
	case HostShared:
		return "HostShared"
	case Invalid:
		return "InvalidField"
	}
	return "Unknown"
}

// Diagnostic is something a person should know about the Ingresses a
// Matcher was compiled from. Each names the Ingress and the field concerned,
// so that a controller can turn it into an Event on that Ingress.
type Diagnostic struct {
	Kind Kind
	// Ingress is the Ingress concerned; nil for a nil entry of the input.
	Ingress *networkingv1.Ingress
	// Field is the field path in Ingress, as in validation errors:
	// "spec.rules[0].http.paths[2].pathType".
	Field string
	// Message says what is wrong and what follows from it.
	Message string
	// By and ByField name the Ingress and field that win over this one
	// (Shadowed) or that came first (HostShared); nil and "" otherwise.
	By      *networkingv1.Ingress
	ByField string
}

// String returns "namespace/name: field: message".
func (d Diagnostic) String() string {
	if d.Ingress == nil {
		return d.Field + ": " + d.Message
	}
	return name(d.Ingress) + ": " + d.Field + ": " + d.Message
}

// Diagnostics returns what Compile skipped, what can never win, and which
// hosts are shared. They come grouped by Ingress in tie-break order (those
// about nil entries of the input first); within one Ingress, skipped rules
// and paths in field order, then shadowed paths, shared hosts, and a
// shadowed default backend. The slice is the caller's to keep.
func (m *Matcher) Diagnostics() []Diagnostic {
	return slices.Clone(m.diags)
}

// sortDiagnostics orders diagnostics by the place of their Ingress in the
// tie-break order, keeping the order in which they were found within one
// Ingress; those without Ingress come first.
func (m *Matcher) sortDiagnostics() {
	pos := make(map[*networkingv1.Ingress]int, len(m.ingresses))
	for i, ing := range m.ingresses {
		pos[ing] = i + 1
	}
	slices.SortStableFunc(m.diags, func(a, b Diagnostic) int { return pos[a.Ingress] - pos[b.Ingress] })
}
