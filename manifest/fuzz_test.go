package manifest_test

import (
	"errors"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/ingresslib/ingress/manifest"
)

// FuzzRead: no input panics, and every error names the stream and a
// document.
func FuzzRead(f *testing.F) {
	files, _ := filepath.Glob("../testdata/docs/*/*.yaml")
	for _, file := range files {
		b, err := os.ReadFile(file)
		if err != nil {
			f.Fatal(err)
		}
		f.Add(string(b))
	}
	f.Add("apiVersion: v1\nkind: List\nitems: [1, {kind: List, items: [{}]}]\n")
	f.Add("{\"kind\":\"Ingress\"}\n[1,2]\n")
	f.Add("---\n---\n: : :\n")
	fileDoc := regexp.MustCompile(`^fuzz\.yaml(:\d+)?: document \d+`)
	f.Fuzz(func(t *testing.T, in string) {
		set, err := manifest.Read(strings.NewReader(in), "fuzz.yaml")
		if set == nil {
			t.Fatal("Read returned a nil Set")
		}
		for _, e := range unjoin(err) {
			var me *manifest.Error
			if !errors.As(e, &me) || !fileDoc.MatchString(e.Error()) {
				t.Fatalf("error %q does not name the document", e)
			}
			if me.Source.Line < 0 || me.Source.Line > strings.Count(in, "\n")+1 {
				t.Fatalf("error %q: line %d outside the input", e, me.Source.Line)
			}
		}
	})
}
