package profile

import (
	"fmt"
	"strconv"
	"strings"

	"github.com/ingresslib/ingress/internal/backend"
	"github.com/ingresslib/ingress/matcher"
	networkingv1 "k8s.io/api/networking/v1"
)

// A Report is what [Diff] found between two profiles.
type Report struct {
	From, To Profile
	// Requests is the number of probes routed under both profiles (each
	// derived request over cleartext and over TLS).
	Requests int
	// Differences are the causes of requests routing differently, one
	// each, in the order their first request was found.
	Differences []Difference
	// NoWitness are the paths read as regular expressions for which no
	// request could be derived under some reading.
	NoWitness []NoWitness
}

// Differing is the number of requests that route differently.
func (r Report) Differing() int {
	n := 0
	for _, d := range r.Differences {
		n += d.Requests
	}
	return n
}

// A Difference is one cause of requests routing differently: the same
// pair of answers, one under each profile. The answers are compared as a
// client sees them — the backend and the Ingress path that sends there,
// the redirect's status and kind, the status the controller answers
// itself, no route, a bad request — and an https redirect of a cleartext
// request counts once per host, whatever the path (the routing behind it
// is compared on the requests over TLS).
type Difference struct {
	// Key identifies the cause: the two answers in a canonical form.
	Key string
	// Cause says in words what each profile does with the requests.
	Cause string
	// Fix says what restores the first profile's behaviour under the
	// second, or that nothing can express it there; "" when no fix is
	// known.
	Fix string
	// Requests is the number of probes with this cause.
	Requests int
	// Examples are up to two of them, with each profile's answer and
	// explanation.
	Examples []Example
}

// An Example is a request of a Difference and what each profile answers.
type Example struct {
	Probe    Probe
	From, To Outcome
}

// Diff routes every probe of the Ingresses (see [Probes]) under both
// profiles and reports, once per cause, the requests whose outcomes
// differ, with the fix where one is known. Outcomes differ when the
// backend or the Ingress path that serves it, the redirect, the status the
// controller answers itself, or the kind of answer (backend, redirect,
// error, no route, bad request) differs.
func Diff(ingresses []*networkingv1.Ingress, from, to Profile) Report {
	return DiffProgress(ingresses, from, to, nil)
}

// DiffProgress is [Diff], calling progress (when not nil) with the number
// of probes routed so far and the total, every few thousand probes.
func DiffProgress(ingresses []*networkingv1.Ingress, from, to Profile, progress func(done, total int)) Report {
	all, none := probes(ingresses)
	return diff(from.Compile(ingresses), to.Compile(ingresses), from, to, all, none, regexHosts(ingresses), progress)
}

// diff is DiffProgress on compiled matchers and derived probes.
func diff(mf, mt *matcher.Matcher, from, to Profile, all []Probe, none []NoWitness, regexHosts map[string]bool, progress func(done, total int)) Report {
	rep := Report{From: from, To: to, Requests: len(all), NoWitness: none}
	byKey := map[string]int{}
	// The second example is another request target than the first where
	// one comes; else the first's twin over the other scheme.
	twin := map[int]Probe{}
	for i, p := range all {
		if progress != nil && i%4096 == 0 {
			progress(i, len(all))
		}
		a, b := decide(mf, p.Host, p.Target, p.TLS, p.Header, false), decide(mt, p.Host, p.Target, p.TLS, p.Header, false)
		if a.same(b) {
			continue
		}
		key := causeKey(p, a, b)
		k, ok := byKey[key]
		if !ok {
			k = len(rep.Differences)
			byKey[key] = k
			rep.Differences = append(rep.Differences, Difference{Key: key})
		}
		d := &rep.Differences[k]
		d.Requests++
		switch {
		case len(d.Examples) == 0:
			ex := example(mf, mt, p)
			d.Examples = append(d.Examples, ex)
			d.Cause = cause(from, to, ex)
			d.Fix = fix(from, to, ex, regexHosts)
		case len(d.Examples) == 1 && (p.Target != d.Examples[0].Probe.Target || !strings.EqualFold(p.Host, d.Examples[0].Probe.Host)):
			d.Examples = append(d.Examples, example(mf, mt, p))
			delete(twin, k)
		case len(d.Examples) == 1:
			if _, ok := twin[k]; !ok {
				twin[k] = p
			}
		}
	}
	for k, p := range twin {
		rep.Differences[k].Examples = append(rep.Differences[k].Examples, example(mf, mt, p))
	}
	if progress != nil {
		progress(len(all), len(all))
	}
	return rep
}

func example(mf, mt *matcher.Matcher, p Probe) Example {
	return Example{Probe: p, From: decide(mf, p.Host, p.Target, p.TLS, p.Header, true), To: decide(mt, p.Host, p.Target, p.TLS, p.Header, true)}
}

// httpsRedirect reports whether o redirects a cleartext request to https
// on the request's own host.
func httpsRedirect(p Probe, o Outcome) bool {
	if p.TLS || o.Kind != "redirect" || !strings.HasPrefix(o.Redirect.Location, "https://") {
		return false
	}
	h := o.Redirect.Location[len("https://"):]
	if i := strings.IndexAny(h, "/?#"); i >= 0 {
		h = h[:i]
	}
	host := p.Host
	if i := strings.LastIndexByte(host, ':'); i >= 0 && !strings.Contains(host[i:], "]") {
		host = host[:i]
	}
	if i := strings.LastIndexByte(h, ':'); i >= 0 && !strings.Contains(h[i:], "]") {
		h = h[:i]
	}
	return strings.EqualFold(strings.TrimSuffix(h, "."), strings.TrimSuffix(host, "."))
}

// causeKey is the Key of the Difference of a request answered a under one
// profile and b under the other.
//
// An https redirect counts once per rule host of the route that answers it
// (whatever the path), and a bad request, or a status the controller
// answers itself on a route, once whatever the other profile does with
// the request: the routing behind it is not the cause.
func causeKey(p Probe, a, b Outcome) string {
	switch {
	case httpsRedirect(p, a):
		return "https-redirect " + strings.ToLower(a.Route.Host) + ": " + httpsSig(p, a) + " | " + httpsSig(p, b)
	case httpsRedirect(p, b):
		return "https-redirect " + strings.ToLower(b.Route.Host) + ": " + httpsSig(p, a) + " | " + httpsSig(p, b)
	case a.Kind == "bad request":
		return "bad request | any other answer"
	case b.Kind == "bad request":
		return "any other answer | bad request"
	case a.Kind == "error" && b.Kind != "error":
		return signature(a) + " | any other answer"
	case b.Kind == "error" && a.Kind != "error":
		return "any other answer | " + signature(b)
	}
	return signature(a) + " | " + signature(b)
}

func httpsSig(p Probe, o Outcome) string {
	if httpsRedirect(p, o) {
		return "https " + strconv.Itoa(o.Redirect.Status)
	}
	return "no https redirect"
}

// signature is an outcome in the canonical form of a Key.
func signature(o Outcome) string {
	switch o.Kind {
	case "backend":
		sig := "backend " + backend.String(o.Route.Backend) + " " + routeName(o.Route)
		if b := o.Route.Backend.Service; b != nil && b.Port.Name == "" {
			sig = "backend " + b.Name + ":" + strconv.Itoa(int(b.Port.Number)) + " " + routeName(o.Route)
		}
		if alt := o.Alternative; alt != nil {
			sig += " or by chance " + backend.String(alt.Route.Backend) + " " + routeName(alt.Route)
		}
		if o.Passthrough {
			sig += " passthrough"
		}
		if o.Access != nil {
			sig += " (" + accessText(o.Access) + ")"
		}
		return sig + o.Forwarding.key()
	case "redirect":
		return fmt.Sprintf("redirect %d %s %s", o.Redirect.Status, redirectClass(o.Redirect.Location), routeName(o.Route))
	case "error":
		return fmt.Sprintf("error %d %s", o.Status, routeName(o.Route))
	}
	return o.Kind
}

// redirectClass sorts a Location: a path on the request's host, https,
// another absolute URL.
func redirectClass(loc string) string {
	switch {
	case strings.HasPrefix(loc, "https://"):
		return "https"
	case strings.HasPrefix(loc, "//"):
		return "host"
	case strings.HasPrefix(loc, "/"):
		return "path"
	}
	return "url"
}

func routeName(r matcher.Route) string {
	switch {
	case r.Ingress == nil:
		return "(the controller)"
	case r.Path == nil:
		return r.Ingress.Namespace + "/" + r.Ingress.Name + " spec.defaultBackend"
	}
	// Route.Field, without building a field.Path.
	return r.Ingress.Namespace + "/" + r.Ingress.Name + " spec.rules[" + strconv.Itoa(r.RuleIndex) + "].http.paths[" + strconv.Itoa(r.PathIndex) + "]"
}

// cause says in words what each profile does with the example's request.
func cause(from, to Profile, ex Example) string {
	p := ex.Probe
	if httpsRedirect(p, ex.From) || httpsRedirect(p, ex.To) {
		say := func(prof Profile, o Outcome) string {
			if httpsRedirect(p, o) {
				return fmt.Sprintf("%s redirects them to https (%d)", prof.Name, o.Redirect.Status)
			}
			return fmt.Sprintf("%s does not (%s)", prof.Name, describe(o))
		}
		host := ex.From.Route.Host
		if !httpsRedirect(p, ex.From) {
			host = ex.To.Route.Host
		}
		what := fmt.Sprintf("cleartext requests for host %q", host)
		if host == "" {
			what = "cleartext requests for hosts no rule names"
		}
		return fmt.Sprintf("%s: %s; %s", what, say(from, ex.From), say(to, ex.To))
	}
	switch a, b := ex.From, ex.To; {
	case a.Kind == "bad request":
		return fmt.Sprintf("%s answers 400 itself (a bad request); %s routes them or answers otherwise", from.Name, to.Name)
	case b.Kind == "bad request":
		return fmt.Sprintf("%s routes them or answers otherwise; %s answers 400 itself (a bad request)", from.Name, to.Name)
	case a.Kind == "error" && b.Kind != "error":
		return fmt.Sprintf("%s %s; %s routes them or answers otherwise", from.Name, describe(a), to.Name)
	case b.Kind == "error" && a.Kind != "error":
		return fmt.Sprintf("%s routes them or answers otherwise; %s %s", from.Name, to.Name, describe(b))
	}
	return fmt.Sprintf("%s %s; %s %s", from.Name, describe(ex.From), to.Name, describe(ex.To))
}

// describe says what an outcome does, naming the path that decides it.
func describe(o Outcome) string {
	path := func() string {
		r := o.Route
		if r.Ingress == nil {
			return "the controller"
		}
		s := r.Ingress.Namespace + "/" + r.Ingress.Name + " " + r.Field()
		if r.Path != nil {
			pt := "no pathType"
			if r.Path.PathType != nil {
				pt = string(*r.Path.PathType)
			}
			s += fmt.Sprintf(" (%s %q)", pt, r.Path.Path)
		}
		return s
	}
	switch o.Kind {
	case "backend":
		if w := o.Forwarding.written(); w != "" {
			return "sends them to " + backend.String(o.Route.Backend) + " by " + path() + ", changing what it receives (" + w + ")"
		}
		return "sends them to " + backend.String(o.Route.Backend) + " by " + path()
	case "redirect":
		return fmt.Sprintf("answers %d → %s (%s)", o.Redirect.Status, o.Redirect.Location, path())
	case "error":
		return fmt.Sprintf("answers %d itself (%s)", o.Status, path())
	case "no route":
		return "answers 404: no route"
	}
	return "answers 400: a bad request"
}

// regexHosts are the rule hosts whose paths ingress-nginx reads as regular
// expressions: a path of an Ingress of the host has use-regex or a
// rewrite-target.
func regexHosts(ingresses []*networkingv1.Ingress) map[string]bool {
	out := map[string]bool{}
	for _, ing := range ingresses {
		if ing == nil {
			continue
		}
		a := ing.Annotations
		if v, _ := strconv.ParseBool(a[matcher.NGINXAnnotationPrefix+"use-regex"]); !v && a[matcher.NGINXAnnotationPrefix+"rewrite-target"] == "" {
			continue
		}
		for _, r := range ing.Spec.Rules {
			out[r.Host] = true
		}
	}
	return out
}
