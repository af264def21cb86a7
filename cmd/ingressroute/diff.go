package main

import (
	"flag"
	"fmt"
	"io"
	"strings"
	"time"

	"github.com/ingresslib/ingress/internal/backend"
	"github.com/ingresslib/ingress/manifest"
	"github.com/ingresslib/ingress/matcher"
	"github.com/ingresslib/ingress/profile"
	networkingv1 "k8s.io/api/networking/v1"
)

// runDiff is "ingressroute diff -from A -to B -f FILE...": the requests,
// derived from the manifests' paths, that profile A and profile B route
// differently, once per cause, with the fix. Exit status 0 when none
// differ, 1 when some do, 2 for bad flags or an unreadable Ingress or
// IngressClass (any unreadable document with -strict-load).
func runDiff(args []string, stdin io.Reader, stdout, stderr io.Writer) int {
	fs := flag.NewFlagSet("ingressroute diff", flag.ContinueOnError)
	fs.SetOutput(stderr)
	var files pathList
	fs.Var(&files, "f", "manifests: a file, a directory, or - for standard input (repeatable)")
	from := fs.String("from", "", "the profile routing today: "+strings.Join(profile.Names(), ", "))
	to := fs.String("to", "", "the profile to migrate to")
	format := fs.String("o", "text", "output format: text or json")
	verbose := fs.Bool("v", false, "list every note and skipped document (by default they are summed up)")
	strictLoad := fs.Bool("strict-load", false, "exit 2 for any document that cannot be read, not only Ingresses and IngressClasses")
	fs.Usage = func() {
		fmt.Fprintf(stderr, "usage: ingressroute diff -from PROFILE -to PROFILE [-o json] [-v] [-strict-load] -f FILE...\n\nLists, once per cause and with the fix, the requests derived from the manifests' paths (over http and\nhttps) that the two profiles route differently.\nProfiles: %s.\nExit status: 0 no difference, 1 differences, 2 an unreadable Ingress or IngressClass (any unreadable\ndocument with -strict-load); other unreadable documents are skipped and counted.\n\n", strings.Join(profile.Names(), ", "))
		fs.PrintDefaults()
	}
	if err := fs.Parse(args); err != nil {
		return parseStatus(err)
	}
	files = append(files, fs.Args()...)
	pf, okf := profile.Lookup(*from)
	pt, okt := profile.Lookup(*to)
	switch {
	case !okf || !okt:
		bad := *from
		if okf {
			bad = *to
		}
		fmt.Fprintf(stderr, "ingressroute diff: profile %q: want -from and -to among %s\n", bad, strings.Join(profile.Names(), ", "))
		return exitError
	case len(files) == 0:
		fmt.Fprintln(stderr, "ingressroute diff: no manifests; give -f FILE (a file, a directory or -)")
		return exitError
	case *format != "text" && *format != "json":
		fmt.Fprintf(stderr, "ingressroute diff: -o %q: want text or json\n", *format)
		return exitError
	}
	set, err := manifest.LoadFrom(stdin, files...)
	report := newLoadReport(set, err, *strictLoad)
	rep := profile.DiffProgress(set.Ingresses, pf, pt, progressTo(stderr, time.Now()))
	status := exitOK
	if len(rep.Differences) > 0 {
		status = exitNoRoute
	}
	if len(report.fatal) > 0 {
		status = exitError
	}
	if *format == "json" {
		writeDiffJSON(stdout, rep, len(set.Ingresses), report)
		return status
	}
	report.write(stderr, *verbose)
	for _, nw := range rep.NoWitness {
		fmt.Fprintf(stderr, "note: %s: no request matches the path as a regular expression (%s): %v\n", pathLabel(nw.Ingress, nw.RuleIndex, nw.PathIndex), nw.Reading, nw.Err)
	}
	fmt.Fprintf(stdout, "%s → %s: %d of %s derived from %s (over http and https) route differently", pf.Name, pt.Name, rep.Differing(), counted(rep.Requests, "request", "requests"), counted(len(set.Ingresses), "Ingress", "Ingresses"))
	if n := len(rep.Differences); n > 0 {
		fmt.Fprintf(stdout, ", for %d %s", n, plural(n, "cause", "causes"))
	}
	fmt.Fprintln(stdout)
	width := max(len(pf.Name), len(pt.Name))
	for i, d := range rep.Differences {
		fmt.Fprintf(stdout, "\n%d. %s\n", i+1, d.Cause)
		fmt.Fprintf(stdout, "   %d %s, e.g.\n", d.Requests, plural(d.Requests, "request", "requests"))
		var lastWhy [2]string // a reason the first example gave is not repeated
		for _, ex := range d.Examples {
			hdr := ""
			if h := ex.Probe.Headers(); h != "" {
				hdr = "   [" + h + "]"
			}
			fmt.Fprintf(stdout, "     GET %s%s   (%s; from %s)\n", ex.Probe.URL(), hdr, ex.Probe.How, pathLabel(ex.Probe.Ingress, ex.Probe.RuleIndex, ex.Probe.PathIndex))
			for j, o := range []profile.Outcome{ex.From, ex.To} {
				name := pf.Name
				if j == 1 {
					name = pt.Name
				}
				fmt.Fprintf(stdout, "       %-*s  %s\n", width, name, outcomeText(o))
				if o.Reason != "" && o.Reason != lastWhy[j] {
					fmt.Fprintf(stdout, "       %-*s  why: %s\n", width, "", o.Reason)
					lastWhy[j] = o.Reason
				}
			}
		}
		fix := d.Fix
		if fix == "" {
			fix = "no fix known"
		}
		fmt.Fprintf(stdout, "   fix under %s: %s\n", pt.Name, fix)
	}
	return status
}

func plural(n int, one, many string) string {
	if n == 1 {
		return one
	}
	return many
}

// progressTo reports a diff's progress on w once it has run two seconds,
// then at most once a second.
func progressTo(w io.Writer, start time.Time) func(done, total int) {
	var last time.Time
	return func(done, total int) {
		now := time.Now()
		if now.Sub(start) < 2*time.Second || now.Sub(last) < time.Second && done < total {
			return
		}
		last = now
		fmt.Fprintf(w, "ingressroute diff: %d of %d requests routed under both profiles (%.0f s)\n", done, total, now.Sub(start).Seconds())
	}
}

// pathLabel names the rule and path a probe comes from.
func pathLabel(ing *networkingv1.Ingress, ri, pi int) string {
	if ing == nil {
		return "no path"
	}
	name := ingressName(ing)
	if ri < 0 {
		return name + " spec.defaultBackend"
	}
	r := ing.Spec.Rules[ri]
	host := "(any host)"
	if r.Host != "" {
		host = fmt.Sprintf("host %q", r.Host)
	}
	if pi < 0 {
		return fmt.Sprintf("%s spec.rules[%d] %s", name, ri, host)
	}
	hp := r.HTTP.Paths[pi]
	return fmt.Sprintf("%s spec.rules[%d].http.paths[%d] %s %s %q", name, ri, pi, host, pathType(&hp), hp.Path)
}

func outcomeText(o profile.Outcome) string {
	if o.Kind == "backend" {
		text := fmt.Sprintf("%s ← %s %s", backend.String(o.Route.Backend), ingressName(o.Route.Ingress), o.Route.Field())
		if a := o.Alternative; a != nil {
			text += fmt.Sprintf(", or by chance (%s) %s ← canary %s %s", a.When, backend.String(a.Route.Backend), ingressName(a.Route.Ingress), a.Route.Field())
		}
		if o.Passthrough {
			text += " (the TLS connection passed through)"
		}
		if o.Access != nil {
			s := profile.Outcome{Kind: o.Kind, Route: o.Route, Access: o.Access}.String()
			text += s[strings.LastIndex(s, " ("):]
		}
		if f := o.Forwarding.String(); f != "" {
			text += " (" + f + ")"
		}
		return text
	}
	return o.String()
}

type jsonDiffOutput struct {
	From        string            `json:"from"`
	To          string            `json:"to"`
	Ingresses   int               `json:"ingresses"`
	Requests    int               `json:"requests"`
	Differing   int               `json:"differing"`
	Causes      []jsonCause       `json:"causes"`
	NoWitness   []jsonNoWitness   `json:"noWitness,omitempty"`
	Errors      []jsonLoadMessage `json:"errors,omitempty"`
	Skipped     []jsonLoadMessage `json:"skipped,omitempty"`
	LoaderNotes []jsonLoadMessage `json:"notes,omitempty"`
}

type jsonCause struct {
	Key      string        `json:"key"`
	Cause    string        `json:"cause"`
	Fix      string        `json:"fix,omitempty"`
	Requests int           `json:"requests"`
	Examples []jsonExample `json:"examples"`
}

type jsonExample struct {
	URL     string      `json:"url"`
	Headers string      `json:"headers,omitempty"`
	From    string      `json:"derivedFrom"`
	How     string      `json:"derivedAs"`
	A       jsonOutcome `json:"fromAnswer"`
	B       jsonOutcome `json:"toAnswer"`
}

type jsonNoWitness struct {
	Path    string `json:"path"`
	Reading string `json:"reading"`
	Error   string `json:"error"`
}

type jsonOutcome struct {
	Outcome  string        `json:"outcome"`
	Route    *jsonRoute    `json:"route,omitempty"`
	Redirect *jsonRedirect `json:"redirect,omitempty"`
	Status   int           `json:"status,omitempty"`
	Reason   string        `json:"reason,omitempty"`
	// Canary is a canary that takes the request by chance instead.
	Canary *jsonRoute `json:"orByChance,omitempty"`
	// Passthrough: the TLS connection is passed through to the backend.
	Passthrough bool `json:"passthrough,omitempty"`
	// Forwarding: what the backend receives and who answers besides it.
	Forwarding *jsonForwarding `json:"forwarding,omitempty"`
}

func toJSONOutcome(o profile.Outcome) jsonOutcome {
	j := jsonOutcome{Outcome: o.Kind, Reason: o.Reason}
	if (o.Kind == "backend" || o.Kind == "redirect" || o.Kind == "error") && o.Route.Ingress != nil {
		r := toJSONRoute(o.Route)
		j.Route = &r
	}
	if o.Kind == "redirect" {
		j.Redirect = &jsonRedirect{Status: o.Redirect.Status, Location: o.Redirect.Location}
	}
	if o.Kind == "error" {
		j.Status = o.Status
	}
	if o.Alternative != nil {
		r := toJSONRoute(o.Alternative.Route)
		j.Canary = &r
	}
	j.Passthrough = o.Passthrough
	if f := o.Forwarding; f != nil {
		a := &matcher.Action{Access: o.Access, Auth: f.Auth, Upstream: f.Upstream, ErrorCodes: f.ErrorCodes}
		if f.DefaultBackend != "" {
			a.DefaultBackend = &networkingv1.IngressServiceBackend{Name: f.DefaultBackend}
		}
		j.Forwarding = toJSONForwarding(a)
	}
	return j
}

func writeDiffJSON(w io.Writer, rep profile.Report, ingresses int, load loadReport) {
	out := jsonDiffOutput{From: rep.From.Name, To: rep.To.Name, Ingresses: ingresses, Requests: rep.Requests, Differing: rep.Differing(), Causes: []jsonCause{}}
	for _, d := range rep.Differences {
		c := jsonCause{Key: d.Key, Cause: d.Cause, Fix: d.Fix, Requests: d.Requests}
		for _, ex := range d.Examples {
			c.Examples = append(c.Examples, jsonExample{URL: ex.Probe.URL(), Headers: ex.Probe.Headers(), From: pathLabel(ex.Probe.Ingress, ex.Probe.RuleIndex, ex.Probe.PathIndex), How: ex.Probe.How, A: toJSONOutcome(ex.From), B: toJSONOutcome(ex.To)})
		}
		out.Causes = append(out.Causes, c)
	}
	for _, nw := range rep.NoWitness {
		out.NoWitness = append(out.NoWitness, jsonNoWitness{Path: pathLabel(nw.Ingress, nw.RuleIndex, nw.PathIndex), Reading: nw.Reading, Error: nw.Err.Error()})
	}
	for _, e := range load.fatal {
		out.Errors = append(out.Errors, toJSONError(e))
	}
	for _, e := range load.skipped {
		out.Skipped = append(out.Skipped, toJSONError(e))
	}
	for _, n := range load.notes {
		out.LoaderNotes = append(out.LoaderNotes, toJSONNote(n))
	}
	encodeJSON(w, out)
}
