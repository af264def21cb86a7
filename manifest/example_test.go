package manifest_test

import (
	"fmt"
	"strings"

	"github.com/ingresslib/ingress/manifest"
)

// The Kubernetes 1.17 page's fan-out example, as v1beta1: read, converted
// to networking.k8s.io/v1 and noted.
func ExampleRead() {
	const doc = `
apiVersion: networking.k8s.io/v1beta1
kind: Ingress
metadata:
  name: simple-fanout-example
spec:
  rules:
  - host: foo.bar.com
    http:
      paths:
      - path: /foo
        backend:
          serviceName: service1
          servicePort: 4200
---
apiVersion: v1
kind: ConfigMap
metadata:
  name: settings
`
	set, err := manifest.Read(strings.NewReader(doc), "fanout.yaml")
	if err != nil {
		fmt.Println(err)
		return
	}
	ing := set.Ingresses[0]
	p := ing.Spec.Rules[0].HTTP.Paths[0]
	fmt.Println(ing.APIVersion, ing.Name, *p.PathType, p.Path, p.Backend.Service.Name, p.Backend.Service.Port.Number)
	for _, n := range set.Notes {
		fmt.Println(n)
	}
	// Output:
	// networking.k8s.io/v1 simple-fanout-example ImplementationSpecific /foo service1 4200
	// fanout.yaml:2: document 1: networking.k8s.io/v1beta1 Ingress "simple-fanout-example" converted to networking.k8s.io/v1 (v1beta1 was removed in Kubernetes 1.22; update the manifest)
	// fanout.yaml:16: document 2: v1 ConfigMap "settings" skipped: not an Ingress, IngressClass or TLS Secret
}

func ExampleError() {
	_, err := manifest.Read(strings.NewReader("apiVersion: networking.k8s.io/v1\nkind: Ingress\nmetadata: {name: x}\nspec: {defaultBackend: 7}\n"), "bad.yaml")
	fmt.Println(err)
	// Output: bad.yaml:1: document 1: spec.defaultBackend: wrong type: a number where v1.IngressBackend is wanted
}
