package tlsselect

import (
	"crypto/tls"
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/ingresslib/ingress"
	"github.com/ingresslib/ingress/hostmatch"
	"github.com/ingresslib/ingress/internal/hostname"
	corev1 "k8s.io/api/core/v1"
	networkingv1 "k8s.io/api/networking/v1"
)

// Certificate is the TLS entry that answers a server name.
type Certificate struct {
	// Ingress holds the entry: the pointer given to Compile.
	Ingress *networkingv1.Ingress
	// Host is the TLS host pattern that matched; "" for an entry with no
	// hosts.
	Host string
	// SecretName names a Secret in the Ingress's namespace.
	SecretName string
	// Entry and HostIndex locate the entry (spec.tls[Entry].hosts[HostIndex]);
	// HostIndex is -1 for an entry with no hosts.
	Entry, HostIndex int
	// Rank says why the entry won: its host equals the server name, a
	// wildcard host matches it, or it is an entry with no hosts.
	Rank Rank
}

// Field returns the field path of the certificate's host, or of its entry
// when it has no hosts: "spec.tls[0].hosts[1]", "spec.tls[2]".
func (c Certificate) Field() string {
	if c.HostIndex < 0 {
		return fmt.Sprintf("spec.tls[%d]", c.Entry)
	}
	return fmt.Sprintf("spec.tls[%d].hosts[%d]", c.Entry, c.HostIndex)
}

// Rank is the precedence of a candidate: lower wins.
type Rank uint8

// The ranks of a candidate entry.
const (
	RankExact    Rank = iota // the host equals the server name
	RankWildcard             // a wildcard host matches it
	RankDefault              // an entry with no hosts
)

// String returns "exact", "wildcard" or "default".
func (r Rank) String() string {
	switch r {
	case RankExact:
		return "exact"
	case RankWildcard:
		return "wildcard"
	case RankDefault:
		return "default"
	}
	return fmt.Sprintf("Rank(%d)", uint8(r))
}

// Option configures Compile.
type Option func(*options)

type options struct {
	tieBreak ingress.Order
	secrets  []*corev1.Secret
	now      time.Time
}

// WithTieBreak replaces the age order among Ingresses whose entries tie:
// order returns a negative number when a wins over b. Namespace, name,
// entry and host order still follow. The default is [ingress.OldestFirst];
// pass a controller's matcher the same [ingress.Order]. Diagnostics follow
// it too.
func WithTieBreak(order ingress.Order) Option {
	return func(o *options) { o.tieBreak = order }
}

// WithSecrets supplies the Secrets, so that Diagnostics check the
// certificate each selected host gets ([CheckSecret]).
func WithSecrets(secrets []*corev1.Secret) Option {
	return func(o *options) { o.secrets = secrets }
}

// WithTime sets the time certificates must be valid at (default: now).
func WithTime(t time.Time) Option {
	return func(o *options) { o.now = t }
}

// Selector answers which certificate serves a server name. It is immutable
// and safe for concurrent use.
type Selector struct {
	exact    map[string]Certificate // lower-case host
	wildcard map[string]Certificate // lower-case suffix with its dot: ".foo.com"
	def      Certificate
	hasDef   bool
	order    ingress.Order
	diags    []ingress.Diagnostic
}

// Compile builds a Selector from the spec.tls entries of the Ingresses. It
// never fails; nil Ingresses are skipped.
func Compile(ingresses []*networkingv1.Ingress, opts ...Option) *Selector {
	o := options{now: time.Now()}
	for _, opt := range opts {
		if opt != nil {
			opt(&o)
		}
	}
	ings := slices.DeleteFunc(slices.Clone(ingresses), func(i *networkingv1.Ingress) bool { return i == nil })
	slices.SortStableFunc(ings, o.tieBreak.Compare)
	s := &Selector{exact: map[string]Certificate{}, wildcard: map[string]Certificate{}, order: o.tieBreak}
	for _, ing := range ings {
		for e, t := range ing.Spec.TLS {
			if len(t.Hosts) == 0 {
				c := Certificate{Ingress: ing, SecretName: t.SecretName, Entry: e, HostIndex: -1, Rank: RankDefault}
				if !s.hasDef {
					s.def, s.hasDef = c, true
				}
				continue
			}
			for h, host := range t.Hosts {
				c := Certificate{Ingress: ing, Host: host, SecretName: t.SecretName, Entry: e, HostIndex: h}
				key := strings.ToLower(strings.TrimSuffix(host, "."))
				table := s.exact
				if suffix, ok := hostmatch.WildcardSuffix(key); ok {
					table, key, c.Rank = s.wildcard, suffix, RankWildcard
				}
				if prev, seen := table[key]; seen {
					s.conflict(prev, c)
					continue
				}
				table[key] = c
			}
		}
	}
	s.coverage(ings)
	if o.secrets != nil {
		s.checkSecrets(o.secrets, o.now)
	}
	return s
}

// Select returns the certificate for a server name, and whether there is
// one; Certificate.Rank says why it won. It does not allocate.
func (s *Selector) Select(serverName string) (Certificate, bool) {
	name, ok := hostname.RuleName(serverName)
	if ok {
		var buf [hostmatch.MaxHostLen]byte
		lower := buf[:len(name)]
		for i := 0; i < len(name); i++ {
			c := name[i]
			if 'A' <= c && c <= 'Z' {
				c += 'a' - 'A'
			}
			lower[i] = c
		}
		if c, ok := s.exact[string(lower)]; ok {
			return c, true
		}
		if dot := strings.IndexByte(name, '.'); dot > 0 {
			if c, ok := s.wildcard[string(lower[dot:])]; ok {
				return c, true
			}
		}
	}
	return s.def, s.hasDef
}

// GetCertificate returns a function for tls.Config.GetCertificate: it
// selects the entry for the ClientHello's server name and loads its Secret
// with load (namespace and name; a cache in front of the API server, or
// [KeyPair] over Secrets at hand). With no entry it returns an error, and
// crypto/tls falls back to tls.Config.Certificates if any.
func (s *Selector) GetCertificate(load func(namespace, name string) (*tls.Certificate, error)) func(*tls.ClientHelloInfo) (*tls.Certificate, error) {
	return func(hello *tls.ClientHelloInfo) (*tls.Certificate, error) {
		c, ok := s.Select(hello.ServerName)
		if !ok {
			return nil, fmt.Errorf("tlsselect: no TLS entry of any Ingress serves server name %q", hello.ServerName)
		}
		return load(c.Ingress.Namespace, c.SecretName)
	}
}
