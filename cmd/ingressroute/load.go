package main

import (
	"errors"
	"fmt"
	"io"
	"sort"
	"strings"

	"github.com/ingresslib/ingress/manifest"
)

// loadReport sorts what loading manifests said: errors that stop the tool
// (an unreadable Ingress or IngressClass, a path that cannot be opened;
// with -strict-load every error), documents skipped because they are not
// routing manifests and cannot be read (templates, kustomizations,
// patches, broken documents of other kinds), and notes.
type loadReport struct {
	fatal   []error
	skipped []*manifest.Error
	notes   []manifest.Note
}

func newLoadReport(set *manifest.Set, err error, strict bool) loadReport {
	r := loadReport{notes: set.Notes}
	for _, e := range unjoin(err) {
		var me *manifest.Error
		if errors.As(e, &me) && !me.Routing() && !strict {
			r.skipped = append(r.skipped, me)
			continue
		}
		r.fatal = append(r.fatal, e)
	}
	return r
}

// unopened are the fatal errors of paths that could not be opened, not
// of documents.
func (r loadReport) unopened() []error {
	var out []error
	for _, e := range r.fatal {
		var me *manifest.Error
		if !errors.As(e, &me) {
			out = append(out, e)
		}
	}
	return out
}

// write prints the report on w: errors always; skipped documents and notes
// one by one under verbose, else summed up in a line or two.
func (r loadReport) write(w io.Writer, verbose bool) {
	for _, e := range r.fatal {
		fmt.Fprintf(w, "error: %v\n", e)
	}
	if verbose {
		for _, e := range r.skipped {
			fmt.Fprintf(w, "skipped: %v\n", e)
		}
		for _, n := range r.notes {
			fmt.Fprintf(w, "note: %s\n", n)
		}
		return
	}
	if len(r.skipped) > 0 {
		kinds := map[string]int{}
		for _, e := range r.skipped {
			switch {
			case e.Template:
				kinds["templates"]++
			case strings.Contains(e.Hint, "kustomization"):
				kinds["kustomizations"]++
			case strings.Contains(e.Err.Error(), "not an object") || e.Field == "kind":
				kinds["patches and fragments without kind"]++
			default:
				kinds["broken documents of other kinds"]++
			}
		}
		what := "are not Ingresses or IngressClasses"
		if len(r.skipped) == 1 {
			what = "is not an Ingress or an IngressClass"
		}
		fmt.Fprintf(w, "skipped: %s that %s (%s); -v lists them\n", counted(len(r.skipped), "unreadable document", "unreadable documents"), what, counts(kinds))
	}
	if len(r.notes) > 0 {
		kinds := map[string]int{}
		other, dup, converted := 0, 0, 0
		for _, n := range r.notes {
			switch {
			case n.Duplicate != nil:
				dup++
			case n.Converted:
				converted++
			default:
				other++
				kinds[n.Kind]++
			}
		}
		var parts []string
		if other > 0 {
			parts = append(parts, fmt.Sprintf("%d of other kinds skipped (%s)", other, topCounts(kinds, 3)))
		}
		if dup > 0 {
			parts = append(parts, counted(dup, "Ingress", "Ingresses")+" defined twice (a base and its overlays?)")
		}
		if converted > 0 {
			parts = append(parts, fmt.Sprintf("%d converted from v1beta1", converted))
		}
		fmt.Fprintf(w, "note: %s; -v lists them\n", strings.Join(parts, ", "))
	}
}

// topCounts is counts with the n largest, and how many kinds more.
func topCounts(m map[string]int, n int) string {
	all := strings.Split(counts(m), ", ")
	if len(all) <= n {
		return strings.Join(all, ", ")
	}
	return strings.Join(all[:n], ", ") + fmt.Sprintf(", … %d kinds more", len(all)-n)
}

// counts renders "templates 12, kustomizations 3", largest first.
func counts(m map[string]int) string {
	type kv struct {
		k string
		v int
	}
	var l []kv
	for k, v := range m {
		l = append(l, kv{k, v})
	}
	sort.Slice(l, func(i, j int) bool {
		if l[i].v != l[j].v {
			return l[i].v > l[j].v
		}
		return l[i].k < l[j].k
	})
	var parts []string
	for _, x := range l {
		parts = append(parts, fmt.Sprintf("%s %d", x.k, x.v))
	}
	return strings.Join(parts, ", ")
}

// jsonSource is where a document is, for JSON output.
type jsonSource struct {
	File     string `json:"file,omitempty"`
	Line     int    `json:"line,omitempty"`
	Document int    `json:"document,omitempty"`
	Item     *int   `json:"item,omitempty"`
}

func toJSONSource(s manifest.Source) jsonSource {
	j := jsonSource{File: s.File, Line: s.Line, Document: s.Doc}
	if s.Item >= 0 {
		item := s.Item
		j.Item = &item
	}
	return j
}

// jsonLoadMessage is a note, a skipped document or an error, for JSON
// output.
type jsonLoadMessage struct {
	jsonSource
	Kind     string `json:"kind,omitempty"`
	Field    string `json:"field,omitempty"`
	Message  string `json:"message"`
	Hint     string `json:"hint,omitempty"`
	Template bool   `json:"template,omitempty"`
}

func toJSONError(e error) jsonLoadMessage {
	var me *manifest.Error
	if errors.As(e, &me) {
		return jsonLoadMessage{jsonSource: toJSONSource(me.Source), Kind: me.Kind, Field: me.Field, Message: me.Err.Error(), Hint: me.Hint, Template: me.Template}
	}
	return jsonLoadMessage{Message: e.Error()}
}

func toJSONNote(n manifest.Note) jsonLoadMessage {
	return jsonLoadMessage{jsonSource: toJSONSource(n.Source), Kind: n.Kind, Message: n.Message}
}

// counted writes a count with its noun: "1 Ingress", "2 Ingresses".
func counted(n int, one, many string) string {
	return fmt.Sprintf("%d %s", n, plural(n, one, many))
}
