package main

import (
	"flag"
	"fmt"
	"io"
	"strings"

	"github.com/ingresslib/ingress/internal/backend"
	"github.com/ingresslib/ingress/manifest"
	"github.com/ingresslib/ingress/matcher"
)

// runTable is "ingressroute table -f FILE...": the effective routing table
// per host group, in precedence order, with the paths that never serve a
// request and the paths that cannot be matched marked, and why.
func runTable(args []string, stdin io.Reader, stdout, stderr io.Writer) int {
	fs := flag.NewFlagSet("ingressroute table", flag.ContinueOnError)
	fs.SetOutput(stderr)
	var files pathList
	fs.Var(&files, "f", "manifests: a file, a directory, or - for standard input (repeatable)")
	format := fs.String("o", "text", "output format: text or json")
	verbose := fs.Bool("v", false, "list every note and skipped document (by default they are summed up)")
	strictLoad := fs.Bool("strict-load", false, "exit 2 for any document that cannot be read, not only Ingresses and IngressClasses")
	fs.Usage = func() {
		fmt.Fprintf(stderr, "usage: ingressroute table -f FILE... [-o json]\n\nThe routing table the Ingresses make, per host group, in the order paths win (the default profile),\nwith the paths that never serve a request and those that cannot be matched marked, and why.\nExit status: 0, or 2 for bad flags or an unreadable Ingress.\n\n")
		fs.PrintDefaults()
	}
	if err := fs.Parse(args); err != nil {
		return parseStatus(err)
	}
	files = append(files, fs.Args()...)
	switch {
	case len(files) == 0:
		fmt.Fprintln(stderr, "ingressroute table: no manifests; give -f FILE (a file, a directory or -)")
		return exitError
	case *format != "text" && *format != "json":
		fmt.Fprintf(stderr, "ingressroute table: -o %q: want text or json\n", *format)
		return exitError
	}
	set, err := manifest.LoadFrom(stdin, files...)
	report := newLoadReport(set, err, *strictLoad)
	status := exitOK
	if len(report.fatal) > 0 {
		status = exitError
	}
	m := matcher.Compile(set.Ingresses)
	groups, def := m.Table()
	var skipped []string
	for _, d := range m.Diagnostics() {
		if d.Kind == matcher.PathSkipped {
			skipped = append(skipped, describeDiagnostic(set, d))
		}
	}
	if *format == "json" {
		writeTableJSON(stdout, set, groups, def, skipped, report)
		return status
	}
	report.write(stderr, *verbose)
	for i, g := range groups {
		if i > 0 {
			fmt.Fprintln(stdout)
		}
		label := fmt.Sprintf("host %q", g.Host)
		if g.Host == "" {
			label = "rules without host (any host that no host rule claims)"
		}
		fmt.Fprintf(stdout, "%s\n", label)
		n := 0
		for _, r := range g.Rows {
			mark := "✗"
			if r.Shadowed == "" {
				n++
				mark = fmt.Sprint(n)
			}
			fmt.Fprintf(stdout, "  %-3s %-22s %-24q → %-20s %s %s%s\n", mark, pathType(r.Route.Path), r.Route.Path.Path, backend.String(r.Route.Backend),
				ingressName(r.Route.Ingress), r.Route.Field(), where(set, r.Route.Ingress))
			if r.Shadowed != "" {
				fmt.Fprintf(stdout, "      never serves a request: %s\n", strings.TrimPrefix(r.Shadowed, fmt.Sprintf("%s path %q never serves a request: ", pathType(r.Route.Path), r.Route.Path.Path)))
			}
		}
		if g.Default != nil {
			fmt.Fprintf(stdout, "  else  default backend %s ← %s%s\n", backend.String(g.Default.Backend), ingressName(g.Default.Ingress), where(set, g.Default.Ingress))
		}
	}
	fmt.Fprintln(stdout)
	if def != nil {
		fmt.Fprintf(stdout, "nothing matches: default backend %s ← %s spec.defaultBackend%s\n", backend.String(def.Backend), ingressName(def.Ingress), where(set, def.Ingress))
	} else {
		fmt.Fprintln(stdout, "nothing matches: no route (the controller's own 404)")
	}
	if len(skipped) > 0 {
		fmt.Fprintf(stdout, "\nskipped (never matched):\n")
		for _, s := range skipped {
			fmt.Fprintf(stdout, "  %s\n", s)
		}
	}
	for _, e := range report.fatal {
		fmt.Fprintf(stderr, "error: %v\n", e)
	}
	return status
}

type jsonTable struct {
	Groups  []jsonHostTable   `json:"groups"`
	Default *jsonRoute        `json:"defaultBackend,omitempty"`
	Skipped []string          `json:"skipped,omitempty"`
	Notes   []jsonLoadMessage `json:"notes,omitempty"`
	Errors  []jsonLoadMessage `json:"errors,omitempty"`
}

type jsonHostTable struct {
	Host    string         `json:"host"`
	Rows    []jsonTableRow `json:"paths"`
	Default *jsonRoute     `json:"defaultBackend,omitempty"`
}

type jsonTableRow struct {
	jsonRoute
	Shadowed string `json:"shadowed,omitempty"`
}

func writeTableJSON(w io.Writer, set *manifest.Set, groups []matcher.HostTable, def *matcher.Route, skipped []string, report loadReport) {
	route := func(r matcher.Route) jsonRoute {
		j := toJSONRoute(r)
		if src, ok := set.Source(r.Ingress); ok {
			j.File, j.Line = src.File, src.Line
		}
		return j
	}
	out := jsonTable{Groups: []jsonHostTable{}, Skipped: skipped}
	for _, g := range groups {
		jg := jsonHostTable{Host: g.Host}
		for _, r := range g.Rows {
			jg.Rows = append(jg.Rows, jsonTableRow{jsonRoute: route(r.Route), Shadowed: r.Shadowed})
		}
		if g.Default != nil {
			d := route(*g.Default)
			jg.Default = &d
		}
		out.Groups = append(out.Groups, jg)
	}
	if def != nil {
		d := route(*def)
		out.Default = &d
	}
	for _, n := range report.notes {
		out.Notes = append(out.Notes, toJSONNote(n))
	}
	for _, e := range report.fatal {
		out.Errors = append(out.Errors, toJSONError(e))
	}
	encodeJSON(w, out)
}
