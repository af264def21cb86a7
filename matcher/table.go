package matcher

import (
	"cmp"
	"slices"
	"strings"

	"github.com/ingresslib/ingress"
	"github.com/ingresslib/ingress/hostmatch"
)

// HostTable is the routing table of one host group: its paths in the order
// they win, and its default backend.
type HostTable struct {
	// Host is the group's host pattern, lower-case ("foo.com",
	// "*.foo.com"); "" for the rules without host.
	Host string
	Rank hostmatch.Rank
	// Rows are the group's usable paths, the one that wins first: longer
	// patterns first, then Exact, Prefix, ImplementationSpecific, then
	// the tie-break order, rule and path order.
	Rows []TableRow
	// Default is the group's own default backend (WithPerHostDefaultBackend),
	// or nil.
	Default *Route
}

// TableRow is one path of a host group.
type TableRow struct {
	Route Route
	// Shadowed, when not "", says why the path never serves a request.
	Shadowed string
}

// Table returns the routing table: the host groups (exact hosts, then
// wildcards, then the rules without host, each by host) with their paths in
// precedence order, and the global default backend (nil for none). It is
// for people and tools (ingressroute table); it allocates. Under a dialect
// other than the default, whose controller orders paths its own way, it
// returns no groups.
func (m *Matcher) Table() (groups []HostTable, def *Route) {
	if m.hasDef {
		d := m.def
		def = &d
	}
	if m.eng != nil {
		return nil, def
	}
	why := map[[2]any]string{}
	for _, d := range m.Diagnostics() {
		if d.Kind == PathShadowed {
			why[[2]any{d.Object, d.Field}] = d.Message
		}
	}
	m.eachGroup(func(gr *group) {
		t := HostTable{Host: gr.host, Rank: gr.rank}
		if gr.def != nil {
			d := *gr.def
			t.Default = &d
		}
		var rows []hit
		for _, l := range gr.leaves() {
			for i := range l.entries {
				rows = append(rows, hit{g: l, i: int32(i)})
			}
		}
		slices.SortStableFunc(rows, m.compareHits)
		for _, r := range rows {
			e := &r.g.entries[r.i]
			t.Rows = append(t.Rows, TableRow{Route: r.g.route(e), Shadowed: why[[2]any{ingress.Object(e.ing), e.field()}]})
		}
		groups = append(groups, t)
	})
	slices.SortStableFunc(groups, func(a, b HostTable) int {
		if a.Rank != b.Rank {
			return cmp.Compare(a.Rank, b.Rank)
		}
		return strings.Compare(a.Host, b.Host)
	})
	return groups, def
}
