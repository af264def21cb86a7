//go:build ingresslib_harness

// This file is ingresslib's: its parity test places it, beside
// ingresslib_parity_test.go, into a temporary copy of Traefik's module at
// pkg/provider/kubernetes/ingress-nginx. It gives the external test
// package the provider's configuration for a set of Ingresses.

package ingressnginx

import (
	"context"

	"github.com/traefik/traefik/v3/pkg/config/dynamic"
	corev1 "k8s.io/api/core/v1"
	netv1 "k8s.io/api/networking/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/util/intstr"
	kinformers "k8s.io/client-go/informers"
	kubefake "k8s.io/client-go/kubernetes/fake"
)

// IngresslibConfiguration returns the provider's configuration (its
// loadConfiguration, with its defaults and the cleartext entry point web)
// for the Ingresses, each of class "nginx" (an IngressClass of controller
// k8s.io/ingress-nginx), every Service they name existing as an
// ExternalName Service named after itself, on port 80.
func IngresslibConfiguration(clientset *kubefake.Clientset, ings []*netv1.Ingress) (*dynamic.Configuration, error) {
	// The provider's client reads informer caches, which a watch fills in
	// Traefik. Here one unstarted factory's caches are filled directly
	// (not Traefik's code; the client's fields are set as WatchAll sets
	// them for all namespaces).
	factory := kinformers.NewSharedInformerFactory(clientset, 0)
	ingIdx := factory.Networking().V1().Ingresses().Informer().GetIndexer()
	svcIdx := factory.Core().V1().Services().Informer().GetIndexer()
	classIdx := factory.Networking().V1().IngressClasses().Informer().GetIndexer()
	var errs []error
	must := func(err error) { errs = append(errs, err) }
	must(classIdx.Add(&netv1.IngressClass{ObjectMeta: metav1.ObjectMeta{Name: "nginx"}, Spec: netv1.IngressClassSpec{Controller: "k8s.io/ingress-nginx"}}))
	seen := map[string]bool{}
	addService := func(ns string, b *netv1.IngressBackend) {
		if b == nil || b.Service == nil || seen[ns+"/"+b.Service.Name] {
			return
		}
		seen[ns+"/"+b.Service.Name] = true
		must(svcIdx.Add(&corev1.Service{
			ObjectMeta: metav1.ObjectMeta{Namespace: ns, Name: b.Service.Name},
			Spec: corev1.ServiceSpec{Type: corev1.ServiceTypeExternalName, ExternalName: ns + "." + b.Service.Name + ".ingresslib",
				Ports: []corev1.ServicePort{{Name: "http", Port: 80, TargetPort: intstr.FromInt32(80)}}},
		}))
	}
	for _, ing := range ings {
		ing = ing.DeepCopy()
		class := "nginx"
		ing.Spec.IngressClassName = &class
		must(ingIdx.Add(ing))
		addService(ing.Namespace, ing.Spec.DefaultBackend)
		for _, r := range ing.Spec.Rules {
			if r.HTTP == nil {
				continue
			}
			for i := range r.HTTP.Paths {
				addService(ing.Namespace, &r.HTTP.Paths[i].Backend)
			}
		}
	}
	for _, err := range errs {
		if err != nil {
			return nil, err
		}
	}
	client := newClient(clientset)
	client.isNamespaceAll, client.watchedNamespaces = true, []string{metav1.NamespaceAll}
	client.factoriesIngress[""], client.factoriesKube[""], client.factoriesSecret[""], client.factoriesConfigMap[""] = factory, factory, factory, factory
	client.clusterScopeFactory = factory

	p := Provider{k8sClient: client, NonTLSEntryPoints: []string{"web"}}
	p.SetDefaults()
	return p.loadConfiguration(context.Background()), nil
}
