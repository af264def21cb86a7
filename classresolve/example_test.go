package classresolve_test

import (
	"fmt"
	"time"

	"github.com/ingresslib/ingress/classresolve"
	networkingv1 "k8s.io/api/networking/v1"
)

func ExampleDefaultClass() {
	classes := []*networkingv1.IngressClass{
		class("nginx", "k8s.io/ingress-nginx", 0, "true"),
		class("traefik", "traefik.io/ingress-controller", time.Hour, "true"),
		class("haproxy", "haproxy.org/ingress", 2*time.Hour, "True"), // not exactly "true"
	}
	fmt.Println(classresolve.DefaultClass(classes).Name)
	fmt.Println(names(classresolve.Defaults(classes)))
	// Output:
	// traefik
	// [traefik nginx]
}

func ExampleResolver_Filter() {
	r := classresolve.New("k8s.io/ingress-nginx", []*networkingv1.IngressClass{
		class("nginx", "k8s.io/ingress-nginx", 0, ""),
		class("traefik", "traefik.io/ingress-controller", 0, ""),
	})
	owned, skipped := r.Filter([]*networkingv1.Ingress{
		ingress("shop", ptr("nginx"), ""),
		ingress("blog", nil, "traefik"),
		ingress("legacy", nil, ""),
	})
	fmt.Println("owned:", owned[0].Name)
	for _, d := range skipped {
		fmt.Printf("skipped %s: %s\n", d.Ingress.Name, d.Reason)
	}
	// Output:
	// owned: shop
	// skipped blog: class "traefik" (from annotation kubernetes.io/ingress.class) belongs to controller "traefik.io/ingress-controller"
	// skipped legacy: names no class (neither spec.ingressClassName nor the kubernetes.io/ingress.class annotation)
}

func ExampleClassOf() {
	ing := ingress("both", ptr("nginx"), "traefik")
	fmt.Println(classresolve.ClassOf(ing, false))
	fmt.Println(classresolve.ClassOf(ing, true)) // Contour and Istio read the annotation first
	// Output:
	// nginx spec.ingressClassName
	// traefik annotation kubernetes.io/ingress.class
}

func ExampleParametersOf() {
	c := class("external-lb-2", "example.com/ingress-controller", 0, "")
	scope, ns, group := "Namespace", "external-configuration", "k8s.example.com"
	c.Spec.Parameters = &networkingv1.IngressClassParametersReference{APIGroup: &group, Kind: "IngressParameter", Name: "external-config", Scope: &scope, Namespace: &ns}
	p, ok, err := classresolve.ParametersOf(c)
	fmt.Println(p, ok, err)
	// Output: IngressParameter.k8s.example.com external-configuration/external-config true <nil>
}
