package validation_test

import (
	"fmt"
	"strings"

	"github.com/ingresslib/ingress/manifest"
	"github.com/ingresslib/ingress/validation"
)

// An invalid manifest, rejected as the API server rejects it and printed as
// kubectl prints it.
func ExampleValidateIngress() {
	const doc = `
apiVersion: networking.k8s.io/v1
kind: Ingress
metadata:
  name: shop
  annotations:
    kubernetes.io/ingress.class: traefik
spec:
  ingressClassName: nginx
  rules:
  - host: Shop.example.com
    http:
      paths:
      - path: /cart
        backend:
          service: {name: cart, port: {number: 80}}
      - path: /api/../admin
        pathType: Prefix
        backend:
          service: {name: admin, port: {name: http, number: 8080}}
`
	set, err := manifest.Read(strings.NewReader(doc), "shop.yaml")
	if err != nil {
		fmt.Println(err)
		return
	}
	ing := set.Ingresses[0]
	printLines(validation.KubectlMessage("Ingress", ing.Name, validation.ValidateIngress(ing)))
	// Output:
	// The Ingress "shop" is invalid:
	// * spec.rules[0].host: Invalid value: "Shop.example.com": a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character (e.g. 'example.com', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*')
	// * spec.rules[0].http.paths[0].pathType: Required value: pathType must be specified
	// * spec.rules[0].http.paths[1].path: Invalid value: "/api/../admin": must not contain '/../'
	// * spec.rules[0].http.paths[1].backend: Invalid value: "": cannot set both port name & port number
	// * annotations.kubernetes.io/ingress.class: Invalid value: "traefik": must match `ingressClassName` when both are specified
}

func ExampleValidateIngressClass() {
	c := validClass()
	c.Spec.Controller = "nginx"
	scope := "Namespace"
	c.Spec.Parameters.Scope = &scope
	printLines(validation.KubectlMessage("IngressClass", c.Name, validation.ValidateIngressClass(c)))
	// Output:
	// The IngressClass "external-lb" is invalid:
	// * spec.controller: Invalid value: "nginx": must be a domain-prefixed path (such as "acme.io/foo")
	// * spec.parameters.namespace: Required value: `parameters.scope` is set to 'Namespace'
}

func ExampleWarnings() {
	ing := validIngress()
	ing.Spec.IngressClassName = nil
	ing.Annotations["kubernetes.io/ingress.class"] = "nginx"
	fmt.Println(validation.Warnings(ing))
	// Output: [annotation "kubernetes.io/ingress.class" is deprecated, please use 'spec.ingressClassName' instead]
}

func ExampleStrict() {
	ing := validIngress()
	ing.Spec.Rules[0].HTTP.Paths[0].Path = "/api/v[0-9]+"
	for _, d := range validation.Strict(ing) {
		fmt.Println(d.Kind, d.Severity, d.Field)
		fmt.Println(d.Message)
	}
	// Output:
	// RegexLikePath Warning spec.rules[0].http.paths[0].path
	// "/api/v[0-9]+" looks like a regular expression, but a Prefix path matches it literally; fix: use pathType ImplementationSpecific with a controller that reads it as a regular expression (ingress-nginx: annotation nginx.ingress.kubernetes.io/use-regex: "true"), or write the literal path
}

func ExampleDefaultIngressClass() {
	c := validation.DefaultIngressClass(validClass())
	fmt.Println(*c.Spec.Parameters.Scope)
	// Output: Cluster
}

// printLines prints a message without the space kubectl leaves at the end
// of its first line, which example output cannot show.
func printLines(msg string) {
	for _, line := range strings.Split(msg, "\n") {
		fmt.Println(strings.TrimRight(line, " "))
	}
}
