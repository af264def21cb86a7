package conformance_test

import (
	"fmt"
	"strings"

	"github.com/ingresslib/ingress/conformance"
	"github.com/ingresslib/ingress/hostmatch"
	"github.com/ingresslib/ingress/pathmatch"
	networkingv1 "k8s.io/api/networking/v1"
)

// toyRouter is the smallest router that passes the core cases: the most
// specific matching host first, then the winning path by pathmatch.Compare.
type toyRouter struct{ ings []*networkingv1.Ingress }

func (r toyRouter) Route(host, path string) (networkingv1.IngressBackend, bool) {
	for _, rank := range []hostmatch.Rank{hostmatch.RankExact, hostmatch.RankWildcard, hostmatch.RankCatchAll} {
		var best *networkingv1.HTTPIngressPath
		var bestPat pathmatch.Pattern
		for _, ing := range r.ings {
			for _, rule := range ing.Spec.Rules {
				if rule.HTTP == nil || hostmatch.RankOf(rule.Host) != rank || !hostmatch.Match(rule.Host, host) {
					continue
				}
				for i := range rule.HTTP.Paths {
					p := &rule.HTTP.Paths[i]
					if p.PathType == nil {
						continue
					}
					pat, err := pathmatch.Compile(*p.PathType, p.Path, pathmatch.AsPrefix())
					if err == nil && pat.Match(path) && (best == nil || pathmatch.Compare(pat, bestPat) < 0) {
						best, bestPat = p, pat
					}
				}
			}
		}
		if best != nil {
			return best.Backend, true
		}
	}
	return networkingv1.IngressBackend{}, false
}

// A controller checks its router in its own module with conformance.Run;
// here Check shows the summary. The toy router declares no feature, so only
// the core cases run.
func ExampleCheck() {
	rep, err := conformance.Check(func(ings []*networkingv1.Ingress) (conformance.Router, error) {
		return toyRouter{ings}, nil
	})
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(strings.SplitN(rep.String(), " (", 2)[0])
	// Output: ingresslib conformance: 34 passed, 0 failed, 30 skipped
}
