package parity_test

import (
	"encoding/json"
	"errors"
	"io/fs"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
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
