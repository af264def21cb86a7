package main

import (
	"encoding/json"
	"flag"
	"fmt"
	"io"

	"github.com/ingresslib/ingress/manifest"
	"github.com/ingresslib/ingress/validation"
	"k8s.io/apimachinery/pkg/util/validation/field"
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
	format := fs.String("o", "text", "output: text or json")
	fs.Usage = func() {
		fmt.Fprintf(stderr, "usage: ingressroute validate [-strict] [-v] [-strict-load] [-o json] -f FILE...\n\nValidate Ingresses and IngressClasses as the Kubernetes 1.37 API server would on create.\nExit status: 0 all valid, 1 some object invalid (or a -strict finding), 2 an unreadable Ingress or IngressClass\n(any unreadable document with -strict-load); other unreadable documents are skipped and counted.\n\n")
		fs.PrintDefaults()
	}
	if err := fs.Parse(args); err != nil {
		return parseStatus(err)
	}
	files = append(files, fs.Args()...)
	if *format != "text" && *format != "json" {
		fmt.Fprintf(stderr, "ingressroute validate: -o %q: want text or json\n", *format)
		return exitError
	}
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
	results := validateSet(set, *strict)
	for _, r := range results {
		if !r.Valid || len(r.Strict) > 0 {
			if status == exitOK {
				status = exitNoRoute // 1: something is invalid
			}
			break
		}
	}
	if *format == "json" {
		out := jsonValidateOutput{Objects: results}
		for _, e := range report.fatal {
			out.Errors = append(out.Errors, toJSONError(e))
		}
		for _, e := range report.skipped {
			out.Skipped = append(out.Skipped, toJSONError(e))
		}
		for _, n := range report.notes {
			out.Notes = append(out.Notes, toJSONNote(n))
		}
		enc := json.NewEncoder(stdout)
		enc.SetIndent("", "  ")
		enc.Encode(out)
		return status
	}
	report.write(stderr, *verbose)
	for _, r := range results {
		where := ""
		if r.File != "" {
			where = r.where + ": "
		}
		switch {
		case r.text != "":
			fmt.Fprintf(stdout, "%s%s\n", where, r.text)
		default:
			fmt.Fprintf(stdout, "%s%s %s is valid\n", where, r.Kind, r.name)
		}
		for _, w := range r.Warnings {
			fmt.Fprintf(stdout, "%sWarning: %s %s: %s\n", where, r.Kind, r.name, w)
		}
		for _, d := range r.Strict {
			fmt.Fprintf(stdout, "%sstrict: %s %s: %s: %s\n", where, r.Kind, r.name, d.Field, d.Message)
		}
	}
	return status
}

// validateResult is the API server's answer to creating one object.
type validateResult struct {
	jsonSource
	Kind      string `json:"kind"`
	Namespace string `json:"namespace,omitempty"`
	Name      string `json:"name"`
	Valid     bool   `json:"valid"`
	// Errors are the field errors of a rejection; Message the server's
	// words for it, as kubectl prints them.
	Errors   []jsonFieldError `json:"errors,omitempty"`
	Message  string           `json:"message,omitempty"`
	Warnings []string         `json:"warnings,omitempty"`
	Strict   []jsonStrict     `json:"strict,omitempty"`

	name, where, text string // for the text output
}

type jsonFieldError struct {
	Field  string `json:"field"`
	Type   string `json:"type"`
	Detail string `json:"detail,omitempty"`
	Value  string `json:"value,omitempty"`
}

type jsonStrict struct {
	Field   string `json:"field"`
	Message string `json:"message"`
}

type jsonValidateOutput struct {
	Objects []validateResult  `json:"objects"`
	Errors  []jsonLoadMessage `json:"errors,omitempty"`
	Skipped []jsonLoadMessage `json:"skipped,omitempty"`
	Notes   []jsonLoadMessage `json:"notes,omitempty"`
}

// validateSet answers for every Ingress and IngressClass of the set, in
// order.
func validateSet(set *manifest.Set, strict bool) []validateResult {
	var out []validateResult
	add := func(obj any, kind, namespace, name string) *validateResult {
		r := validateResult{Kind: kind, Namespace: namespace, Name: name, Valid: true, name: name}
		if namespace != "" {
			r.name = namespace + "/" + name
		}
		if src, ok := set.Source(obj); ok {
			r.jsonSource, r.where = toJSONSource(src), src.String()
		}
		out = append(out, r)
		return &out[len(out)-1]
	}
	fieldErrors := func(r *validateResult, errs field.ErrorList) {
		r.Valid = false
		for _, e := range errs {
			fe := jsonFieldError{Field: e.Field, Type: string(e.Type), Detail: e.Detail}
			if e.BadValue != nil && e.Type != field.ErrorTypeRequired {
				fe.Value = fmt.Sprint(e.BadValue)
			}
			r.Errors = append(r.Errors, fe)
		}
	}
	resourceVersion := func(r *validateResult) {
		// The registry refuses it before validating anything.
		r.Valid = false
		r.Message = fmt.Sprintf("Error from server (BadRequest): error when creating %s %s: resourceVersion should not be set on objects to be created", r.Kind, r.name)
		r.text = r.Message
	}
	for _, ing := range set.Ingresses {
		r := add(ing, "Ingress", ing.Namespace, ing.Name)
		r.name = ingressName(ing)
		switch errs := validation.ValidateIngress(ing); {
		case ing.ResourceVersion != "":
			resourceVersion(r)
		case len(errs) > 0:
			fieldErrors(r, errs)
			r.Message = validation.KubectlMessage("Ingress", ing.Name, errs)
			r.text = r.Message // the server sends no warnings with a rejection
		default:
			r.Warnings = validation.Warnings(ing)
			if strict {
				for _, d := range validation.Strict(ing) {
					r.Strict = append(r.Strict, jsonStrict{Field: d.Field, Message: d.Message})
				}
			}
		}
	}
	for _, c := range set.IngressClasses {
		r := add(c, "IngressClass", "", c.Name)
		switch errs := validation.ValidateIngressClass(c); {
		case c.ResourceVersion != "":
			resourceVersion(r)
		case len(errs) > 0:
			fieldErrors(r, errs)
			r.Message = validation.KubectlMessage("IngressClass", c.Name, errs)
			r.text = r.Message
		}
	}
	return out
}
