package validation_test

import (
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"flag"
	"fmt"
	"hash"
	"math/rand/v2"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/ingresslib/ingress/internal/corpus"
	"github.com/ingresslib/ingress/validation"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/util/validation/field"
)

var updateDigest = flag.Bool("update", false, "rewrite testdata/corpus.sha256")

// TestCorpusDigest validates a fixed corpus — 4,000 Ingresses created and
// updated, 1,000 IngressClasses, from e2e's generators plus metadata the
// server words differently across apimachinery releases (long label
// values and keys, oversized annotations, empty owner references,
// generateName, bad namespaces) — and compares a digest of every error's
// type, field, detail and value with testdata/corpus.sha256. CI runs it at
// the library's k8s.io floor (v0.31) and at the newest release (v0.37): the
// same digest in both proves the answers do not depend on the release a user
// resolves. go test ./validation -run TestCorpusDigest -update records it.
func TestCorpusDigest(t *testing.T) {
	h := sha256.New()
	r := rand.New(rand.NewPCG(1, 2))
	n := 0
	for i := range 4000 {
		ing := corpus.Ingress(r, i)
		switch r.IntN(8) {
		case 0:
			ing.Labels = map[string]string{strings.Repeat("k", 70): "v", "a/b/c": "x", "ok": strings.Repeat("v", 64), "/x": "a b"}
		case 1:
			ing.Annotations = map[string]string{"Bad Key": "x", strings.Repeat("a", 300) + "/x": "y", "big": strings.Repeat("z", 300000)}
		case 2:
			ing.GenerateName, ing.Name = "Gen_", ""
		case 3:
			yes := true
			ing.OwnerReferences = []metav1.OwnerReference{{}, {APIVersion: "a/b/c", Kind: "K", Name: "n", UID: "u", Controller: &yes}, {APIVersion: "v1", Kind: "Event", Name: "e", UID: "u", Controller: &yes}}
		case 4:
			ing.Namespace = "Bad_NS"
			ing.Finalizers = []string{"orphan", "foregroundDeletion", "a/b/c"}
		case 5:
			ing.ManagedFields = []metav1.ManagedFieldsEntry{{}, {Operation: "Patch", FieldsType: "FieldsV2", Manager: strings.Repeat("m", 129) + "\x00", Subresource: strings.Repeat("s", 257)}}
		}
		n += digest(h, "create", validation.ValidateIngress(ing))
		old := corpus.Ingress(r, i)
		if r.IntN(2) == 0 {
			old.DeletionTimestamp = &metav1.Time{}
			old.Generation = 5
		}
		n += digest(h, "update", validation.ValidateIngressUpdate(ing, old))
	}
	for i := range 1000 {
		n += digest(h, "class", validation.ValidateIngressClass(corpus.IngressClass(r, i)))
	}
	got := hex.EncodeToString(h.Sum(nil))
	golden := filepath.Join("testdata", "corpus.sha256")
	if *updateDigest {
		if err := os.MkdirAll("testdata", 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(golden, []byte(got+"\n"), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	want, err := os.ReadFile(golden)
	if err != nil {
		t.Fatalf("%v (run go test ./validation -run TestCorpusDigest -update)", err)
	}
	if strings.TrimSpace(string(want)) != got {
		t.Errorf("the corpus's %d errors digest to %s, want %s: validation answers differently than when the digest was recorded", n, got, strings.TrimSpace(string(want)))
	}
	if n < 10000 {
		t.Errorf("the corpus produced only %d errors; it no longer exercises the rules", n)
	}
}

// digest feeds the type, field, detail and JSON value of each error to h
// and returns how many there were.
func digest(h hash.Hash, what string, errs field.ErrorList) int {
	fmt.Fprintf(h, "%s %d\n", what, len(errs))
	for _, e := range errs {
		v, _ := json.Marshal(e.BadValue)
		fmt.Fprintf(h, "%s|%s|%s|%s\n", e.Type, e.Field, e.Detail, v)
	}
	return len(errs)
}
