package main

import (
	"bytes"
	"encoding/json"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
)

// realworld is the directory of real manifests from public repositories the
// project keeps beside the repository (INGRESSLIB_REALWORLD overrides it).
func realworld(t *testing.T) string {
	dir := os.Getenv("INGRESSLIB_REALWORLD")
	if dir == "" {
		dir = filepath.Join("..", "..", "..", "shared", "realworld")
	}
	if _, err := os.Stat(dir); err != nil {
		t.Skipf("no real-world manifests at %s (set INGRESSLIB_REALWORLD)", dir)
	}
	return dir
}

// goDump finds Go's own renderings of values in output meant for people.
var goDump = regexp.MustCompile(`map\[interface \{\}\]|\[\]interface \{\}|interface \{\}\(|&\{|0xc[0-9a-f]{6,}|\*v1\.|v1\.Ingress\{`)

// TestRealWorld runs validate and routing over hundreds of real manifests,
// as a user pointing the tool at repositories would: the exit status says
// whether an Ingress could not be read, other unreadable documents are
// skipped and counted, the output is short without -v, and no line is a
// Go value dump.
func TestRealWorld(t *testing.T) {
	dir := realworld(t)
	for _, args := range [][]string{
		{"validate", "-f", dir},
		{"-f", dir, "http://example.com/", "http://foo.bar.com/api/v1"},
		{"-profile", "ingress-nginx", "-f", dir, "http://example.com/"},
		{"-o", "json", "-f", dir, "http://example.com/"},
		{"diff", "-from", "ingress-nginx", "-to", "gateway-api", "-f", dir},
	} {
		var stdout, stderr bytes.Buffer
		code := run(args, strings.NewReader(""), &stdout, &stderr)
		all := stdout.String() + stderr.String()
		for _, line := range strings.Split(all, "\n") {
			if goDump.MatchString(line) {
				t.Errorf("%v: a Go value dump: %s", args, line)
			}
		}
		var errorLines int
		for _, line := range strings.Split(stderr.String(), "\n") {
			switch {
			case strings.HasPrefix(line, "error: "):
				errorLines++
				if !regexp.MustCompile(`^error: \S+\.(ya?ml|json):\d+: document \d+`).MatchString(line) {
					t.Errorf("%v: an error that does not name file, line and document: %s", args, line)
				}
			case strings.HasPrefix(line, "note: "), strings.HasPrefix(line, "info: "):
				if !strings.HasSuffix(line, "-v lists them") {
					t.Errorf("%v: a note or info line without -v: %s", args, line)
				}
			}
		}
		if args[0] == "-o" {
			var out struct{ Errors []any }
			if err := json.Unmarshal(stdout.Bytes(), &out); err != nil {
				t.Fatalf("%v: %v", args, err)
			}
			errorLines = len(out.Errors)
		}
		// Some real Ingresses cannot be read (v1 manifests in the v1beta1
		// shape, a string where a backend belongs): exit 2, and only then.
		if want := 2; errorLines > 0 && code != want || errorLines == 0 && code == 2 {
			t.Errorf("%v: exit %d with %d error lines", args, code, errorLines)
		}
		if n := strings.Count(stderr.String(), "\n"); args[0] != "-o" && n > 400 {
			t.Errorf("%v: %d lines on stderr without -v", args, n)
		}
		t.Logf("%v: exit %d, %d lines out, %d lines err, %d errors", args, code, strings.Count(stdout.String(), "\n"), strings.Count(stderr.String(), "\n"), errorLines)
	}
	// With -strict-load, every unreadable document fails the run.
	var stdout, stderr bytes.Buffer
	if code := run([]string{"validate", "-strict-load", "-f", dir}, strings.NewReader(""), &stdout, &stderr); code != exitError {
		t.Errorf("validate -strict-load: exit %d", code)
	}
}
