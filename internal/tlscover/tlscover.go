// Package tlscover computes, once for tlsselect and validation, how the TLS
// hosts of an Ingress and the hosts of its rules cover each other.
package tlscover

import (
	"github.com/ingresslib/ingress/hostmatch"
	networkingv1 "k8s.io/api/networking/v1"
)

// TLSHost is spec.tls[Entry].hosts[Index] of an Ingress.
type TLSHost struct {
	Entry, Index int
	Host         string
}

// Check returns the TLS hosts of ing that no rule of ing serves (a rule
// serves a TLS host when either covers the other by hostmatch.Covers; a
// rule without host serves none), and, when ing has TLS hosts at all, the
// indices of its rules with a host that none of its TLS hosts covers. Both
// come in field order.
func Check(ing *networkingv1.Ingress) (unserved []TLSHost, uncovered []int) {
	hasHosts := false
	for e, t := range ing.Spec.TLS {
		for h, host := range t.Hosts {
			hasHosts = true
			served := false
			for _, r := range ing.Spec.Rules {
				served = served || hostmatch.Covers(host, r.Host) || hostmatch.Covers(r.Host, host)
			}
			if !served {
				unserved = append(unserved, TLSHost{e, h, host})
			}
		}
	}
	if !hasHosts {
		return unserved, nil
	}
	for i, r := range ing.Spec.Rules {
		if r.Host == "" {
			continue
		}
		covered := false
		for _, t := range ing.Spec.TLS {
			for _, host := range t.Hosts {
				covered = covered || hostmatch.Covers(host, r.Host)
			}
		}
		if !covered {
			uncovered = append(uncovered, i)
		}
	}
	return unserved, uncovered
}
