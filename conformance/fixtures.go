package conformance

import (
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/x509"
	"crypto/x509/pkix"
	"encoding/pem"
	"fmt"
	"math/big"
	"slices"
	"sort"
	"strings"
	"time"

	corev1 "k8s.io/api/core/v1"
	networkingv1 "k8s.io/api/networking/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/util/intstr"
)

// Fixtures are the objects a controller needs beside the Ingresses of a
// case to build its configuration: a Service for every backend service
// (its named ports numbered), a TLS Secret for every spec.tls secretName
// (a fresh self-signed certificate naming the entry's hosts), and an
// IngressClass for every spec.ingressClassName. Build them with
// [FixturesFor] from the Ingresses the suite hands over.
type Fixtures struct {
	Services       []*corev1.Service
	Secrets        []*corev1.Secret
	IngressClasses []*networkingv1.IngressClass
}

// FixtureController is the spec.controller of the IngressClasses of
// [FixturesFor].
const FixtureController = "ingresslib.example/conformance"

// FixturesFor returns the fixtures of a set of Ingresses. Services get a
// ClusterIP 10.96.0.N and ports: a numbered backend port as written, a
// named one numbered 8080, 8081, … in the order first seen, with its name;
// TargetPort equals the port. Secrets are kubernetes.io/tls with a PEM
// certificate and ECDSA P-256 key whose DNS names are every host the
// Ingresses list for that secret (a certificate for "tls-default.invalid"
// when none), valid from 2026-01-01 for ten years. Objects are sorted by
// namespace and name.
func FixturesFor(ingresses []*networkingv1.Ingress) (Fixtures, error) {
	var fx Fixtures
	type ref struct{ ns, name string }
	services := map[ref]*corev1.Service{}
	var order []ref
	named := map[ref]map[string]int32{}
	addBackend := func(ns string, b *networkingv1.IngressBackend) {
		if b == nil || b.Service == nil {
			return
		}
		r := ref{ns, b.Service.Name}
		svc := services[r]
		if svc == nil {
			svc = &corev1.Service{
				TypeMeta:   metav1.TypeMeta{APIVersion: "v1", Kind: "Service"},
				ObjectMeta: metav1.ObjectMeta{Namespace: ns, Name: b.Service.Name},
				Spec:       corev1.ServiceSpec{ClusterIP: fmt.Sprintf("10.96.%d.%d", (len(order)+1)/250, (len(order)+1)%250)},
			}
			services[r] = svc
			order = append(order, r)
			named[r] = map[string]int32{}
		}
		p := b.Service.Port
		if p.Name != "" {
			if _, ok := named[r][p.Name]; ok {
				return
			}
			n := int32(8080 + len(named[r]))
			named[r][p.Name] = n
			svc.Spec.Ports = append(svc.Spec.Ports, corev1.ServicePort{Name: p.Name, Port: n, TargetPort: intstr.FromInt32(n), Protocol: corev1.ProtocolTCP})
			return
		}
		if !slices.ContainsFunc(svc.Spec.Ports, func(sp corev1.ServicePort) bool { return sp.Port == p.Number && sp.Name == "" }) {
			svc.Spec.Ports = append(svc.Spec.Ports, corev1.ServicePort{Port: p.Number, TargetPort: intstr.FromInt32(p.Number), Protocol: corev1.ProtocolTCP})
		}
	}
	hostsOf := map[ref][]string{}
	var secretOrder []ref
	classes := map[string]bool{}
	eachBackend(ingresses, addBackend)
	for _, ing := range ingresses {
		if ing == nil {
			continue
		}
		for _, t := range ing.Spec.TLS {
			if t.SecretName == "" {
				continue
			}
			r := ref{ing.Namespace, t.SecretName}
			if _, ok := hostsOf[r]; !ok {
				secretOrder = append(secretOrder, r)
				hostsOf[r] = nil
			}
			for _, h := range t.Hosts {
				if !slices.Contains(hostsOf[r], h) {
					hostsOf[r] = append(hostsOf[r], h)
				}
			}
		}
		if ing.Spec.IngressClassName != nil {
			classes[*ing.Spec.IngressClassName] = true
		}
	}
	for _, r := range order {
		fx.Services = append(fx.Services, services[r])
	}
	for _, r := range secretOrder {
		certPEM, keyPEM, err := selfSigned(hostsOf[r])
		if err != nil {
			return Fixtures{}, err
		}
		fx.Secrets = append(fx.Secrets, &corev1.Secret{
			TypeMeta:   metav1.TypeMeta{APIVersion: "v1", Kind: "Secret"},
			ObjectMeta: metav1.ObjectMeta{Namespace: r.ns, Name: r.name},
			Type:       corev1.SecretTypeTLS,
			Data:       map[string][]byte{corev1.TLSCertKey: certPEM, corev1.TLSPrivateKeyKey: keyPEM},
		})
	}
	for name := range classes {
		fx.IngressClasses = append(fx.IngressClasses, &networkingv1.IngressClass{
			TypeMeta:   metav1.TypeMeta{APIVersion: "networking.k8s.io/v1", Kind: "IngressClass"},
			ObjectMeta: metav1.ObjectMeta{Name: name},
			Spec:       networkingv1.IngressClassSpec{Controller: FixtureController},
		})
	}
	sort.Slice(fx.Services, func(i, j int) bool { return objLess(fx.Services[i].ObjectMeta, fx.Services[j].ObjectMeta) })
	sort.Slice(fx.Secrets, func(i, j int) bool { return objLess(fx.Secrets[i].ObjectMeta, fx.Secrets[j].ObjectMeta) })
	sort.Slice(fx.IngressClasses, func(i, j int) bool { return fx.IngressClasses[i].Name < fx.IngressClasses[j].Name })
	return fx, nil
}

func objLess(a, b metav1.ObjectMeta) bool {
	if a.Namespace != b.Namespace {
		return a.Namespace < b.Namespace
	}
	return a.Name < b.Name
}

// Service returns the fixture Service of a namespace and name, or nil.
func (f Fixtures) Service(namespace, name string) *corev1.Service {
	for _, s := range f.Services {
		if s.Namespace == namespace && s.Name == name {
			return s
		}
	}
	return nil
}

// Secret returns the fixture Secret of a namespace and name, or nil.
func (f Fixtures) Secret(namespace, name string) *corev1.Secret {
	for _, s := range f.Secrets {
		if s.Namespace == namespace && s.Name == name {
			return s
		}
	}
	return nil
}

// secretOf returns the Secret whose certificate is der, or nil.
func (f Fixtures) secretOf(der []byte) *corev1.Secret {
	for _, s := range f.Secrets {
		block, _ := pem.Decode(s.Data[corev1.TLSCertKey])
		if block != nil && string(block.Bytes) == string(der) {
			return s
		}
	}
	return nil
}

// selfSigned returns a PEM certificate and key naming hosts.
func selfSigned(hosts []string) (certPEM, keyPEM []byte, err error) {
	key, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		return nil, nil, err
	}
	names := slices.Clone(hosts)
	if len(names) == 0 {
		names = []string{"tls-default.invalid"}
	}
	serial, err := rand.Int(rand.Reader, new(big.Int).Lsh(big.NewInt(1), 62))
	if err != nil {
		return nil, nil, err
	}
	tmpl := &x509.Certificate{
		SerialNumber: serial,
		Subject:      pkix.Name{CommonName: strings.TrimPrefix(names[0], "*.")},
		DNSNames:     names,
		NotBefore:    time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC),
		NotAfter:     time.Date(2036, 1, 1, 0, 0, 0, 0, time.UTC),
		KeyUsage:     x509.KeyUsageDigitalSignature,
		ExtKeyUsage:  []x509.ExtKeyUsage{x509.ExtKeyUsageServerAuth},
	}
	der, err := x509.CreateCertificate(rand.Reader, tmpl, tmpl, &key.PublicKey, key)
	if err != nil {
		return nil, nil, err
	}
	keyDER, err := x509.MarshalECPrivateKey(key)
	if err != nil {
		return nil, nil, err
	}
	return pem.EncodeToMemory(&pem.Block{Type: "CERTIFICATE", Bytes: der}), pem.EncodeToMemory(&pem.Block{Type: "EC PRIVATE KEY", Bytes: keyDER}), nil
}

// WithFixtures adapts a router builder that needs fixtures to [Check] and
// [Run]: for every build the suite makes the Ingresses' fixtures
// ([FixturesFor]) and hands them over with the Ingresses.
//
//	conformance.Run(t, conformance.WithFixtures(func(ings []*networkingv1.Ingress, fx conformance.Fixtures) (conformance.Router, error) {
//		return startMyProxy(ings, fx.Services, fx.Secrets)
//	}))
func WithFixtures(build func([]*networkingv1.Ingress, Fixtures) (Router, error)) func([]*networkingv1.Ingress) (Router, error) {
	return func(ings []*networkingv1.Ingress) (Router, error) {
		fx, err := FixturesFor(ings)
		if err != nil {
			return nil, err
		}
		return build(ings, fx)
	}
}
