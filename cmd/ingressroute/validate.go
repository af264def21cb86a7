package main

import (
	"flag"
	"fmt"
	"io"

	"github.com/ingresslib/ingress/manifest"
	"github.com/ingresslib/ingress/validation"
)

// runValidate is "ingressroute validate": the API server's answer for each
// Ingress and IngressClass in the manifests, offline.
func runValidate(args []string, stdin io.Reader, stdout, stderr io.Writer) int {
	fs := flag.NewFlagSet("ingressroute validate", flag.ContinueOnError)
	fs.SetOutput(stderr)
	var files pathList
	fs.Var(&files, "f", "manifests: a file, a directory, or - for standard input (repeatable)")
	strict := fs.Bool("strict", false, "also report what controllers reject or read differently (validation.Strict)")
	fs.Usage = func() {
		fmt.Fprintf(stderr, "usage: ingressroute validate [-strict] -f FILE...\n\nValidate Ingresses and IngressClasses as the Kubernetes 1.37 API server would on create.\nExit status: 0 all valid, 1 some object invalid (or a -strict finding), 2 unreadable input.\n\n")
		fs.PrintDefaults()
	}
	if err := fs.Parse(args); err != nil {
		return exitError
	}
	files = append(files, fs.Args()...)
	if len(files) == 0 {
		fmt.Fprintln(stderr, "ingressroute validate: no manifests; give -f FILE (or - for standard input)")
		return exitError
	}
	set, err := manifest.LoadFrom(stdin, files...)
	status := exitOK
	for _, e := range unjoin(err) {
		fmt.Fprintf(stderr, "error: %v\n", e)
		status = exitError
	}
	for _, n := range set.Notes {
		fmt.Fprintf(stderr, "note: %s\n", n)
	}
	where := func(obj any) string {
		if src, ok := set.Source(obj); ok {
			return src.String() + ": "
		}
		return ""
	}
	bad := false
	for _, ing := range set.Ingresses {
		name := ingressName(ing)
		if errs := validation.ValidateIngress(ing); len(errs) > 0 {
			bad = true
			fmt.Fprintf(stdout, "%s%s\n", where(ing), validation.KubectlMessage("Ingress", ing.Name, errs))
		} else {
			fmt.Fprintf(stdout, "%sIngress %s is valid\n", where(ing), name)
		}
		for _, w := range validation.Warnings(ing) {
			fmt.Fprintf(stdout, "%sWarning: Ingress %s: %s\n", where(ing), name, w)
		}
		if *strict {
			for _, d := range validation.Strict(ing) {
				bad = true
				fmt.Fprintf(stdout, "%sstrict: Ingress %s: %s: %s\n", where(ing), name, d.Field, d.Message)
			}
		}
	}
	for _, c := range set.IngressClasses {
		if errs := validation.ValidateIngressClass(c); len(errs) > 0 {
			bad = true
			fmt.Fprintf(stdout, "%s%s\n", where(c), validation.KubectlMessage("IngressClass", c.Name, errs))
		} else {
			fmt.Fprintf(stdout, "%sIngressClass %s is valid\n", where(c), c.Name)
		}
	}
	if bad && status == exitOK {
		status = exitNoRoute // 1: something is invalid
	}
	return status
}
