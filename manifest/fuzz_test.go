package manifest_test

import (
	"errors"
	"os"
	"path/filepath"
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
	f.Fuzz(func(t *testing.T, in string) {
		set, err := manifest.Read(strings.NewReader(in), "fuzz.yaml")
		if set == nil {
			t.Fatal("Read returned a nil Set")
		}
		for _, e := range unjoin(err) {
			var me *manifest.Error
			if !errors.As(e, &me) || !strings.HasPrefix(e.Error(), "fuzz.yaml: document ") {
				t.Fatalf("error %q does not name the document", e)
			}
		}
	})
}
