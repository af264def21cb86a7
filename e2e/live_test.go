package e2e_test

import (
	"context"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/ingresslib/ingress/classresolve"
	"github.com/ingresslib/ingress/e2e"
	"github.com/ingresslib/ingress/examples/controller"
	"github.com/ingresslib/ingress/matcher"
	networkingv1 "k8s.io/api/networking/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/client-go/kubernetes"
	"k8s.io/client-go/tools/record"
)

const bound = 30 * time.Second // how long the server may take to converge

func class(name, controllerName, isDefault string) *networkingv1.IngressClass {
	c := &networkingv1.IngressClass{ObjectMeta: metav1.ObjectMeta{Name: name}, Spec: networkingv1.IngressClassSpec{Controller: controllerName}}
	if isDefault != "" {
		c.Annotations = map[string]string{classresolve.DefaultAnnotation: isDefault}
	}
	return c
}

func ingress(ns, name string, class *string, host, path, svc string) *networkingv1.Ingress {
	pt := networkingv1.PathTypePrefix
	return &networkingv1.Ingress{
		ObjectMeta: metav1.ObjectMeta{Namespace: ns, Name: name},
		Spec: networkingv1.IngressSpec{IngressClassName: class, Rules: []networkingv1.IngressRule{{Host: host, IngressRuleValue: networkingv1.IngressRuleValue{
			HTTP: &networkingv1.HTTPIngressRuleValue{Paths: []networkingv1.HTTPIngressPath{{Path: path, PathType: &pt, Backend: networkingv1.IngressBackend{
				Service: &networkingv1.IngressServiceBackend{Name: svc, Port: networkingv1.ServiceBackendPort{Number: 80}}}}}}}}}},
	}
}

// TestDefaultClassParity creates IngressClasses (none marked, one, several
// created back to back so that their timestamps often tie, a "True" that is
// not "true") and a classless Ingress, and checks that the class the
// DefaultIngressClass admission plugin assigns is classresolve.DefaultClass
// of the classes as the server lists them. The plugin reads classes from an
// informer, so each check retries a dry-run create until it agrees or the
// bound passes.
func TestDefaultClassParity(t *testing.T) {
	cfg := e2e.Start(t)
	client := kubernetes.NewForConfigOrDie(cfg)
	ctx := context.Background()
	scenarios := []struct {
		name    string
		classes []*networkingv1.IngressClass
	}{
		{"no class marked", []*networkingv1.IngressClass{class("plain", "x.io/c", "")}},
		{"one default", []*networkingv1.IngressClass{class("plain", "x.io/c", ""), class("only", "x.io/c", "true")}},
		{"not exactly true", []*networkingv1.IngressClass{class("caps", "x.io/c", "True"), class("yes", "x.io/c", "yes")}},
		{"several defaults", []*networkingv1.IngressClass{class("zeta", "x.io/c", "true"), class("alpha", "x.io/c", "true"), class("mid", "x.io/c", "true")}},
	}
	for _, sc := range scenarios {
		if err := client.NetworkingV1().IngressClasses().DeleteCollection(ctx, metav1.DeleteOptions{}, metav1.ListOptions{}); err != nil {
			t.Fatal(err)
		}
		for _, c := range sc.classes {
			if _, err := client.NetworkingV1().IngressClasses().Create(ctx, c, metav1.CreateOptions{}); err != nil {
				t.Fatalf("%s: %v", sc.name, err)
			}
		}
		list, err := client.NetworkingV1().IngressClasses().List(ctx, metav1.ListOptions{})
		if err != nil {
			t.Fatal(err)
		}
		var listed []*networkingv1.IngressClass
		for i := range list.Items {
			listed = append(listed, &list.Items[i])
		}
		want := ""
		if d := classresolve.DefaultClass(listed); d != nil {
			want = d.Name
		}
		got, deadline := "<none yet>", time.Now().Add(bound)
		for got != want && time.Now().Before(deadline) {
			created, err := client.NetworkingV1().Ingresses("default").Create(ctx, ingress("default", "classless", nil, "a.com", "/", "svc"),
				metav1.CreateOptions{DryRun: []string{metav1.DryRunAll}})
			if err != nil {
				t.Fatalf("%s: %v", sc.name, err)
			}
			got = ""
			if created.Spec.IngressClassName != nil {
				got = *created.Spec.IngressClassName
			}
		}
		if got != want {
			t.Errorf("%s: the server assigns %q, classresolve.DefaultClass says %q", sc.name, got, want)
		} else {
			t.Logf("%s: both say %q", sc.name, want)
		}
	}
}

// TestControllerLive runs examples/controller against the real server: real
// informers, real create, update and delete.
func TestControllerLive(t *testing.T) {
	cfg := e2e.Start(t)
	client := kubernetes.NewForConfigOrDie(cfg)
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	const name = "example.com/ingress-controller"
	c := controller.New(client, name, record.NewFakeRecorder(100))
	done := make(chan error, 1)
	go func() { done <- c.Run(ctx) }()
	routes := func(host, path, svc string) func(*matcher.Matcher) bool {
		return func(m *matcher.Matcher) bool {
			r, ok := m.Match(host, path)
			if svc == "" {
				return !ok
			}
			return ok && r.Backend.Service != nil && r.Backend.Service.Name == svc
		}
	}
	step := func(what string, cond func(*matcher.Matcher) bool) {
		t.Helper()
		if !c.WaitFor(bound, cond) {
			t.Fatalf("%s: routing did not follow within %v", what, bound)
		}
	}
	ours := "ours"
	if _, err := client.NetworkingV1().IngressClasses().Create(ctx, class("ours", name, ""), metav1.CreateOptions{}); err != nil {
		t.Fatal(err)
	}
	ings := client.NetworkingV1().Ingresses("default")
	if _, err := ings.Create(ctx, ingress("default", "web", &ours, "shop.example.com", "/", "web"), metav1.CreateOptions{}); err != nil {
		t.Fatal(err)
	}
	step("create", routes("shop.example.com", "/", "web"))
	cur, err := ings.Get(ctx, "web", metav1.GetOptions{})
	if err != nil {
		t.Fatal(err)
	}
	cur.Spec.Rules[0].HTTP.Paths[0].Backend.Service.Name = "web-v2"
	if _, err := ings.Update(ctx, cur, metav1.UpdateOptions{}); err != nil {
		t.Fatal(err)
	}
	step("update", routes("shop.example.com", "/", "web-v2"))
	if err := ings.Delete(ctx, "web", metav1.DeleteOptions{}); err != nil {
		t.Fatal(err)
	}
	step("delete", routes("shop.example.com", "/", ""))
	cancel()
	if err := <-done; err != nil {
		t.Fatal(err)
	}
}

// TestIngressrouteLive builds cmd/ingressroute as the kubectl plugin
// kubectl-ingressroute and answers URLs from the live cluster.
func TestIngressrouteLive(t *testing.T) {
	cfg := e2e.Start(t)
	client := kubernetes.NewForConfigOrDie(cfg)
	ctx := context.Background()
	dir := t.TempDir()
	bin := filepath.Join(dir, "kubectl-ingressroute")
	build := exec.Command("go", "build", "-o", bin, "./ingressroute")
	build.Dir = filepath.Join("..", "cmd") // the cmd module, with its own go.mod
	if out, err := build.CombinedOutput(); err != nil {
		t.Fatalf("building kubectl-ingressroute: %v\n%s", err, out)
	}
	kubeconfig := filepath.Join(dir, "kubeconfig")
	if err := os.WriteFile(kubeconfig, []byte(fmt.Sprintf(`apiVersion: v1
kind: Config
clusters: [{name: e2e, cluster: {server: %q, insecure-skip-tls-verify: true}}]
users: [{name: admin, user: {token: %q}}]
contexts: [{name: e2e, context: {cluster: e2e, user: admin}}]
current-context: e2e
`, cfg.Host, e2e.Token)), 0o600); err != nil {
		t.Fatal(err)
	}
	ours, theirs := "ours", "theirs"
	for _, c := range []*networkingv1.IngressClass{class(ours, "example.com/ours", ""), class(theirs, "other.io/theirs", "")} {
		if _, err := client.NetworkingV1().IngressClasses().Create(ctx, c, metav1.CreateOptions{}); err != nil {
			t.Fatal(err)
		}
	}
	for _, ing := range []*networkingv1.Ingress{
		ingress("default", "shop", &ours, "shop.example.com", "/cart", "cart"),
		ingress("default", "blog", &theirs, "blog.example.com", "/", "blog"),
	} {
		if _, err := client.NetworkingV1().Ingresses("default").Create(ctx, ing, metav1.CreateOptions{}); err != nil {
			t.Fatal(err)
		}
	}
	run := func(args ...string) (string, int) {
		cmd := exec.Command(bin, args...)
		cmd.Env = append(os.Environ(), "KUBECONFIG="+kubeconfig)
		out, err := cmd.CombinedOutput()
		code := 0
		if ee, ok := err.(*exec.ExitError); ok {
			code = ee.ExitCode()
		} else if err != nil {
			t.Fatal(err)
		}
		return string(out), code
	}
	out, code := run("-cluster", "http://shop.example.com/cart/items", "http://blog.example.com/")
	if code != 0 || !strings.Contains(out, "backend  cart:80") || !strings.Contains(out, "backend  blog:80") {
		t.Errorf("kubectl-ingressroute -cluster: exit %d\n%s", code, out)
	}
	out, code = run("-kubeconfig", kubeconfig, "-controller", "example.com/ours", "http://shop.example.com/cart", "http://blog.example.com/")
	if code != 1 || !strings.Contains(out, "backend  cart:80") || !strings.Contains(out, `note: Ingress default/blog left out: class "theirs" (from spec.ingressClassName) belongs to controller "other.io/theirs"`) {
		t.Errorf("kubectl-ingressroute -controller: exit %d (want 1: blog has no route)\n%s", code, out)
	}
	out, code = run("-cluster", "-class", "theirs", "-o", "json", "http://blog.example.com/")
	if code != 0 || !strings.Contains(out, `"backend": "blog:80"`) {
		t.Errorf("kubectl-ingressroute -class -o json: exit %d\n%s", code, out)
	}
}
