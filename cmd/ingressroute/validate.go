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
	verbose := fs.Bool("v", false, "list every note and skipped document (by default they are summed up)")
	strictLoad := fs.Bool("strict-load", false, "exit 2 for any document that cannot be read, not only Ingresses and IngressClasses")
	fs.Usage = func() {
		fmt.Fprintf(stderr, "usage: ingressroute validate [-strict] [-v] [-strict-load] -f FILE...\n\nValidate Ingresses and IngressClasses as the Kubernetes 1.37 API server would on create.\nExit status: 0 all valid, 1 some object invalid (or a -strict finding), 2 an unreadable Ingress or IngressClass\n(any unreadable document with -strict-load); other unreadable documents are skipped and counted.\n\n")
		fs.PrintDefaults()
	}
	if err := fs.Parse(args); err != nil {
		return parseStatus(err)
	}
	files = append(files, fs.Args()...)
	if len(files) == 0 {
		fmt.Fprintln(stderr, "ingressroute validate: no manifests; give -f FILE (or - for standard input)")
		return exitError
	}
	set, err := manifest.LoadFrom(stdin, files...)
	status := exitOK
	report := newLoadReport(set, err, *strictLoad)
	if len(report.fatal) > 0 {
		status = exitError
	}
	report.write(stderr, *verbose)
	where := func(obj any) string {
		if src, ok := set.Source(obj); ok {
			return src.String() + ": "
		}
		return ""
	}
	bad := false
	for _, ing := range set.Ingresses {
		name := ingressName(ing)
		if ing.ResourceVersion != "" {
			// The registry refuses it before validating anything.
			bad = true
			fmt.Fprintf(stdout, "%sError from server (BadRequest): error when creating Ingress %s: resourceVersion should not be set on objects to be created\n", where(ing), name)
			continue
		}
		if errs := validation.ValidateIngress(ing); len(errs) > 0 {
			bad = true
			fmt.Fprintf(stdout, "%s%s\n", where(ing), validation.KubectlMessage("Ingress", ing.Name, errs))
			continue // the server sends no warnings with a rejection
		}
		fmt.Fprintf(stdout, "%sIngress %s is valid\n", where(ing), name)
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
		if c.ResourceVersion != "" {
			bad = true
			fmt.Fprintf(stdout, "%sError from server (BadRequest): error when creating IngressClass %s: resourceVersion should not be set on objects to be created\n", where(c), c.Name)
			continue
		}
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
