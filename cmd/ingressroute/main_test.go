package main

import (
	"bytes"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
)

var update = flag.Bool("update", false, "rewrite the golden files")

// goldenCases run the command and compare exit status, standard output and
// standard error with ../../testdata/ingressroute/<name>.golden.
var goldenCases = []struct {
	name  string
	args  []string
	stdin string
}{
	{"demo", nil, ""},
	{"demo-urls", []string{"foo.bar.com/foo", "/nothing", "http://FOO.bar.com.:80/bar/../foo"}, ""},
	{"docs-current", []string{"-f", "../../testdata/docs/current",
		"http://bar.foo.com/foo", "http://baz.bar.foo.com/foo", "http://foo.com/foo", "http://foo.bar.com/bar",
		"https-example.foo.com/", "/icons/logo.png", "/testpath/x"}, ""},
	{"docs-v1.17", []string{"-f", "../../testdata/docs/v1.17", "http://first.bar.com/", "sslexample.foo.com/x"}, ""},
	{"json", []string{"-o", "json", "-f", "../../testdata/docs/current/simple-fanout-example.yaml", "http://foo.bar.com/foo", "http://foo.bar.com/nope"}, ""},
	{"no-route", []string{"-f", "../../testdata/docs/current/simple-fanout-example.yaml", "http://foo.bar.com/baz"}, ""},
	{"bad-manifest", []string{"-f", "../../testdata/ingressroute/bad.yaml", "shop.example.com/cart/items", "shop.example.com/admin"}, ""},
	{"stdin", []string{"-f", "-", "http://a.example/api/v1"}, "apiVersion: networking.k8s.io/v1\nkind: Ingress\nmetadata: {name: api}\nspec:\n  rules:\n  - host: a.example\n    http:\n      paths:\n      - {path: /api, pathType: Exact, backend: {service: {name: exact, port: {number: 1}}}}\n      - {path: /api/v1, pathType: ImplementationSpecific, backend: {service: {name: is, port: {name: http}}}}\n"},
	{"fall-through", []string{"-host-fall-through", "http://foo.bar.com/baz"}, ""},
	{"rejected-path", []string{"/a%00b", "/public/%2e%2e/x"}, ""},
	{"bad-flag", []string{"-o", "xml"}, ""},
	{"bad-url", []string{"http://[::1/"}, ""},
	{"bad-urls", []string{"", "ftp://foo.bar.com/foo", "http://foo.bar.com:99999/foo", "http://foo.bar.com:0/", "foo.bar.com/foo"}, ""},
	{"validate-docs", []string{"validate", "-f", "../../testdata/docs/current"}, ""},
	{"validate-bad", []string{"validate", "-strict", "-f", "../../testdata/ingressroute/bad.yaml", "-f", "../../testdata/ingressroute/invalid.yaml"}, ""},
	{"validate-usage", []string{"validate"}, ""},
	{"validate-json", []string{"validate", "-o", "json", "-strict", "-f", "../../testdata/ingressroute/validate-create.yaml", "-f", "../../testdata/ingressroute/bad.yaml"}, ""},
	{"missing-file", []string{"-f", "../../testdata/ingressroute/missing.yaml", "/"}, ""},
	// The five behaviours of the Kubernetes blog's "Before You Migrate"
	// post, under ingress-nginx, and under the default profile with hints.
	{"profile-ingress-nginx", []string{"-profile", "ingress-nginx", "-f", "../../testdata/ingressroute/nginx-behaviours.yaml",
		"http://shop.example.com/API/V2/users", "http://shop.example.com/exactly", "http://blog.example.com/aboutus",
		"http://docs.example.com/guide", "http://docs.example.com/guide?page=2", "http://docs.example.com/public/..%2Fadmin/x", "http://docs.example.com/../x"}, ""},
	{"profile-default-hints", []string{"-f", "../../testdata/ingressroute/nginx-behaviours.yaml", "http://shop.example.com/API/V2/users", "http://docs.example.com/guide"}, ""},
	{"profile-json", []string{"-o", "json", "-profile", "ingress-nginx", "-f", "../../testdata/ingressroute/nginx-behaviours.yaml", "http://docs.example.com/guide?page=2"}, ""},
	{"profile-ingress-nginx-forwarding", []string{"-profile", "ingress-nginx", "-f", "../../testdata/ingressroute/nginx-forwarding.yaml", "http://shop.example.com/api/v1/users?x=1", "https://shop.example.com/api", "http://old.example.com/x?y=1"}, ""},
	{"profile-ingress-nginx-forwarding-json", []string{"-o", "json", "-profile", "ingress-nginx", "-f", "../../testdata/ingressroute/nginx-forwarding.yaml", "http://shop.example.com/api/v1/users"}, ""},
	{"profile-traefik", []string{"-profile", "traefik", "-f", "../../testdata/docs/current/simple-fanout-example.yaml", "http://foo.bar.com/foo", "http://foo.bar.com/foobar"}, ""},
	{"profile-unknown", []string{"-profile", "nginx", "/"}, ""},
	{"profile-conflict", []string{"-profile", "traefik", "-host-fall-through", "/"}, ""},
	{"validate-create", []string{"validate", "-f", "../../testdata/ingressroute/validate-create.yaml"}, ""},
	{"validate-create-verbose", []string{"validate", "-v", "-f", "../../testdata/ingressroute/validate-create.yaml"}, ""},
	{"validate-strict-load", []string{"validate", "-strict-load", "-f", "../../testdata/ingressroute/validate-create.yaml"}, ""},
	{"table-docs", []string{"table", "-f", "../../testdata/docs/current"}, ""},
	{"table-bad", []string{"table", "-f", "../../testdata/ingressroute/bad.yaml"}, ""},
	{"table-json", []string{"table", "-o", "json", "-f", "../../testdata/docs/current/simple-fanout-example.yaml"}, ""},
	{"diff-nginx-gateway", []string{"diff", "-from", "ingress-nginx", "-to", "gateway-api", "-f", "../../testdata/ingressroute/nginx-behaviours.yaml"}, ""},
	{"diff-nginx-traefik-ingress-nginx", []string{"diff", "-from", "ingress-nginx", "-to", "traefik-ingress-nginx", "-f", "../../testdata/ingressroute/leaving-ingress-nginx.yaml"}, ""},
	{"diff-json", []string{"diff", "-o", "json", "-from", "traefik", "-to", "traefik-strict", "-f", "../../testdata/docs/current/simple-fanout-example.yaml"}, ""},
	{"diff-same", []string{"diff", "-from", "default", "-to", "gateway-api", "-f", "../../testdata/docs/current/simple-fanout-example.yaml"}, ""},
	{"diff-usage", []string{"diff", "-from", "nginx", "-to", "istio", "-f", "x"}, ""},
	{"diff-nginx-forwarding-gateway", []string{"diff", "-from", "ingress-nginx", "-to", "gateway-api", "-f", "../../testdata/ingressroute/nginx-forwarding.yaml"}, ""},
	{"diff-nginx-forwarding-json", []string{"diff", "-o", "json", "-from", "ingress-nginx", "-to", "traefik", "-f", "../../testdata/ingressroute/nginx-forwarding.yaml"}, ""},
	{"diff-nginx-contour", []string{"diff", "-from", "ingress-nginx", "-to", "contour", "-f", "../../testdata/ingressroute/nginx-behaviours.yaml"}, ""},
	{"diff-chart", []string{"diff", "-from", "ingress-nginx", "-to", "traefik", "-f", "../../testdata/ingressroute/diff-chart.yaml"}, ""},
	{"diff-chart-verbose", []string{"diff", "-v", "-from", "default", "-to", "gateway-api", "-f", "../../testdata/ingressroute/diff-chart.yaml"}, ""},
	{"diff-chart-strict-load", []string{"diff", "-strict-load", "-from", "default", "-to", "gateway-api", "-f", "../../testdata/ingressroute/diff-chart.yaml"}, ""},
}

func TestGolden(t *testing.T) {
	for _, tc := range goldenCases {
		t.Run(tc.name, func(t *testing.T) {
			var stdout, stderr bytes.Buffer
			code := run(tc.args, strings.NewReader(tc.stdin), &stdout, &stderr)
			got := fmt.Sprintf("$ ingressroute %s\nexit status %d\n--- stdout\n%s--- stderr\n%s", strings.Join(tc.args, " "), code, stdout.String(), stderr.String())
			golden := filepath.Join("..", "..", "testdata", "ingressroute", tc.name+".golden")
			if *update {
				if err := os.WriteFile(golden, []byte(got), 0o644); err != nil {
					t.Fatal(err)
				}
			}
			want, err := os.ReadFile(golden)
			if err != nil {
				t.Fatalf("%v (go test ./cmd/ingressroute -update creates it)", err)
			}
			if diff := cmp.Diff(string(want), got); diff != "" {
				t.Errorf("ingressroute %s (-want +got):\n%s", strings.Join(tc.args, " "), diff)
			}
		})
	}
}

// TestExitStatus pins the exit statuses the golden files show.
func TestExitStatus(t *testing.T) {
	want := map[string]int{"demo": exitOK, "no-route": exitNoRoute, "bad-manifest": exitError, "bad-flag": exitError, "json": exitNoRoute, "rejected-path": exitNoRoute, "missing-file": exitError, "validate-docs": exitOK, "validate-bad": exitError, "validate-usage": exitError}
	for _, tc := range goldenCases {
		w, ok := want[tc.name]
		if !ok {
			continue
		}
		if got := run(tc.args, strings.NewReader(tc.stdin), &bytes.Buffer{}, &bytes.Buffer{}); got != w {
			t.Errorf("ingressroute %s: exit status %d, want %d", strings.Join(tc.args, " "), got, w)
		}
	}
}

// TestFirstRunInputs: -h prints the usage and exits 0; a directory
// reached by a symbolic link is read as the directory; an input without
// Ingresses says so.
func TestFirstRunInputs(t *testing.T) {
	var out, errb bytes.Buffer
	if code := run([]string{"-h"}, strings.NewReader(""), &out, &errb); code != exitOK || !strings.Contains(errb.String(), "-profile") {
		t.Errorf("-h: exit %d, usage %q", code, errb.String())
	}
	dir := t.TempDir()
	link := filepath.Join(dir, "docs")
	abs, err := filepath.Abs("../../testdata/docs/current")
	if err != nil {
		t.Fatal(err)
	}
	if err := os.Symlink(abs, link); err != nil {
		t.Skip("no symbolic links here:", err)
	}
	out.Reset()
	errb.Reset()
	if code := run([]string{"-f", link, "http://foo.bar.com/foo"}, strings.NewReader(""), &out, &errb); code != exitOK || !strings.Contains(out.String(), "backend  service1:4200") {
		t.Errorf("-f a link to a directory: exit %d\n%s\n%s", code, out.String(), errb.String())
	}
	empty := filepath.Join(dir, "empty")
	if err := os.Mkdir(empty, 0o755); err != nil {
		t.Fatal(err)
	}
	out.Reset()
	errb.Reset()
	run([]string{"-f", empty, "http://a/"}, strings.NewReader(""), &out, &errb)
	if !strings.Contains(errb.String(), "note: no Ingress in "+empty) {
		t.Errorf("-f an empty directory: stderr %q", errb.String())
	}
}

// TestLongPath: a path longer than pathmatch.MaxPathLen is a 414, as
// pathmatch documents, not a 400.
func TestLongPath(t *testing.T) {
	url := "http://foo.bar.com/" + strings.Repeat("a", 70_000)
	var out, errb bytes.Buffer
	run([]string{url}, strings.NewReader(""), &out, &errb)
	if !strings.Contains(out.String(), "URI too long (414)") {
		t.Errorf("text: %.300s", out.String())
	}
	out.Reset()
	run([]string{"-o", "json", url}, strings.NewReader(""), &out, &errb)
	if !strings.Contains(out.String(), `"rejectedStatus": 414`) {
		t.Errorf("json: %.300s", out.String())
	}
}
