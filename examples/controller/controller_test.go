package controller_test

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/ingresslib/ingress/examples/controller"
	"github.com/ingresslib/ingress/matcher"
	networkingv1 "k8s.io/api/networking/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/client-go/kubernetes/fake"
	"k8s.io/client-go/tools/record"
)

const (
	name = "example.com/ingress-controller"
	wait = 10 * time.Second // the bound on how long routing may take to follow
)

func class(n, controllerName string) *networkingv1.IngressClass {
	return &networkingv1.IngressClass{ObjectMeta: metav1.ObjectMeta{Name: n}, Spec: networkingv1.IngressClassSpec{Controller: controllerName}}
}

func ingress(ns, n, class, host, path, svc string) *networkingv1.Ingress {
	pt := networkingv1.PathTypePrefix
	return &networkingv1.Ingress{
		ObjectMeta: metav1.ObjectMeta{Namespace: ns, Name: n},
		Spec: networkingv1.IngressSpec{IngressClassName: &class, Rules: []networkingv1.IngressRule{{Host: host, IngressRuleValue: networkingv1.IngressRuleValue{
			HTTP: &networkingv1.HTTPIngressRuleValue{Paths: []networkingv1.HTTPIngressPath{{Path: path, PathType: &pt, Backend: networkingv1.IngressBackend{
				Service: &networkingv1.IngressServiceBackend{Name: svc, Port: networkingv1.ServiceBackendPort{Number: 80}}}}}}}}}},
	}
}

// routesTo returns a condition: host+path reaches service svc ("" for no route).
func routesTo(host, path, svc string) func(*matcher.Matcher) bool {
	return func(m *matcher.Matcher) bool {
		r, ok := m.Match(host, path)
		if svc == "" {
			return !ok
		}
		return ok && r.Backend.Service != nil && r.Backend.Service.Name == svc
	}
}

// TestFollowsChanges creates, updates and deletes Ingresses and
// IngressClasses through a fake clientset and waits (bounded) for routing
// to follow each change.
func TestFollowsChanges(t *testing.T) {
	client, recorder, c, ctx, stop := start(t)
	defer stop()

	ings := client.NetworkingV1().Ingresses("shop")
	classes := client.NetworkingV1().IngressClasses()
	step := func(what string, cond func(*matcher.Matcher) bool) {
		t.Helper()
		if !c.WaitFor(wait, cond) {
			t.Fatalf("%s: routing did not follow within %v", what, wait)
		}
	}

	// An Ingress of our class, before the class exists: not owned.
	if _, err := ings.Create(ctx, ingress("shop", "web", "ours", "shop.example.com", "/", "web"), metav1.CreateOptions{}); err != nil {
		t.Fatal(err)
	}
	step("Ingress without its IngressClass", routesTo("shop.example.com", "/", ""))
	// The class appears: the Ingress is owned.
	if _, err := classes.Create(ctx, class("ours", name), metav1.CreateOptions{}); err != nil {
		t.Fatal(err)
	}
	step("IngressClass created", routesTo("shop.example.com", "/", "web"))
	// Another controller's Ingress is not routed.
	if _, err := classes.Create(ctx, class("theirs", "other.io/controller"), metav1.CreateOptions{}); err != nil {
		t.Fatal(err)
	}
	if _, err := ings.Create(ctx, ingress("shop", "blog", "theirs", "blog.example.com", "/", "blog"), metav1.CreateOptions{}); err != nil {
		t.Fatal(err)
	}
	// An update moves the path to another service.
	upd := ingress("shop", "web", "ours", "shop.example.com", "/", "web-v2")
	if _, err := ings.Update(ctx, upd, metav1.UpdateOptions{}); err != nil {
		t.Fatal(err)
	}
	step("Ingress updated", routesTo("shop.example.com", "/", "web-v2"))
	// The other controller's class and Ingress arrive in their own
	// informer events, maybe after the update: wait for the sync that has
	// seen both.
	skippedOther := func(*matcher.Matcher) bool {
		skipped := c.Skipped()
		return len(skipped) == 1 && strings.Contains(skipped[0].Reason, `belongs to controller "other.io/controller"`)
	}
	if !c.WaitFor(wait, skippedOther) {
		t.Errorf("Skipped() = %+v, want the Ingress of \"other.io/controller\" within %v", c.Skipped(), wait)
	}
	if r, ok := c.Route("blog.example.com", "/"); ok { // asserted once the sync has seen it
		t.Errorf("the other controller's Ingress is routed: %v", r)
	}
	// A second owned Ingress with a path equivalent to the first's: the
	// diagnostic becomes a Warning Event on it.
	if _, err := ings.Create(ctx, ingress("shop", "web-copy", "ours", "shop.example.com", "/cart", "copy"), metav1.CreateOptions{}); err != nil {
		t.Fatal(err)
	}
	if _, err := ings.Create(ctx, ingress("shop", "web-copy2", "ours", "shop.example.com", "/cart/", "copy2"), metav1.CreateOptions{}); err != nil {
		t.Fatal(err)
	}
	step("second Ingress created", routesTo("shop.example.com", "/cart/x", "copy"))
	timeout := time.After(wait)
	for found := false; !found; {
		select {
		case ev := <-recorder.Events:
			found = strings.HasPrefix(ev, "Warning PathShadowed spec.rules[0].http.paths[0]: Prefix path \"/cart/\" never serves a request")
		case <-timeout:
			t.Fatalf("no PathShadowed Warning Event within %v", wait)
		}
	}
	// Deletes: the Ingress, then the class.
	if err := ings.Delete(ctx, "web-copy", metav1.DeleteOptions{}); err != nil {
		t.Fatal(err)
	}
	step("Ingress deleted", routesTo("shop.example.com", "/cart/x", "copy2"))
	if err := classes.Delete(ctx, "ours", metav1.DeleteOptions{}); err != nil {
		t.Fatal(err)
	}
	step("IngressClass deleted", routesTo("shop.example.com", "/", ""))
}

// TestEventsFromEveryPackage: classresolve, matcher and tlsselect report in
// one shape, and the controller's one loop turns each into an Event: two
// default IngressClasses (classresolve), a TLS host no rule serves
// (tlsselect), a path that never serves (matcher).
func TestEventsFromEveryPackage(t *testing.T) {
	client, recorder, _, ctx, stop := start(t)
	defer stop()

	for _, n := range []string{"ours", "also-default"} {
		cl := class(n, name)
		cl.Annotations = map[string]string{"ingressclass.kubernetes.io/is-default-class": "true"}
		if _, err := client.NetworkingV1().IngressClasses().Create(ctx, cl, metav1.CreateOptions{}); err != nil {
			t.Fatal(err)
		}
	}
	ing := ingress("shop", "web", "ours", "shop.example.com", "/cart", "web")
	ing.Spec.Rules[0].HTTP.Paths = append(ing.Spec.Rules[0].HTTP.Paths, ing.Spec.Rules[0].HTTP.Paths[0])
	ing.Spec.TLS = []networkingv1.IngressTLS{{Hosts: []string{"shop.example.com", "unused.example.com"}, SecretName: "shop-tls"}}
	if _, err := client.NetworkingV1().Ingresses("shop").Create(ctx, ing, metav1.CreateOptions{}); err != nil {
		t.Fatal(err)
	}
	want := map[string]bool{ // Event prefixes: type, reason, field
		"Warning SeveralDefaultClasses metadata.annotations[ingressclass.kubernetes.io/is-default-class]: ": false,
		"Warning UnservedTLSHost spec.tls[0].hosts[1]: ":                                                    false,
		"Warning PathShadowed spec.rules[0].http.paths[1]: ":                                                false,
	}
	timeout := time.After(wait)
	for missing := len(want); missing > 0; {
		select {
		case ev := <-recorder.Events:
			for prefix, seen := range want {
				if !seen && strings.HasPrefix(ev, prefix) {
					want[prefix] = true
					missing--
				}
			}
		case <-timeout:
			t.Fatalf("within %v, not every package's diagnostic became an Event: %v", wait, want)
		}
	}
}

// start runs a controller over a fake clientset until stop is called; stop
// fails the test if Run returned an error.
func start(t *testing.T) (*fake.Clientset, *record.FakeRecorder, *controller.Controller, context.Context, func()) {
	client := fake.NewClientset()
	recorder := record.NewFakeRecorder(100)
	c := controller.New(client, name, recorder)
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() { done <- c.Run(ctx) }()
	return client, recorder, c, ctx, func() {
		cancel()
		if err := <-done; err != nil {
			t.Error(err)
		}
	}
}
