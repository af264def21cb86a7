// Command platform is the per-user prefix scheme of a GPU-cluster platform
// (the Crater manual's "Ingress access rules"): a job's web services —
// TensorBoard, Jupyter, Visdom — are exposed on one shared host at
// /ingress/{userName}-{uuid}/, uuid being five generated characters, one
// prefix per rule. From the rules a user enters (a name of lowercase
// letters, at most 20, unique in the job; a container port) it generates a
// Service and a Prefix Ingress per rule, records the rules as Pod
// annotations ingress.crater.raids.io/<name>: {"Name":…,"Port":…,"Prefix":…},
// reads them back, proves with the matcher that every prefix reaches its
// own Service and that no prefix shadows another or the platform's own
// paths, and prints the command that starts each app under its prefix.
//
//	go run ./examples/platform -user liuxw24 -job tensorboard-example -rule tensorboard:6006 -rule notebook:8888
package main

import (
	"crypto/rand"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"regexp"
	"slices"
	"strings"

	"github.com/ingresslib/ingress/matcher"
	"github.com/ingresslib/ingress/validation"
	corev1 "k8s.io/api/core/v1"
	networkingv1 "k8s.io/api/networking/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/util/intstr"
)

// AnnotationPrefix is the key prefix of the Pod annotations holding rules.
const AnnotationPrefix = "ingress.crater.raids.io/"

// Rule is an ingress rule of a job as the platform records it.
type Rule struct {
	Name   string `json:"Name"`
	Port   int32  `json:"Port"`
	Prefix string `json:"Prefix"`
}

// RuleInput is what a user enters for a rule.
type RuleInput struct {
	Name string
	Port int32
}

var (
	ruleName = regexp.MustCompile(`^[a-z]{1,20}$`)
	userName = regexp.MustCompile(`^[a-z0-9]([a-z0-9-]{0,40}[a-z0-9])?$`)
	idChars  = regexp.MustCompile(`^[0-9a-f]{5}$`)
)

// ValidateRuleName checks a rule name: lowercase letters only, 1 to 20.
func ValidateRuleName(name string) error {
	if !ruleName.MatchString(name) {
		return fmt.Errorf("rule name %q: must be 1 to 20 lowercase letters (a-z)", name)
	}
	return nil
}

// NewID returns a five-character identifier (lowercase hex) read from r.
func NewID(r io.Reader) (string, error) {
	b := make([]byte, 3)
	if _, err := io.ReadFull(r, b); err != nil {
		return "", err
	}
	return hex.EncodeToString(b)[:5], nil
}

// NewRules checks what a user entered and gives each rule its prefix
// /ingress/{user}-{id}/, drawing ids from newID until they are unique in
// the job.
func NewRules(user string, inputs []RuleInput, newID func() (string, error)) ([]Rule, error) {
	if !userName.MatchString(user) {
		return nil, fmt.Errorf("user name %q: must be lowercase letters, digits and '-', starting and ending with a letter or digit", user)
	}
	var errs []error
	seen := map[string]bool{}
	for _, in := range inputs {
		if err := ValidateRuleName(in.Name); err != nil {
			errs = append(errs, err)
		}
		if seen[in.Name] {
			errs = append(errs, fmt.Errorf("rule name %q: used twice in the job", in.Name))
		}
		seen[in.Name] = true
		if in.Port < 1 || in.Port > 65535 {
			errs = append(errs, fmt.Errorf("rule %q: port %d is not between 1 and 65535", in.Name, in.Port))
		}
	}
	if err := errors.Join(errs...); err != nil {
		return nil, err
	}
	rules := make([]Rule, 0, len(inputs))
	ids := map[string]bool{}
	for _, in := range inputs {
		var id string
		for tries := 0; id == "" || ids[id]; tries++ {
			if tries == 100 {
				return nil, errors.New("could not draw a unique id")
			}
			var err error
			if id, err = newID(); err != nil {
				return nil, err
			}
			if !idChars.MatchString(id) {
				return nil, fmt.Errorf("id %q: want five characters 0-9a-f", id)
			}
		}
		ids[id] = true
		rules = append(rules, Rule{Name: in.Name, Port: in.Port, Prefix: "/ingress/" + user + "-" + id + "/"})
	}
	return rules, nil
}

// Annotations returns the Pod annotations recording the rules.
func Annotations(rules []Rule) map[string]string {
	out := map[string]string{}
	for _, r := range rules {
		b, _ := json.Marshal(r) // a struct of strings and an int cannot fail
		out[AnnotationPrefix+r.Name] = string(b)
	}
	return out
}

// ParseAnnotations reads the rules back from a Pod's annotations, in name
// order; other annotations are ignored. Each problem names the annotation.
func ParseAnnotations(annotations map[string]string) ([]Rule, error) {
	var rules []Rule
	var errs []error
	keys := make([]string, 0, len(annotations))
	for k := range annotations {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	for _, key := range keys {
		name, ok := strings.CutPrefix(key, AnnotationPrefix)
		if !ok {
			continue
		}
		var r Rule
		dec := json.NewDecoder(strings.NewReader(annotations[key]))
		dec.DisallowUnknownFields()
		if err := dec.Decode(&r); err != nil {
			errs = append(errs, fmt.Errorf("annotation %s: not a rule {\"Name\",\"Port\",\"Prefix\"}: %v", key, err))
			continue
		}
		switch {
		case ValidateRuleName(name) != nil:
			errs = append(errs, fmt.Errorf("annotation %s: %v", key, ValidateRuleName(name)))
		case r.Name != name:
			errs = append(errs, fmt.Errorf("annotation %s: Name %q differs from the key's name %q", key, r.Name, name))
		case r.Port < 1 || r.Port > 65535:
			errs = append(errs, fmt.Errorf("annotation %s: Port %d is not between 1 and 65535", key, r.Port))
		case !strings.HasPrefix(r.Prefix, "/ingress/") || !strings.HasSuffix(r.Prefix, "/") || strings.Count(r.Prefix, "/") != 3:
			errs = append(errs, fmt.Errorf("annotation %s: Prefix %q is not /ingress/{user}-{id}/", key, r.Prefix))
		default:
			rules = append(rules, r)
		}
	}
	return rules, errors.Join(errs...)
}

// Job is where a job's objects go.
type Job struct {
	Namespace, Name string
	// Host is the platform's shared host; Class the IngressClass.
	Host, Class string
	// Selector selects the job's Pod.
	Selector map[string]string
}

// Objects returns a Service and a Prefix Ingress per rule.
func Objects(job Job, rules []Rule) ([]*corev1.Service, []*networkingv1.Ingress) {
	var svcs []*corev1.Service
	var ings []*networkingv1.Ingress
	prefix := networkingv1.PathTypePrefix
	for _, r := range rules {
		name := objectName(job.Name, r.Name)
		meta := metav1.ObjectMeta{Name: name, Namespace: job.Namespace, Labels: map[string]string{"crater.raids.io/task-name": job.Name}}
		svcs = append(svcs, &corev1.Service{
			TypeMeta:   metav1.TypeMeta{APIVersion: "v1", Kind: "Service"},
			ObjectMeta: meta,
			Spec: corev1.ServiceSpec{Selector: job.Selector, Ports: []corev1.ServicePort{{
				Name: r.Name, Port: r.Port, TargetPort: intstr.FromInt32(r.Port), Protocol: corev1.ProtocolTCP,
			}}},
		})
		class := job.Class
		ings = append(ings, &networkingv1.Ingress{
			TypeMeta:   metav1.TypeMeta{APIVersion: "networking.k8s.io/v1", Kind: "Ingress"},
			ObjectMeta: meta,
			Spec: networkingv1.IngressSpec{
				IngressClassName: &class,
				Rules: []networkingv1.IngressRule{{Host: job.Host, IngressRuleValue: networkingv1.IngressRuleValue{HTTP: &networkingv1.HTTPIngressRuleValue{
					Paths: []networkingv1.HTTPIngressPath{{Path: r.Prefix, PathType: &prefix, Backend: networkingv1.IngressBackend{
						Service: &networkingv1.IngressServiceBackend{Name: name, Port: networkingv1.ServiceBackendPort{Number: r.Port}},
					}}},
				}}}},
			},
		})
	}
	return svcs, ings
}

// objectName is job-rule cut to a DNS-1035 label of at most 63 characters.
func objectName(job, rule string) string {
	base := strings.Trim(regexp.MustCompile(`[^a-z0-9-]+`).ReplaceAllString(strings.ToLower(job), "-"), "-")
	if base == "" || base[0] >= '0' && base[0] <= '9' {
		base = "job-" + base
	}
	if len(base) > 63-1-len(rule) {
		base = strings.TrimRight(base[:63-1-len(rule)], "-")
	}
	return base + "-" + rule
}

// StartCommand returns the command that starts the app of a rule under its
// prefix, recognised by the rule's name.
func StartCommand(r Rule) string {
	base := strings.TrimSuffix(r.Prefix, "/")
	switch {
	case strings.Contains(r.Name, "tensorboard"):
		return fmt.Sprintf("tensorboard --port %d --logdir ./logs --bind_all --path_prefix=%s", r.Port, base)
	case strings.Contains(r.Name, "jupyter"), strings.Contains(r.Name, "notebook"), strings.Contains(r.Name, "lab"):
		return fmt.Sprintf("jupyter lab --ip=0.0.0.0 --port=%d --NotebookApp.base_url=%s --ServerApp.base_url=%s", r.Port, r.Prefix, r.Prefix)
	case strings.Contains(r.Name, "visdom"):
		return fmt.Sprintf("visdom -port %d -base_url %s", r.Port, base)
	}
	return fmt.Sprintf("# start the app on port %d and set its base URL (path prefix) to %s", r.Port, r.Prefix)
}

// CheckIsolation proves with the matcher, over all the Ingresses at once,
// that each job Ingress's prefix reaches its own Service (the prefix with
// and without its trailing slash, and a page under it), that the
// platform's own paths still reach the platform, that no path of any
// Ingress is shadowed by another, and that each Ingress passes the API
// server's validation. It returns one line per problem.
func CheckIsolation(host string, platform []*networkingv1.Ingress, jobs []*networkingv1.Ingress, platformProbes map[string]string) []string {
	all := slices.Concat(platform, jobs)
	m := matcher.Compile(all)
	var problems []string
	for _, d := range m.Diagnostics() {
		if d.Kind != matcher.HostShared {
			problems = append(problems, d.String())
		}
	}
	for _, ing := range all {
		for _, e := range validation.ValidateIngress(ing) {
			problems = append(problems, fmt.Sprintf("%s/%s: %v", ing.Namespace, ing.Name, e))
		}
	}
	for _, ing := range jobs {
		p := ing.Spec.Rules[0].HTTP.Paths[0]
		for _, probe := range []string{p.Path, strings.TrimSuffix(p.Path, "/"), p.Path + "index.html", p.Path + "data/run1"} {
			r, ok := m.Match(host, probe)
			if !ok || r.Ingress != ing {
				got := "no route"
				if ok {
					got = r.String()
				}
				problems = append(problems, fmt.Sprintf("%s%s reaches %s, want %s/%s", host, probe, got, ing.Namespace, ing.Name))
			}
		}
	}
	for probe, svc := range platformProbes {
		r, ok := m.Match(host, probe)
		if !ok || r.Backend.Service == nil || r.Backend.Service.Name != svc {
			problems = append(problems, fmt.Sprintf("platform path %s%s reaches %s, want service %s", host, probe, r, svc))
		}
	}
	slices.Sort(problems)
	return problems
}

// RandomID draws an id from crypto/rand.
func RandomID() (string, error) { return NewID(rand.Reader) }
