package tlsselect_test

import (
	"crypto/tls"
	"fmt"

	"github.com/ingresslib/ingress/tlsselect"
	networkingv1 "k8s.io/api/networking/v1"
)

func ExampleSelector_Select() {
	ings := []*networkingv1.Ingress{
		ingress("shop", "web", 0, []networkingv1.IngressTLS{
			entry("shop-tls", "shop.example.com"),
			entry("wildcard-tls", "*.example.com"),
			entry("default-tls"),
		}, "shop.example.com", "*.example.com"),
	}
	s := tlsselect.Compile(ings)
	for _, sni := range []string{"shop.example.com", "blog.example.com", "a.b.example.com", ""} {
		c, ok := s.Select(sni)
		fmt.Printf("%-18q %-14s rank %d %v %s\n", sni, c.SecretName, c.Rank, ok, c.Field())
	}
	// Output:
	// "shop.example.com" shop-tls       rank 0 true spec.tls[0].hosts[0]
	// "blog.example.com" wildcard-tls   rank 1 true spec.tls[1].hosts[0]
	// "a.b.example.com"  default-tls    rank 2 true spec.tls[2]
	// ""                 default-tls    rank 2 true spec.tls[2]
}

func ExampleSelector_Diagnostics() {
	ings := []*networkingv1.Ingress{
		ingress("team-a", "shop", 0, []networkingv1.IngressTLS{entry("shop-tls", "shop.example.com")}, "shop.example.com"),
		ingress("team-b", "shop-copy", 60, []networkingv1.IngressTLS{entry("copy-tls", "shop.example.com", "old.example.com")}, "shop.example.com", "api.example.com"),
	}
	for _, d := range tlsselect.Compile(ings).Diagnostics() {
		fmt.Println(d.Kind, d)
	}
	// Output:
	// UnservedTLSHost team-b/shop-copy: spec.tls[0].hosts[1]: TLS host "old.example.com": no rule of this Ingress serves it
	// UncoveredRuleHost team-b/shop-copy: spec.rules[1].host: rule host "api.example.com": none of this Ingress's TLS hosts covers it
	// SecretConflict team-b/shop-copy: spec.tls[0].hosts[0]: host "shop.example.com": secret "team-b/copy-tls" is never served; secret "team-a/shop-tls" of team-a/shop, first in the tie-break order (older, or namespace and name) (spec.tls[0].hosts[0]) is
}

// A Go server terminating TLS for the Ingresses it routes.
func ExampleSelector_GetCertificate() {
	s := tlsselect.Compile([]*networkingv1.Ingress{
		ingress("shop", "web", 0, []networkingv1.IngressTLS{entry("shop-tls", "shop.example.com")}, "shop.example.com"),
	})
	load := func(namespace, name string) (*tls.Certificate, error) {
		// Look the Secret up in an informer cache and return tlsselect.KeyPair(secret).
		return nil, fmt.Errorf("secret %s/%s not loaded in this example", namespace, name)
	}
	cfg := &tls.Config{GetCertificate: s.GetCertificate(load)}
	_, err := cfg.GetCertificate(&tls.ClientHelloInfo{ServerName: "shop.example.com"})
	fmt.Println(err)
	// Output: secret shop/shop-tls not loaded in this example
}
