package main

import (
	"flag"
	"fmt"
	"io"
	"strings"

	"github.com/ingresslib/ingress/internal/backend"
	"github.com/ingresslib/ingress/manifest"
	"github.com/ingresslib/ingress/profile"
)

// runDiff is "ingressroute diff -from A -to B -f FILE...": the requests,
// derived from the manifests' paths, that profile A and profile B route
// differently. Exit status 0 when none differ, 1 when some do, 2 for bad
// flags or unreadable manifests.
func runDiff(args []string, stdin io.Reader, stdout, stderr io.Writer) int {
	fs := flag.NewFlagSet("ingressroute diff", flag.ContinueOnError)
	fs.SetOutput(stderr)
	var files pathList
	fs.Var(&files, "f", "manifests: a file, a directory, or - for standard input (repeatable)")
	from := fs.String("from", "", "the profile routing today: "+strings.Join(profile.Names(), ", "))
	to := fs.String("to", "", "the profile to migrate to")
	format := fs.String("o", "text", "output format: text or json")
	fs.Usage = func() {
		fmt.Fprintf(stderr, "usage: ingressroute diff -from PROFILE -to PROFILE -f FILE... [-o json]\n\nLists every request, derived from the manifests' paths, whose outcome differs between the two profiles.\nProfiles: %s.\n\n", strings.Join(profile.Names(), ", "))
		fs.PrintDefaults()
	}
	if err := fs.Parse(args); err != nil {
		return exitError
	}
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
	errs := unjoin(err)
	diffs, probes := profile.Diff(set.Ingresses, pf, pt)
	status := exitOK
	if len(diffs) > 0 {
		status = exitNoRoute
	}
	if len(errs) > 0 {
		status = exitError
	}
	if *format == "json" {
		writeDiffJSON(stdout, pf, pt, probes, diffs, errs)
		return status
	}
	for _, e := range errs {
		fmt.Fprintf(stderr, "error: %v\n", e)
	}
	fmt.Fprintf(stdout, "%s → %s: %d of %d requests derived from %d Ingresses route differently\n", pf.Name, pt.Name, len(diffs), probes, len(set.Ingresses))
	width := max(len(pf.Name), len(pt.Name))
	group := ""
	var lastWhy [2]string // per side, within a group: a repeated reason is not printed again
	for _, d := range diffs {
		if g := ruleLabel(d.Probe); g != group {
			group = g
			lastWhy = [2]string{}
			fmt.Fprintf(stdout, "\n%s\n", g)
		}
		fmt.Fprintf(stdout, "  GET %s   (%s)\n", d.Probe.URL(), d.Probe.How)
		for i, o := range []profile.Outcome{d.From, d.To} {
			name := pf.Name
			if i == 1 {
				name = pt.Name
			}
			fmt.Fprintf(stdout, "    %-*s  %s\n", width, name, outcomeText(o))
			if o.Reason != "" && o.Reason != lastWhy[i] {
				fmt.Fprintf(stdout, "    %-*s  why: %s\n", width, "", o.Reason)
				lastWhy[i] = o.Reason
			}
		}
	}
	return status
}

// ruleLabel names the rule and path a probe comes from.
func ruleLabel(p profile.Probe) string {
	name := ingressName(p.Ingress)
	if p.RuleIndex < 0 {
		return name + " spec.defaultBackend"
	}
	r := p.Ingress.Spec.Rules[p.RuleIndex]
	host := "(any host)"
	if r.Host != "" {
		host = fmt.Sprintf("host %q", r.Host)
	}
	if p.PathIndex < 0 {
		return fmt.Sprintf("%s spec.rules[%d] %s", name, p.RuleIndex, host)
	}
	hp := r.HTTP.Paths[p.PathIndex]
	return fmt.Sprintf("%s spec.rules[%d].http.paths[%d] %s %s %q", name, p.RuleIndex, p.PathIndex, host, pathType(&hp), hp.Path)
}

func outcomeText(o profile.Outcome) string {
	if o.Kind == "backend" {
		return fmt.Sprintf("%s ← %s %s", backend.String(o.Route.Backend), ingressName(o.Route.Ingress), o.Route.Field())
	}
	return o.String()
}

type jsonDiffOutput struct {
	From        string           `json:"from"`
	To          string           `json:"to"`
	Requests    int              `json:"requests"`
	Differences []jsonDifference `json:"differences"`
	Errors      []string         `json:"errors,omitempty"`
}

type jsonDifference struct {
	Rule string      `json:"rule"`
	URL  string      `json:"url"`
	How  string      `json:"derivedAs"`
	From jsonOutcome `json:"from"`
	To   jsonOutcome `json:"to"`
}

type jsonOutcome struct {
	Outcome  string        `json:"outcome"`
	Route    *jsonRoute    `json:"route,omitempty"`
	Redirect *jsonRedirect `json:"redirect,omitempty"`
	Reason   string        `json:"reason,omitempty"`
}

func toJSONOutcome(o profile.Outcome) jsonOutcome {
	j := jsonOutcome{Outcome: o.Kind, Reason: o.Reason}
	if o.Kind == "backend" || o.Kind == "redirect" {
		r := toJSONRoute(o.Route)
		j.Route = &r
	}
	if o.Kind == "redirect" {
		j.Redirect = &jsonRedirect{Status: o.Redirect.Status, Location: o.Redirect.Location}
	}
	return j
}

func writeDiffJSON(w io.Writer, from, to profile.Profile, probes int, diffs []profile.Difference, errs []error) {
	out := jsonDiffOutput{From: from.Name, To: to.Name, Requests: probes, Differences: []jsonDifference{}}
	for _, d := range diffs {
		out.Differences = append(out.Differences, jsonDifference{Rule: ruleLabel(d.Probe), URL: d.Probe.URL(), How: d.Probe.How, From: toJSONOutcome(d.From), To: toJSONOutcome(d.To)})
	}
	for _, e := range errs {
		out.Errors = append(out.Errors, e.Error())
	}
	encodeJSON(w, out)
}
