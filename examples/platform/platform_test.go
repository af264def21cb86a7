package main

import (
	"encoding/json"
	"fmt"
	"io"
	"log"
	"net/http"
	"net/http/httptest"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/ingresslib/ingress/examples/proxy"
	networkingv1 "k8s.io/api/networking/v1"
)

// ids returns a newID that yields the given ids in turn.
func ids(list ...string) func() (string, error) {
	i := 0
	return func() (string, error) {
		id := list[i%len(list)]
		i++
		return id, nil
	}
}

func TestValidateRuleName(t *testing.T) {
	for name, ok := range map[string]bool{
		"tensorboard": true, "lars": true, "a": true, strings.Repeat("a", 20): true,
		"": false, strings.Repeat("a", 21): false, "TensorBoard": false, "tb1": false, "my-app": false, "app_x": false,
	} {
		if err := ValidateRuleName(name); (err == nil) != ok {
			t.Errorf("ValidateRuleName(%q) = %v, want ok=%v", name, err, ok)
		}
	}
}

func TestNewRules(t *testing.T) {
	rules, err := NewRules("liuxw24", []RuleInput{{"tensorboard", 6006}, {"notebook", 8888}}, ids("379e0", "379e0", "cce14"))
	if err != nil {
		t.Fatal(err)
	}
	want := []Rule{{"tensorboard", 6006, "/ingress/liuxw24-379e0/"}, {"notebook", 8888, "/ingress/liuxw24-cce14/"}}
	if diff := cmp.Diff(want, rules); diff != "" {
		t.Errorf("NewRules (a repeated id is drawn again) (-want +got):\n%s", diff)
	}
	_, err = NewRules("liuxw24", []RuleInput{{"Tensor", 6006}, {"notebook", 0}, {"notebook", 8888}, {"averyveryverylongname", 1}}, ids("aaaaa"))
	want2 := `rule name "Tensor": must be 1 to 20 lowercase letters (a-z)
rule "notebook": port 0 is not between 1 and 65535
rule name "notebook": used twice in the job
rule name "averyveryverylongname": must be 1 to 20 lowercase letters (a-z)`
	if err == nil || err.Error() != want2 {
		t.Errorf("NewRules(bad) error =\n%v\nwant\n%s", err, want2)
	}
	if _, err := NewRules("Bad_User", []RuleInput{{"a", 1}}, ids("aaaaa")); err == nil {
		t.Errorf("NewRules accepted user name Bad_User")
	}
	if _, err := NewRules("u", []RuleInput{{"a", 1}}, ids("xyz!!")); err == nil {
		t.Errorf("NewRules accepted id xyz!!")
	}
	id, err := RandomID()
	if err != nil || !idChars.MatchString(id) {
		t.Errorf("RandomID() = %q, %v", id, err)
	}
}

// TestParseAnnotations reads the manual's own example annotations back,
// and names the annotation of every bad one.
func TestParseAnnotations(t *testing.T) {
	manual := map[string]string{
		"crater.raids.io/task-name":           "tensorboard-example",
		"ingress.crater.raids.io/lars":        `{"Name":"lars","Port":4210,"Prefix":"/ingress/liuxw24-eb05b/"}`,
		"ingress.crater.raids.io/tensorboard": `{"Name":"tensorboard","Port":6006,"Prefix":"/ingress/liuxw24-379e0/"}`,
		"ingress.crater.raids.io/notebook":    `{"Name":"notebook","Port":8888,"Prefix":"/ingress/liuxw24-cce14/"}`,
	}
	rules, err := ParseAnnotations(manual)
	want := []Rule{{"lars", 4210, "/ingress/liuxw24-eb05b/"}, {"notebook", 8888, "/ingress/liuxw24-cce14/"}, {"tensorboard", 6006, "/ingress/liuxw24-379e0/"}}
	if err != nil || !cmp.Equal(want, rules) {
		t.Errorf("ParseAnnotations(manual) = %v, %v; want %v", rules, err, want)
	}
	if diff := cmp.Diff(Annotations(rules), map[string]string{
		"ingress.crater.raids.io/lars": manual["ingress.crater.raids.io/lars"], "ingress.crater.raids.io/tensorboard": manual["ingress.crater.raids.io/tensorboard"],
		"ingress.crater.raids.io/notebook": manual["ingress.crater.raids.io/notebook"]}); diff != "" {
		t.Errorf("Annotations does not round-trip (-got +want):\n%s", diff)
	}
	bad := map[string]string{
		"ingress.crater.raids.io/broken": `{"Name":"broken","Port":`,
		"ingress.crater.raids.io/extra":  `{"Name":"extra","Port":1,"Prefix":"/ingress/u-aaaaa/","Host":"x"}`,
		"ingress.crater.raids.io/Upper":  `{"Name":"Upper","Port":1,"Prefix":"/ingress/u-aaaaa/"}`,
		"ingress.crater.raids.io/other":  `{"Name":"different","Port":1,"Prefix":"/ingress/u-aaaaa/"}`,
		"ingress.crater.raids.io/port":   `{"Name":"port","Port":70000,"Prefix":"/ingress/u-aaaaa/"}`,
		"ingress.crater.raids.io/prefix": `{"Name":"prefix","Port":1,"Prefix":"/api/"}`,
		"ingress.crater.raids.io/good":   `{"Name":"good","Port":1,"Prefix":"/ingress/u-aaaaa/"}`,
	}
	rules, err = ParseAnnotations(bad)
	wantErr := `annotation ingress.crater.raids.io/Upper: rule name "Upper": must be 1 to 20 lowercase letters (a-z)
annotation ingress.crater.raids.io/broken: not a rule {"Name","Port","Prefix"}: unexpected EOF
annotation ingress.crater.raids.io/extra: not a rule {"Name","Port","Prefix"}: json: unknown field "Host"
annotation ingress.crater.raids.io/other: Name "different" differs from the key's name "other"
annotation ingress.crater.raids.io/port: Port 70000 is not between 1 and 65535
annotation ingress.crater.raids.io/prefix: Prefix "/api/" is not /ingress/{user}-{id}/`
	if err == nil || err.Error() != wantErr {
		t.Errorf("ParseAnnotations(bad) error =\n%v\nwant\n%s", err, wantErr)
	}
	if len(rules) != 1 || rules[0].Name != "good" {
		t.Errorf("ParseAnnotations(bad) kept %v, want the good rule", rules)
	}
}

const host = "crater.act.buaa.edu.cn"

// jobIngresses generates the Ingresses of users "ab" and "ab-c" (a user
// name that extends the other's) with fixed ids.
func jobIngresses(t *testing.T) (rules map[string][]Rule, ings []*networkingv1.Ingress) {
	rules = map[string][]Rule{}
	for _, u := range []struct {
		user string
		id   []string
	}{{"ab", []string{"12345", "c0ffe"}}, {"ab-c", []string{"12345", "abcde"}}} {
		user, id := u.user, u.id
		rs, err := NewRules(user, []RuleInput{{"tensorboard", 6006}, {"notebook", 8888}}, ids(id...))
		if err != nil {
			t.Fatal(err)
		}
		rules[user] = rs
		_, is := Objects(Job{Namespace: "ns-" + user, Name: "job-" + user, Host: host, Class: "nginx"}, rs)
		ings = append(ings, is...)
	}
	return rules, ings
}

func TestIsolation(t *testing.T) {
	_, ings := jobIngresses(t)
	if problems := CheckIsolation(host, []*networkingv1.Ingress{platformIngress(host)}, ings, platformProbes); len(problems) != 0 {
		t.Errorf("CheckIsolation found problems:\n%s", strings.Join(problems, "\n"))
	}
	// A second job reusing a prefix, and a platform path over the user
	// prefixes, are caught.
	dup := ings[0].DeepCopy()
	dup.Name, dup.Namespace = "copycat", "ns-evil"
	dup.CreationTimestamp.Time = dup.CreationTimestamp.Add(1)
	dup.Spec.Rules[0].HTTP.Paths[0].Backend.Service.Name = "evil"
	grab := platformIngress(host)
	grab.Spec.Rules[0].HTTP.Paths[1].Path = "/ingress/ab-12345"
	problems := CheckIsolation(host, []*networkingv1.Ingress{grab}, append(ings, dup), platformProbes)
	joined := strings.Join(problems, "\n")
	for _, want := range []string{
		`ns-evil/copycat: spec.rules[0].http.paths[0]: Prefix path "/ingress/ab-12345/" never serves a request`,
		`crater.act.buaa.edu.cn/ingress/ab-12345/ reaches crater-api:80`,
		`platform path crater.act.buaa.edu.cn/api/v1/jobs reaches`,
	} {
		if !strings.Contains(joined, want) {
			t.Errorf("CheckIsolation misses %q in:\n%s", want, joined)
		}
	}
}

func TestStartCommand(t *testing.T) {
	for _, tt := range []struct {
		r    Rule
		want string
	}{
		{Rule{"tensorboard", 6006, "/ingress/u-379e0/"}, "tensorboard --port 6006 --logdir ./logs --bind_all --path_prefix=/ingress/u-379e0"},
		{Rule{"notebook", 8888, "/ingress/u-cce14/"}, "jupyter lab --ip=0.0.0.0 --port=8888 --NotebookApp.base_url=/ingress/u-cce14/ --ServerApp.base_url=/ingress/u-cce14/"},
		{Rule{"visdom", 8097, "/ingress/u-aaaaa/"}, "visdom -port 8097 -base_url /ingress/u-aaaaa"},
		{Rule{"lars", 4210, "/ingress/u-eb05b/"}, "# start the app on port 4210 and set its base URL (path prefix) to /ingress/u-eb05b/"},
	} {
		if got := StartCommand(tt.r); got != tt.want {
			t.Errorf("StartCommand(%v) = %q, want %q", tt.r, got, tt.want)
		}
	}
}

// TestEndToEnd puts apps that serve only under their prefix behind
// examples/proxy's routing, with the generated Ingresses and the platform's
// own, and requests each through the proxy.
func TestEndToEnd(t *testing.T) {
	rules, ings := jobIngresses(t)
	dir := t.TempDir()
	upstream := map[string]*url.URL{}
	app := func(name, prefix string) *url.URL {
		srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			if !strings.HasPrefix(r.URL.Path+"/", prefix) {
				http.Error(w, name+": not under my base URL "+prefix, http.StatusNotFound)
				return
			}
			fmt.Fprintf(w, "%s %s", name, r.URL.Path)
		}))
		t.Cleanup(srv.Close)
		u, _ := url.Parse(srv.URL)
		return u
	}
	for user, rs := range rules {
		for _, r := range rs {
			upstream[objectName("job-"+user, r.Name)] = app(user+"/"+r.Name, r.Prefix)
		}
	}
	for _, svc := range []string{"crater-web", "crater-api", "crater-website"} {
		upstream[svc] = app(svc, "/")
	}
	all := append([]*networkingv1.Ingress{platformIngress(host)}, ings...)
	for i, ing := range all {
		ing.APIVersion, ing.Kind = "networking.k8s.io/v1", "Ingress"
		b, err := json.Marshal(ing)
		if err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join(dir, fmt.Sprintf("ing-%d.json", i)), b, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	p, err := proxy.New(dir, func(ns string, svc *networkingv1.IngressServiceBackend) (*url.URL, error) {
		if u, ok := upstream[svc.Name]; ok {
			return u, nil
		}
		return nil, fmt.Errorf("no upstream for %s", svc.Name)
	}, log.New(io.Discard, "", 0))
	if err != nil {
		t.Fatal(err)
	}
	front := httptest.NewServer(p)
	defer front.Close()
	get := func(path string) string {
		req, _ := http.NewRequest(http.MethodGet, front.URL+path, nil)
		req.Host = host
		resp, err := front.Client().Do(req)
		if err != nil {
			t.Fatal(err)
		}
		defer resp.Body.Close()
		b, _ := io.ReadAll(resp.Body)
		return fmt.Sprintf("%d %s", resp.StatusCode, strings.TrimSpace(string(b)))
	}
	checks := map[string]string{
		"/ingress/ab-12345/":                "200 ab/tensorboard /ingress/ab-12345/",
		"/ingress/ab-12345/data/run1":       "200 ab/tensorboard /ingress/ab-12345/data/run1",
		"/ingress/ab-c0ffe/tree":            "200 ab/notebook /ingress/ab-c0ffe/tree",
		"/ingress/ab-c-12345/":              "200 ab-c/tensorboard /ingress/ab-c-12345/",
		"/ingress/ab-c-abcde/lab":           "200 ab-c/notebook /ingress/ab-c-abcde/lab",
		"/ingress/ab-12345/../ab-c-abcde/x": "200 ab-c/notebook /ingress/ab-c-abcde/x",
		"/":                                 "200 crater-web /",
		"/api/v1/jobs":                      "200 crater-api /api/v1/jobs",
		"/ingress/ab-99999/":                "200 crater-web /ingress/ab-99999/",
	}
	for path, want := range checks {
		if got := get(path); got != want {
			t.Errorf("GET %s%s = %q, want %q", host, path, got, want)
		}
	}
}
