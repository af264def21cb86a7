package tlsselect

import (
	"cmp"
	"crypto/tls"
	"crypto/x509"
	"errors"
	"fmt"
	"slices"
	"time"

	"github.com/ingresslib/ingress"
	"github.com/ingresslib/ingress/hostmatch"
	"github.com/ingresslib/ingress/internal/tlscover"
	corev1 "k8s.io/api/core/v1"
	networkingv1 "k8s.io/api/networking/v1"
)

// The kinds of [ingress.Diagnostic] a Selector reports, in the order
// Diagnostics lists them; all are warnings.
const (
	// UnservedTLSHost: a TLS host no rule of the same Ingress serves.
	UnservedTLSHost ingress.Kind = "UnservedTLSHost"
	// UncoveredRuleHost: a rule host of an Ingress with TLS hosts that none
	// of them covers.
	UncoveredRuleHost ingress.Kind = "UncoveredRuleHost"
	// SecretConflict: one host given different Secrets by different
	// Ingresses; the loser never serves it. Related is the winner.
	SecretConflict ingress.Kind = "SecretConflict"
	// BadCertificate: the Secret of a selected entry is missing or its
	// certificate does not serve the host (WithSecrets).
	BadCertificate ingress.Kind = "BadCertificate"
)

var kindOrder = []ingress.Kind{UnservedTLSHost, UncoveredRuleHost, SecretConflict, BadCertificate}

// Diagnostics returns the problems found by Compile, each naming the
// Ingress (Object) and field: grouped by kind in the order of the
// constants, then in the tie-break order of the Ingresses.
func (s *Selector) Diagnostics() []ingress.Diagnostic {
	out := slices.Clone(s.diags)
	slices.SortStableFunc(out, func(a, b ingress.Diagnostic) int {
		return cmp.Compare(slices.Index(kindOrder, a.Kind), slices.Index(kindOrder, b.Kind))
	})
	return out
}

func (s *Selector) warn(kind ingress.Kind, ing *networkingv1.Ingress, fld, msg string) {
	s.diags = append(s.diags, ingress.Diagnostic{Kind: kind, Severity: ingress.Warning, Object: ing, Field: fld, Message: msg})
}

// conflict reports that loser's entry for a host loses to winner's.
func (s *Selector) conflict(winner, loser Certificate) {
	if winner.Ingress.Namespace == loser.Ingress.Namespace && winner.SecretName == loser.SecretName {
		return // the same Secret: nothing is lost
	}
	why := "an earlier entry of the same Ingress"
	if winner.Ingress != loser.Ingress {
		why = fmt.Sprintf("%s, first in the tie-break order (older, or namespace and name)", ingress.ObjectName(winner.Ingress))
	}
	s.diags = append(s.diags, ingress.Diagnostic{Kind: SecretConflict, Severity: ingress.Warning, Object: loser.Ingress, Field: loser.Field(),
		Message:      fmt.Sprintf("host %q: secret %q is never served; secret %q of %s (%s) is", loser.Host, secretName(loser), secretName(winner), why, winner.Field()),
		Related:      winner.Ingress,
		RelatedField: winner.Field()})
}

func secretName(c Certificate) string {
	if c.Ingress.Namespace == "" {
		return c.SecretName
	}
	return c.Ingress.Namespace + "/" + c.SecretName
}

// coverage reports TLS hosts no rule serves and rule hosts no TLS host
// covers, Ingress by Ingress (internal/tlscover, shared with
// validation.Strict).
func (s *Selector) coverage(ings []*networkingv1.Ingress) {
	for _, ing := range ings {
		unserved, uncovered := tlscover.Check(ing)
		for _, h := range unserved {
			s.warn(UnservedTLSHost, ing, fmt.Sprintf("spec.tls[%d].hosts[%d]", h.Entry, h.Index),
				fmt.Sprintf("TLS host %q: no rule of this Ingress serves it", h.Host))
		}
		for _, i := range uncovered {
			s.warn(UncoveredRuleHost, ing, fmt.Sprintf("spec.rules[%d].host", i),
				fmt.Sprintf("rule host %q: none of this Ingress's TLS hosts covers it", ing.Spec.Rules[i].Host))
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
		if c := s.order.Compare(a.Ingress, b.Ingress); c != 0 {
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
			s.warn(BadCertificate, c.Ingress, c.Field(), fmt.Sprintf("secret %q not found", secretName(c)))
			continue
		}
		for _, err := range CheckSecret(sec, c.Host, now) {
			s.warn(BadCertificate, c.Ingress, c.Field(), err.Error())
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
