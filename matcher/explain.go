package matcher

import (
	"cmp"
	"fmt"
	"slices"
	"strconv"
	"strings"

	"github.com/ingresslib/ingress"
	"github.com/ingresslib/ingress/hostmatch"
	"github.com/ingresslib/ingress/internal/backend"
	"github.com/ingresslib/ingress/internal/hostname"
	"github.com/ingresslib/ingress/pathmatch"
)

// Explanation says why [Matcher.Match] routes a request where it does.
type Explanation struct {
	// Host is the request host as read (normalised), Path the request path
	// as matched ("/" for "").
	Host, Path string
	// Route and Found are what Match returns.
	Route Route
	Found bool
	// Claimed is the host pattern of the host group that claims the request
	// (lower-case), and ClaimedRank its rank; ClaimedRank is
	// hostmatch.RankCatchAll and Claimed "" when only rules without host
	// apply. NoGroup is true when no host group matches the request at all.
	Claimed     string
	ClaimedRank hostmatch.Rank
	NoGroup     bool
	// Candidates lists every usable path whose host and path match the
	// request, the winner (if a path won) first, then in the order of host
	// groups and precedence.
	Candidates []Candidate
	// Reason sums up the outcome in one sentence.
	Reason string
}

// Candidate is a path that matches the request, and why it won or lost.
type Candidate struct {
	Route Route
	// Won is true for the path that serves the request.
	Won bool
	// Reason says why the path lost ("shorter match: 4 bytes against 8",
	// "Prefix loses to Exact at equal length", "ns/a comes first in the
	// tie-break order", "host group \"foo.com\" claims the request"); "" for
	// the winner.
	Reason string
}

// Explain returns the route of a request as [Matcher.Match] does, with every
// candidate path and the reason each lost. It is meant for people and
// tools: it allocates and tests every path of the host groups that match
// (with the patterns Compile built; nothing is compiled again), so its cost
// grows with the number of paths. Route with Match.
func (m *Matcher) Explain(host, path string) Explanation {
	if m.eng != nil {
		return m.eng.explain(host, path)
	}
	route, found := m.Match(host, path)
	if path == "" {
		path = "/"
	}
	ex := Explanation{Path: path, Route: route, Found: found}
	ex.Host, _ = hostmatch.Normalize(host)

	var exact, wild *group
	if m.hosts.n > 0 {
		exact, wild = m.hostGroupsAll(host)
	}
	groups := make([]*group, 0, 3)
	for _, g := range [3]*group{exact, wild, m.catchAll} {
		if g != nil {
			groups = append(groups, g)
		}
	}
	if len(groups) == 0 {
		ex.NoGroup = true
		ex.ClaimedRank = hostmatch.RankCatchAll
	} else {
		ex.Claimed, ex.ClaimedRank = groups[0].host, groups[0].rank
	}

	winner := hit{i: -1}
	if found && route.Path != nil {
		winner = entryOf(groups, route)
	}
	var cands []hit
	for order, g := range groups {
		for _, l := range g.leaves() {
			for i := range l.entries {
				if l.matches(int32(i), path) {
					cands = append(cands, hit{l, int32(i), order})
				}
			}
		}
	}
	slices.SortStableFunc(cands, func(a, b hit) int {
		switch {
		case a.is(winner):
			return -1
		case b.is(winner):
			return +1
		case a.order != b.order:
			return cmp.Compare(a.order, b.order)
		}
		return m.compareHits(a, b)
	})
	for _, c := range cands {
		e := &c.g.entries[c.i]
		cd := Candidate{Route: c.g.route(e), Won: c.is(winner)}
		if !cd.Won {
			cd.Reason = m.lostReason(c, winner, groups)
		}
		ex.Candidates = append(ex.Candidates, cd)
	}
	ex.Reason = m.outcome(&ex, winner, groups)
	return ex
}

// hit is an entry of a host group that matches the request.
type hit struct {
	g     *group // the group, or the part of it, that holds the entry
	i     int32
	order int // the host group's place among the groups that match the host
}

// compareHits orders two entries of one host group by precedence steps
// 1-4, the winner first; the entries may be in different parts.
func (m *Matcher) compareHits(a, b hit) int {
	if a.g == b.g {
		switch {
		case a.g.better(a.i, b.i):
			return -1
		case a.g.better(b.i, a.i):
			return +1
		}
		return 0
	}
	ea, eb := &a.g.entries[a.i], &b.g.entries[b.i]
	return cmp.Or(cmp.Compare(b.g.length(b.i), a.g.length(a.i)), cmp.Compare(ea.rank, eb.rank),
		m.opts.tieBreak.Compare(ea.ing, eb.ing), cmp.Compare(ea.ri, eb.ri), cmp.Compare(ea.pi, eb.pi))
}

func (c hit) is(d hit) bool { return c.g == d.g && c.i == d.i }

// matches reports whether the pattern of entry i matches path, with what
// Compile built: the key of an indexed entry, the compiled pattern of a
// scanned one.
func (g *group) matches(i int32, path string) bool {
	e := &g.entries[i]
	if e.at == 0 {
		return g.scan[e.ref].pattern.Match(path)
	}
	key := g.slotKey(e.ref)
	if !strings.HasPrefix(path, key) {
		return false
	}
	switch {
	case len(path) == len(key):
		return e.at&pathmatch.AtEnd != 0
	case path[len(key)] == '/':
		return e.at&pathmatch.AtSlash != 0
	}
	return e.at&pathmatch.AtAny != 0
}

// hostGroupsAll is hostGroups without the shortcut that skips the wildcard
// group when an exact group exists.
func (m *Matcher) hostGroupsAll(host string) (exact, wild *group) {
	name, ok := hostname.RuleName(host)
	if !ok {
		return nil, nil
	}
	return m.hosts.find(m.hash.host(name), name, false), m.wildcardGroup(name)
}

// entryOf returns the entry of a path route among groups.
func entryOf(groups []*group, r Route) hit {
	for order, g := range groups {
		for _, l := range g.leaves() {
			for i := range l.entries {
				if l.entries[i].path == r.Path {
					return hit{l, int32(i), order}
				}
			}
		}
	}
	return hit{i: -1}
}

func (m *Matcher) lostReason(c, winner hit, groups []*group) string {
	e := &c.g.entries[c.i]
	if winner.i < 0 && c.order == 0 {
		return "no path wins" // unreachable: a matching path of the claiming group wins
	}
	if winner.i < 0 || winner.order != c.order {
		g := groups[0]
		if winner.i >= 0 {
			g = winner.g
		}
		if g.rank < c.g.rank {
			if m.opts.fallThrough {
				return fmt.Sprintf("host group %s, more specific, has a matching path", groupLabel(g))
			}
			return fmt.Sprintf("host group %s, more specific, claims the request", groupLabel(g))
		}
	}
	w := &winner.g.entries[winner.i]
	wp, lp := w.path, e.path
	switch {
	case c.g.length(c.i) != winner.g.length(winner.i):
		return fmt.Sprintf("shorter match: %d bytes against %d", c.g.length(c.i), winner.g.length(winner.i))
	case e.rank != w.rank:
		return fmt.Sprintf("%s loses to %s at equal length", *lp.PathType, *wp.PathType)
	case e.ing == w.ing:
		return "equal length and type; the winner comes earlier in the same Ingress"
	}
	return fmt.Sprintf("equal length and type; %s comes first in the tie-break order", ingress.ObjectName(w.ing))
}

func groupLabel(g *group) string {
	if g.rank == hostmatch.RankCatchAll {
		return "(rules without host)"
	}
	return strconv.Quote(g.host)
}

func (m *Matcher) outcome(ex *Explanation, winner hit, groups []*group) string {
	switch {
	case winner.i >= 0:
		return fmt.Sprintf("the best matching path of host group %s", groupLabel(winner.g))
	case ex.Found && ex.NoGroup:
		return fmt.Sprintf("no rule's host matches; the default backend of %s serves", ingress.ObjectName(ex.Route.Ingress))
	case ex.Found:
		return fmt.Sprintf("no path of host group %s matches; the default backend of %s serves",
			groupLabel(groups[0]), ingress.ObjectName(ex.Route.Ingress))
	case ex.NoGroup:
		return "no rule's host matches and there is no default backend: no route"
	}
	return fmt.Sprintf("no path of host group %s matches and there is no default backend: no route", groupLabel(groups[0]))
}

// String returns the explanation as a few lines of text for a person.
func (ex Explanation) String() string {
	var b strings.Builder
	fmt.Fprintf(&b, "host %q path %q\n", ex.Host, ex.Path)
	if ex.Found {
		fmt.Fprintf(&b, "  → %s\n", ex.Route)
	} else {
		b.WriteString("  → no route\n")
	}
	fmt.Fprintf(&b, "  %s\n", ex.Reason)
	for _, c := range ex.Candidates {
		if c.Won {
			fmt.Fprintf(&b, "  ✓ %s\n", c.Route)
		} else {
			fmt.Fprintf(&b, "  ✗ %s: %s\n", c.Route, c.Reason)
		}
	}
	return b.String()
}

// String describes a route in one line: backend, Ingress, field, host and
// path, e.g. `service1:4200 ← default/simple-fanout-example
// spec.rules[0].http.paths[0] host "foo.bar.com" Prefix "/foo"`.
func (r Route) String() string {
	if r.Ingress == nil {
		return "no route"
	}
	s := backend.String(r.Backend) + " ← " + ingress.ObjectName(r.Ingress) + " " + r.Field()
	if r.Path == nil {
		return s
	}
	host := "*"
	if r.Host != "" {
		host = strconv.Quote(r.Host)
	}
	pt := "<none>"
	if r.Path.PathType != nil {
		pt = string(*r.Path.PathType)
	}
	return fmt.Sprintf("%s host %s %s %q", s, host, pt, r.Path.Path)
}
