package tlsselect

import (
	"crypto/tls"
	"crypto/x509"
	"errors"
	"fmt"
	"slices"
	"time"

	"github.com/ingresslib/ingress/hostmatch"
	corev1 "k8s.io/api/core/v1"
	networkingv1 "k8s.io/api/networking/v1"
)

// Kind classifies a [Diagnostic]; its String suits a Kubernetes Event's
// reason. All kinds are warnings.
type Kind uint8

// The kinds of diagnostic.
const (
	// UnservedTLSHost: a TLS host no rule of the same Ingress serves.
	UnservedTLSHost Kind = iota + 1
	// UncoveredRuleHost: a rule host of an Ingress with TLS hosts that none
	// of them covers.
	UncoveredRuleHost
	// SecretConflict: one host given different Secrets by different
	// Ingresses; the loser never serves it.
	SecretConflict
	// BadCertificate: the Secret of a selected entry is missing or its
	// certificate does not serve the host (WithSecrets).
	BadCertificate
)

// String returns the kind's name.
func (k Kind) String() string {
	switch k {
	case UnservedTLSHost:
		return "UnservedTLSHost"
	case UncoveredRuleHost:
		return "UncoveredRuleHost"
	case SecretConflict:
		return "SecretConflict"
	case BadCertificate:
		return "BadCertificate"
	}
	return "Unknown"
}

// Diagnostic is a problem with the TLS entries, naming the Ingress and
// field concerned.
type Diagnostic struct {
	Kind    Kind
	Ingress *networkingv1.Ingress
	Field   string
	Message string
	// By is the Ingress whose entry wins (SecretConflict).
	By *networkingv1.Ingress
}

// String returns "namespace/name: field: message"; it is safe on the zero
// Diagnostic.
func (d Diagnostic) String() string { return name(d.Ingress) + ": " + d.Field + ": " + d.Message }

func name(ing *networkingv1.Ingress) string {
	if ing == nil {
		return "<no Ingress>"
	}
	if ing.Namespace == "" {
		return ing.Name
	}
	return ing.Namespace + "/" + ing.Name
}

// Diagnostics returns the problems found by Compile, grouped by kind in the
// order of the constants, then in Ingress order.
func (s *Selector) Diagnostics() []Diagnostic {
	out := slices.Clone(s.diags)
	slices.SortStableFunc(out, func(a, b Diagnostic) int { return int(a.Kind) - int(b.Kind) })
	return out
}

// conflict reports that loser's entry for a host loses to winner's.
func (s *Selector) conflict(winner, loser Certificate) {
	if winner.Ingress.Namespace == loser.Ingress.Namespace && winner.SecretName == loser.SecretName {
		return // the same Secret: nothing is lost
	}
	why := "an earlier entry of the same Ingress"
	if winner.Ingress != loser.Ingress {
		why = fmt.Sprintf("%s, first in the tie-break order (older, or namespace and name)", name(winner.Ingress))
	}
	s.diags = append(s.diags, Diagnostic{Kind: SecretConflict, Ingress: loser.Ingress, Field: loser.Field(), By: winner.Ingress,
		Message: fmt.Sprintf("host %q: secret %q is never served; secret %q of %s (%s) is", loser.Host, secretName(loser), secretName(winner), why, winner.Field())})
}

func secretName(c Certificate) string {
	if c.Ingress.Namespace == "" {
		return c.SecretName
	}
	return c.Ingress.Namespace + "/" + c.SecretName
}

// coverage reports TLS hosts no rule serves and rule hosts no TLS host
// covers, Ingress by Ingress.
func (s *Selector) coverage(ings []*networkingv1.Ingress) {
	for _, ing := range ings {
		hasHosts := false
		for e, t := range ing.Spec.TLS {
			for h, host := range t.Hosts {
				hasHosts = true
				served := false
				for _, r := range ing.Spec.Rules {
					served = served || hostmatch.Covers(host, r.Host) || hostmatch.Covers(r.Host, host)
				}
				if !served {
					s.diags = append(s.diags, Diagnostic{Kind: UnservedTLSHost, Ingress: ing, Field: fmt.Sprintf("spec.tls[%d].hosts[%d]", e, h),
						Message: fmt.Sprintf("TLS host %q: no rule of this Ingress serves it", host)})
				}
			}
		}
		if !hasHosts {
			continue
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
				s.diags = append(s.diags, Diagnostic{Kind: UncoveredRuleHost, Ingress: ing, Field: fmt.Sprintf("spec.rules[%d].host", i),
					Message: fmt.Sprintf("rule host %q: none of this Ingress's TLS hosts covers it", r.Host)})
			}
		}
	}
}

// checkSecrets checks the certificate of every selected entry.
func (s *Selector) checkSecrets(secrets []*corev1.Secret, now time.Time) {
	byName := map[[2]string]*corev1.Secret{}
	for _, sec := range secrets {
		if sec != nil {
			byName[[2]string{sec.Namespace, sec.Name}] = sec
		}
	}
	var selected []Certificate
	for _, c := range s.exact {
		selected = append(selected, c)
	}
	for _, c := range s.wildcard {
		selected = append(selected, c)
	}
	if s.hasDef {
		selected = append(selected, s.def)
	}
	slices.SortFunc(selected, func(a, b Certificate) int {
		if c := compareIngresses(nil, a.Ingress, b.Ingress); c != 0 {
			return c
		}
		if a.Entry != b.Entry {
			return a.Entry - b.Entry
		}
		return a.HostIndex - b.HostIndex
	})
	for _, c := range selected {
		if c.SecretName == "" {
			continue // TLS without a Secret: the controller's default certificate
		}
		sec, ok := byName[[2]string{c.Ingress.Namespace, c.SecretName}]
		if !ok {
			s.diags = append(s.diags, Diagnostic{Kind: BadCertificate, Ingress: c.Ingress, Field: c.Field(),
				Message: fmt.Sprintf("secret %q not found", secretName(c))})
			continue
		}
		for _, err := range CheckSecret(sec, c.Host, now) {
			s.diags = append(s.diags, Diagnostic{Kind: BadCertificate, Ingress: c.Ingress, Field: c.Field(), Message: err.Error()})
		}
	}
}

// KeyPair parses a kubernetes.io/tls Secret (keys tls.crt and tls.key) into a
// tls.Certificate with its Leaf set.
func KeyPair(secret *corev1.Secret) (tls.Certificate, error) {
	if secret == nil {
		return tls.Certificate{}, errors.New("tlsselect: nil Secret")
	}
	id := secretID(secret)
	if secret.Type != corev1.SecretTypeTLS {
		return tls.Certificate{}, fmt.Errorf("secret %s: type is %q, want kubernetes.io/tls", id, secret.Type)
	}
	crt, key := secret.Data[corev1.TLSCertKey], secret.Data[corev1.TLSPrivateKeyKey]
	switch {
	case len(crt) == 0:
		return tls.Certificate{}, fmt.Errorf("secret %s: no %s", id, corev1.TLSCertKey)
	case len(key) == 0:
		return tls.Certificate{}, fmt.Errorf("secret %s: no %s", id, corev1.TLSPrivateKeyKey)
	}
	pair, err := tls.X509KeyPair(crt, key)
	if err != nil {
		return tls.Certificate{}, fmt.Errorf("secret %s: certificate and key do not make a key pair: %w", id, err)
	}
	if pair.Leaf == nil {
		if pair.Leaf, err = x509.ParseCertificate(pair.Certificate[0]); err != nil {
			return tls.Certificate{}, fmt.Errorf("secret %s: %w", id, err)
		}
	}
	return pair, nil
}

func secretID(s *corev1.Secret) string {
	if s.Namespace == "" {
		return fmt.Sprintf("%q", s.Name)
	}
	return fmt.Sprintf("%q", s.Namespace+"/"+s.Name)
}

// CheckSecret returns the problems of a TLS Secret for a host at a time:
// not of type kubernetes.io/tls, tls.crt or tls.key missing, a certificate
// and key that do not make a pair (unparsable, or the key is not the
// certificate's), a certificate not valid at now (expired, or not yet
// valid), and one that does not cover the host by crypto/x509's hostname
// rules. For a wildcard host *.foo.com the certificate must cover any
// name of the form label.foo.com; an empty host (an entry with no hosts)
// is not checked against names. Each error names the Secret and the host.
func CheckSecret(secret *corev1.Secret, host string, now time.Time) []error {
	pair, err := KeyPair(secret)
	if err != nil {
		return []error{err}
	}
	var errs []error
	leaf, id := pair.Leaf, secretID(secret)
	switch {
	case now.After(leaf.NotAfter):
		errs = append(errs, fmt.Errorf("secret %s: certificate for host %q expired at %s", id, host, leaf.NotAfter.UTC().Format(time.RFC3339)))
	case now.Before(leaf.NotBefore):
		errs = append(errs, fmt.Errorf("secret %s: certificate for host %q is not valid before %s", id, host, leaf.NotBefore.UTC().Format(time.RFC3339)))
	}
	if host != "" {
		name := host
		if suffix, ok := hostmatch.WildcardSuffix(host); ok {
			name = "wildcard-probe" + suffix
		}
		if err := leaf.VerifyHostname(name); err != nil {
			errs = append(errs, fmt.Errorf("secret %s: certificate does not cover host %q: %v", id, host, err))
		}
	}
	return errs
}
