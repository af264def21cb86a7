package matcher_test

import (
	"slices"
	"strings"

	ingresslib "github.com/ingresslib/ingress"
	"github.com/ingresslib/ingress/hostmatch"
	"github.com/ingresslib/ingress/matcher"
	"github.com/ingresslib/ingress/pathmatch"
	networkingv1 "k8s.io/api/networking/v1"
)

// slowMatcher is the reference twin of matcher.Matcher, written straight
// from docs/semantics.md with pathmatch and hostmatch and no index:
// every request scans every path.
type slowMatcher struct {
	ingresses   []*networkingv1.Ingress // in tie-break order
	specific    pathmatch.Interpretation
	fallThrough bool
	perHost     bool
}

type slowPath struct {
	ing      *networkingv1.Ingress
	rule     int
	path     int
	host     string
	pattern  pathmatch.Pattern
	order    int // position in steps 3-4
	hostRank hostmatch.Rank
}

func newSlow(ings []*networkingv1.Ingress, specific pathmatch.Interpretation, fallThrough, perHost bool) *slowMatcher {
	sorted := slices.Clone(ings)
	sorted = slices.DeleteFunc(sorted, func(i *networkingv1.Ingress) bool { return i == nil })
	slices.SortStableFunc(sorted, ingresslib.OldestFirst)
	return &slowMatcher{ingresses: sorted, specific: specific, fallThrough: fallThrough, perHost: perHost}
}

// usable lists every path Compile would keep, in steps 3-4 order.
func (s *slowMatcher) usable() []slowPath {
	var out []slowPath
	for _, ing := range s.ingresses {
		for ri, rule := range ing.Spec.Rules {
			if rule.HTTP == nil || !hostUsable(rule.Host) {
				continue
			}
			for pi, p := range rule.HTTP.Paths {
				if p.PathType == nil {
					continue
				}
				pat, err := pathmatch.Compile(*p.PathType, p.Path, s.specific)
				if err != nil {
					continue
				}
				out = append(out, slowPath{ing, ri, pi, rule.Host, pat, len(out), hostmatch.RankOf(strings.TrimSuffix(rule.Host, "."))})
			}
		}
	}
	return out
}

// hostUsable reports whether a rule host can match any request host: it is
// empty, or matches some name built from it.
func hostUsable(h string) bool {
	h = strings.TrimSuffix(h, ".")
	if h == "" {
		return true
	}
	if suffix, ok := hostmatch.WildcardSuffix(h); ok {
		return hostmatch.Match(h, "x"+suffix)
	}
	return hostmatch.Match(h, h)
}

func (s *slowMatcher) match(host, path string) (matcher.Route, bool) {
	paths := s.usable()
	// Host groups that match the request, most specific first.
	var claiming []hostmatch.Rank
	for _, rank := range []hostmatch.Rank{hostmatch.RankExact, hostmatch.RankWildcard, hostmatch.RankCatchAll} {
		for _, p := range paths {
			if p.hostRank == rank && hostmatch.Match(p.host, host) {
				claiming = append(claiming, rank)
				break
			}
		}
	}
	if !s.fallThrough && len(claiming) > 1 {
		claiming = claiming[:1]
	}
	for _, rank := range claiming {
		var best *slowPath
		for i := range paths {
			p := &paths[i]
			if p.hostRank != rank || !hostmatch.Match(p.host, host) || !p.pattern.Match(path) {
				continue
			}
			if best == nil || slowBetter(p, best) {
				best = p
			}
		}
		if best != nil {
			hp := &best.ing.Spec.Rules[best.rule].HTTP.Paths[best.path]
			return matcher.Route{Ingress: best.ing, Host: best.host, Path: hp, Backend: hp.Backend, RuleIndex: best.rule, PathIndex: best.path}, true
		}
	}
	if s.perHost && len(claiming) > 0 {
		for _, p := range paths { // in tie-break order
			if p.hostRank == claiming[0] && hostmatch.Match(p.host, host) && p.ing.Spec.DefaultBackend != nil {
				return defaultRoute(p.ing), true
			}
		}
	}
	for _, ing := range s.ingresses {
		if ing.Spec.DefaultBackend != nil {
			return defaultRoute(ing), true
		}
	}
	return matcher.Route{}, false
}

func defaultRoute(ing *networkingv1.Ingress) matcher.Route {
	return matcher.Route{Ingress: ing, Backend: *ing.Spec.DefaultBackend, RuleIndex: -1, PathIndex: -1}
}

// slowBetter is precedence steps 1-4.
func slowBetter(a, b *slowPath) bool {
	if la, lb := a.pattern.Len(), b.pattern.Len(); la != lb {
		return la > lb
	}
	if c := pathmatch.Compare(a.pattern, b.pattern); c != 0 {
		return c < 0
	}
	return a.order < b.order
}
