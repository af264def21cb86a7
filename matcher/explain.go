package matcher

import (
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

	exact, wild := int32(-1), int32(-1)
	if len(m.hostSlots) > 0 {
		exact, wild = m.hostGroupsAll(host)
	}
	groups := make([]int32, 0, 3)
	for _, g := range [3]int32{exact, wild, m.catchAll - 1} {
		if g >= 0 {
			groups = append(groups, g)
		}
	}
	if len(groups) == 0 {
		ex.NoGroup = true
		ex.ClaimedRank = hostmatch.RankCatchAll
	} else {
		ex.Claimed, ex.ClaimedRank = m.groups[groups[0]].host, m.groups[groups[0]].rank
	}

	winner := -1
	if found && route.Path != nil {
		winner = m.entryOf(route)
	}
	type cand struct {
		entry int
		order int // the group's place in groups
	}
	var cands []cand
	for i := range m.entries {
		e := &m.entries[i]
		order := slices.Index(groups, e.group)
		if order < 0 {
			continue
		}
		if m.matches(e, path) {
			cands = append(cands, cand{i, order})
		}
	}
	slices.SortStableFunc(cands, func(a, b cand) int {
		switch {
		case a.entry == winner:
			return -1
		case b.entry == winner:
			return +1
		case a.order != b.order:
			return a.order - b.order
		case m.better(&m.entries[a.entry], &m.entries[b.entry]):
			return -1
		case m.better(&m.entries[b.entry], &m.entries[a.entry]):
			return +1
		}
		return 0
	})
	for _, c := range cands {
		e := &m.entries[c.entry]
		cd := Candidate{Route: e.route, Won: c.entry == winner}
		if !cd.Won {
			cd.Reason = m.lostReason(e, winner, groups)
		}
		ex.Candidates = append(ex.Candidates, cd)
	}
	ex.Reason = m.outcome(&ex, winner)
	return ex
}

// matches reports whether the pattern of e matches path, with what Compile
// built: the key of an indexed entry, the compiled pattern of a scanned one.
func (m *Matcher) matches(e *entry, path string) bool {
	if e.at == 0 {
		return m.groups[e.group].scan[e.ref].pattern.Match(path)
	}
	key := m.pathSlots[e.ref].key
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
func (m *Matcher) hostGroupsAll(host string) (exact, wild int32) {
	name, ok := hostname.RuleName(host)
	if !ok {
		return -1, -1
	}
	return m.findHost(m.hash.host(name), name, false), m.wildcardGroup(name)
}

// entryOf returns the entry of a path route.
func (m *Matcher) entryOf(r Route) int {
	for i := range m.entries {
		if m.entries[i].route.Path == r.Path {
			return i
		}
	}
	return -1
}

func (m *Matcher) lostReason(e *entry, winner int, groups []int32) string {
	if winner < 0 && groups[0] == e.group {
		return "no path wins" // unreachable: a matching path of the claiming group wins
	}
	if winner < 0 || m.entries[winner].group != e.group {
		g := &m.groups[groups[0]]
		if winner >= 0 {
			g = &m.groups[m.entries[winner].group]
		}
		if g.rank < m.groups[e.group].rank {
			if m.opts.fallThrough {
				return fmt.Sprintf("host group %s, more specific, has a matching path", groupLabel(g))
			}
			return fmt.Sprintf("host group %s, more specific, claims the request", groupLabel(g))
		}
	}
	w := &m.entries[winner]
	wp, lp := w.route.Path, e.route.Path
	switch {
	case e.length != w.length:
		return fmt.Sprintf("shorter match: %d bytes against %d", e.length, w.length)
	case e.rank != w.rank:
		return fmt.Sprintf("%s loses to %s at equal length", *lp.PathType, *wp.PathType)
	case e.route.Ingress == w.route.Ingress:
		return "equal length and type; the winner comes earlier in the same Ingress"
	}
	return fmt.Sprintf("equal length and type; %s comes first in the tie-break order", ingress.ObjectName(w.route.Ingress))
}

func groupLabel(g *group) string {
	if g.rank == hostmatch.RankCatchAll {
		return "(rules without host)"
	}
	return strconv.Quote(g.host)
}

func (m *Matcher) outcome(ex *Explanation, winner int) string {
	switch {
	case winner >= 0:
		return fmt.Sprintf("the best matching path of host group %s", groupLabel(&m.groups[m.entries[winner].group]))
	case ex.Found && ex.NoGroup:
		return fmt.Sprintf("no rule's host matches; the default backend of %s serves", ingress.ObjectName(ex.Route.Ingress))
	case ex.Found:
		return fmt.Sprintf("no path of host group %s matches; the default backend of %s serves",
			groupLabel(&m.groups[m.groupOfClaim(ex)]), ingress.ObjectName(ex.Route.Ingress))
	case ex.NoGroup:
		return "no rule's host matches and there is no default backend: no route"
	}
	return fmt.Sprintf("no path of host group %s matches and there is no default backend: no route", groupLabel(&m.groups[m.groupOfClaim(ex)]))
}

func (m *Matcher) groupOfClaim(ex *Explanation) int {
	for g := range m.groups {
		if m.groups[g].host == ex.Claimed && m.groups[g].rank == ex.ClaimedRank {
			return g
		}
	}
	return 0
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
