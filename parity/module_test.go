package parity_test

import (
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/ingresslib/ingress/matcher"
	networkingv1 "k8s.io/api/networking/v1"
)

// envInt is the positive integer in the environment variable name, else def.
func envInt(name string, def int) int {
	if n, err := strconv.Atoi(os.Getenv(name)); err == nil && n > 0 {
		return n
	}
	return def
}

// moduleCopy downloads a module through the Go module proxy and returns a
// writable copy of it in a temporary directory.
func moduleCopy(t *testing.T, path, version string) string {
	t.Helper()
	cmd := exec.Command("go", "mod", "download", "-json", path+"@"+version)
	cmd.Dir = t.TempDir()
	cmd.Env = append(os.Environ(), "GOFLAGS=-mod=mod", "GO111MODULE=on")
	out, err := cmd.Output()
	var info struct{ Dir, Error string }
	if jerr := json.Unmarshal(out, &info); err != nil || jerr != nil || info.Dir == "" {
		t.Fatalf("go mod download %s@%s: %v %s %s", path, version, err, info.Error, stderrOf(err))
	}
	dst := filepath.Join(t.TempDir(), "module")
	err = filepath.WalkDir(info.Dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(info.Dir, p)
		target := filepath.Join(dst, rel)
		if d.IsDir() {
			return os.MkdirAll(target, 0o755)
		}
		b, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		return os.WriteFile(target, b, 0o644)
	})
	if err != nil {
		t.Fatalf("copying %s: %v", info.Dir, err)
	}
	return dst
}

func stderrOf(err error) string {
	var ee *exec.ExitError
	if errors.As(err, &ee) {
		return string(ee.Stderr)
	}
	return ""
}

// runHarness runs the harness test TestIngresslibParity of package pkg in
// the module copy dir, with in (marshalled to JSON) as its input, and
// unmarshals its output into out.
func runHarness(t *testing.T, dir, pkg string, in, out any) {
	t.Helper()
	work := t.TempDir()
	inPath, outPath := filepath.Join(work, "in.json"), filepath.Join(work, "out.json")
	b, err := json.Marshal(in)
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(inPath, b, 0o644); err != nil {
		t.Fatal(err)
	}
	cmd := exec.Command("go", "test", "-tags", "ingresslib_harness", "-count=1", "-run", "^TestIngresslibParity$", pkg)
	cmd.Dir = dir
	cmd.Env = append(os.Environ(), "GOFLAGS=-mod=mod", "INGRESSLIB_PARITY_IN="+inPath, "INGRESSLIB_PARITY_OUT="+outPath)
	if msg, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("go test %s in the controller's module: %v\n%s", pkg, err, tail(string(msg), 4000))
	}
	b, err = os.ReadFile(outPath)
	if err != nil {
		t.Fatal(err)
	}
	if err := json.Unmarshal(b, out); err != nil {
		t.Fatal(err)
	}
}

func tail(s string, n int) string {
	if len(s) <= n {
		return s
	}
	return "…" + s[len(s)-n:]
}

// place writes a harness file of this repository into the module copy.
func place(t *testing.T, dir, rel string, content []byte) {
	t.Helper()
	if err := os.WriteFile(filepath.Join(dir, rel), content, 0o644); err != nil {
		t.Fatal(err)
	}
}

// readHarness returns a harness file of this repository.
func readHarness(t *testing.T, name string) []byte {
	t.Helper()
	b, err := os.ReadFile(filepath.Join("testdata", "harness", name))
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// joinLines is strings.Join for messages.
func joinLines(lines []string) string { return strings.Join(lines, "\n") }

// placeHarness places the harness files of a controller's package pkg
// (relative to the module copy dir, Go package name name): the
// controller's own (harness/<controller>/ingresslib_parity_test.go), the
// set and answer plumbing (harness/common) and what else extra names
// (as "envoy"), the shared ones with their package clause set to name.
func placeHarness(t *testing.T, dir, pkg, name, controller string, extra ...string) {
	t.Helper()
	place(t, dir, filepath.Join(pkg, "ingresslib_parity_test.go"), readHarness(t, controller+"/ingresslib_parity_test.go"))
	for _, shared := range append([]string{"common/ingresslib_io_test.go"}, extra...) {
		b := readHarness(t, shared)
		from := "\npackage " + filepath.Dir(shared) + "\n"
		out := strings.Replace(string(b), from, "\npackage "+name+"\n", 1)
		if out == string(b) {
			t.Fatalf("harness/%s has no package clause %q", shared, strings.TrimSpace(from))
		}
		place(t, dir, filepath.Join(pkg, filepath.Base(shared)), []byte(out))
	}
}

// paritySet is one Ingress set and its requests, as the harnesses read
// them; Strict picks TraefikStrict under Traefik.
type paritySet struct {
	Ingresses []*networkingv1.Ingress `json:"ingresses"`
	Strict    bool                    `json:"strict,omitempty"`
	Requests  []request               `json:"requests"`
}

// harnessAnswers are what a harness answers each request of each set: the
// controller's possible answers ("ns/name", "404", "400"), more than one
// where they depend on an order the controller does not define.
type harnessAnswers [][]struct {
	Answers []string `json:"answers"`
}

// compareAnswers compares the dialect's answer to each request with the
// controller's (what the harness wrote), set by set, with dialect giving
// the dialect of a set: the dialect's answer must be the controller's, or,
// where the controller's depends on an order it does not define, one of
// them, with a DialectConflict reported. Every other answer fails the test,
// shown (the first 15) with the dialect's explanation and the set. It logs
// and returns the counts.
func compareAnswers(t *testing.T, controller string, sets []paritySet, answers harnessAnswers, dialect func(paritySet) matcher.Dialect) (agree, orderDependent, total int) {
	t.Helper()
	if len(answers) != len(sets) {
		t.Fatalf("the harness answered %d sets of %d", len(answers), len(sets))
	}
	var failures []string
	var used []string // the dialects, for the log
	for i, s := range sets {
		d := dialect(s)
		if !slices.Contains(used, d.String()) {
			used = append(used, d.String())
		}
		m := matcher.Compile(s.Ingresses, matcher.WithDialect(d))
		conflict := hasKind(m, matcher.DialectConflict)
		for j, rq := range s.Requests {
			total++
			real := answers[i][j].Answers
			got := libraryAnswer(m, rq)
			ok := slices.Contains(real, got)
			switch {
			case ok && len(real) == 1:
				agree++
				continue
			case ok && conflict:
				agree++
				orderDependent++
				continue
			}
			if len(failures) < 15 {
				why := controller + " answers"
				if ok {
					why = "the answer depends on an order " + controller + " does not define, and the dialect reports no DialectConflict; " + controller + " answers"
				}
				over := ""
				if rq.TLS {
					over = " over TLS"
				}
				failures = append(failures, fmt.Sprintf("set %d (%s): Host %q GET %s%s: %s %q, the dialect %q\n%s\n%s",
					i, d, rq.Host, rq.Target, over, why, real, got, m.Explain(rq.Host, pathOf(rq.Target)), manifest(s.Ingresses)))
			}
		}
	}
	t.Logf("%s vs %s's own code: %d of %d requests agree (%d of them order-dependent: the dialect gives one of the controller's answers and reports it)",
		strings.Join(used, " and "), controller, agree, total, orderDependent)
	for _, f := range failures {
		t.Error(f)
	}
	if total < 20_000 && envInt("INGRESSLIB_PARITY_SETS", 400) >= 400 {
		t.Errorf("only %d requests compared", total)
	}
	return agree, orderDependent, total
}
