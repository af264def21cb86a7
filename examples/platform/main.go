package main

import (
	"encoding/json"
	"flag"
	"fmt"
	"os"
	"strconv"
	"strings"

	networkingv1 "k8s.io/api/networking/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/runtime"
)

type ruleFlags []RuleInput

func (r *ruleFlags) String() string { return fmt.Sprint(*r) }

func (r *ruleFlags) Set(v string) error {
	name, port, ok := strings.Cut(v, ":")
	n, err := strconv.ParseInt(port, 10, 32)
	if !ok || err != nil {
		return fmt.Errorf("want name:port, got %q", v)
	}
	*r = append(*r, RuleInput{Name: name, Port: int32(n)})
	return nil
}

// platformIngress is the platform's own front end: its web app at / and
// /website, its API at /api.
func platformIngress(host string) *networkingv1.Ingress {
	prefix := networkingv1.PathTypePrefix
	path := func(p, svc string) networkingv1.HTTPIngressPath {
		return networkingv1.HTTPIngressPath{Path: p, PathType: &prefix, Backend: networkingv1.IngressBackend{Service: &networkingv1.IngressServiceBackend{Name: svc, Port: networkingv1.ServiceBackendPort{Number: 80}}}}
	}
	return &networkingv1.Ingress{
		ObjectMeta: metav1.ObjectMeta{Name: "crater-frontend", Namespace: "crater"},
		Spec: networkingv1.IngressSpec{Rules: []networkingv1.IngressRule{{Host: host, IngressRuleValue: networkingv1.IngressRuleValue{HTTP: &networkingv1.HTTPIngressRuleValue{
			Paths: []networkingv1.HTTPIngressPath{path("/", "crater-web"), path("/api", "crater-api"), path("/website", "crater-website")},
		}}}}},
	}
}

var platformProbes = map[string]string{"/": "crater-web", "/api/v1/jobs": "crater-api", "/website/": "crater-website", "/ingressx": "crater-web", "/ingress": "crater-web"}

func main() {
	user := flag.String("user", "liuxw24", "user name")
	job := flag.String("job", "tensorboard-example", "job (task) name")
	ns := flag.String("namespace", "crater-workspace", "namespace of the job")
	host := flag.String("host", "crater.act.buaa.edu.cn", "the platform's shared host")
	var rules ruleFlags
	flag.Var(&rules, "rule", "a rule name:port (repeatable); default tensorboard:6006, notebook:8888, visdom:8097")
	flag.Parse()
	if len(rules) == 0 {
		rules = ruleFlags{{"tensorboard", 6006}, {"notebook", 8888}, {"visdom", 8097}}
	}
	if err := run(os.Stdout, *user, *job, *ns, *host, rules); err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
}

func run(w *os.File, user, job, ns, host string, inputs []RuleInput) error {
	rules, err := NewRules(user, inputs, RandomID)
	if err != nil {
		return err
	}
	j := Job{Namespace: ns, Name: job, Host: host, Class: "nginx", Selector: map[string]string{"crater.raids.io/task-name": job}}
	svcs, ings := Objects(j, rules)
	if problems := CheckIsolation(host, []*networkingv1.Ingress{platformIngress(host)}, ings, platformProbes); len(problems) > 0 {
		return fmt.Errorf("the generated rules are not isolated:\n%s", strings.Join(problems, "\n"))
	}
	list := &metav1.List{TypeMeta: metav1.TypeMeta{APIVersion: "v1", Kind: "List"}}
	for _, s := range svcs {
		list.Items = append(list.Items, runtime.RawExtension{Object: s})
	}
	for _, i := range ings {
		list.Items = append(list.Items, runtime.RawExtension{Object: i})
	}
	b, err := json.MarshalIndent(list, "", "  ")
	if err != nil {
		return err
	}
	fmt.Fprintf(w, "# Services and Ingresses (kubectl apply -f -):\n%s\n\n# Pod annotations:\n", b)
	ann := Annotations(rules)
	for _, r := range rules {
		fmt.Fprintf(w, "%s: '%s'\n", AnnotationPrefix+r.Name, ann[AnnotationPrefix+r.Name])
	}
	fmt.Fprintf(w, "\n# Every prefix reaches its own Service and none shadows another or the platform's paths (checked with matcher).\n# Start each app under its prefix:\n")
	for _, r := range rules {
		fmt.Fprintf(w, "%-12s https://%s%s\n  %s\n", r.Name, host, r.Prefix, StartCommand(r))
	}
	return nil
}
