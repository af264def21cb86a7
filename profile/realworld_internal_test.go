package profile

import (
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/ingresslib/ingress/internal/witness"
	"github.com/ingresslib/ingress/manifest"
)

// TestRealWorldWitnesses: over the real manifests kept beside the
// repository (INGRESSLIB_REALWORLD overrides the directory), every probe
// made for a path under a reading of it as a regular expression is one
// that reading matches, and a path no request could be derived for is
// reported (NoWitness), never dropped.
func TestRealWorldWitnesses(t *testing.T) {
	dir := os.Getenv("INGRESSLIB_REALWORLD")
	if dir == "" {
		dir = filepath.Join("..", "..", "shared", "realworld")
	}
	if _, err := os.Stat(dir); err != nil {
		t.Skipf("no real-world manifests at %s (set INGRESSLIB_REALWORLD)", dir)
	}
	set, _ := manifest.Load(dir)
	ps, none := probes(set.Ingresses)
	byName := map[string]witness.Reading{}
	for _, rd := range readings {
		byName[rd.name] = rd.r
	}
	regexPaths, checked := map[string]bool{}, 0
	for _, p := range ps {
		if p.Ingress == nil || p.PathIndex < 0 || !strings.HasPrefix(p.How, "the shortest match of the regular expression (") && !strings.HasPrefix(p.How, "a longer match of the regular expression (") {
			continue
		}
		path := p.Ingress.Spec.Rules[p.RuleIndex].HTTP.Paths[p.PathIndex].Path
		reading := p.How[strings.LastIndexByte(p.How, '(')+1 : len(p.How)-1]
		u, err := url.ParseRequestURI(p.Target)
		if err != nil {
			t.Errorf("%s: probe target %q: %v", path, p.Target, err)
			continue
		}
		if ok, err := witness.Matches(path, byName[reading], u.Path); !ok || err != nil {
			t.Errorf("%s/%s %q (%s): probe %s, which its reading rejects (%v)", p.Ingress.Namespace, p.Ingress.Name, path, reading, p.Target, err)
		}
		regexPaths[path] = true
		checked++
	}
	for _, nw := range none {
		path := nw.Ingress.Spec.Rules[nw.RuleIndex].HTTP.Paths[nw.PathIndex].Path
		t.Logf("no witness for %q (%s): %v", path, nw.Reading, nw.Err)
	}
	t.Logf("%d Ingresses: %d regular-expression paths, %d witness probes checked, %d readings without witness", len(set.Ingresses), len(regexPaths), checked, len(none))
	if len(regexPaths) == 0 {
		t.Error("no regular-expression path among the real manifests: the test checks nothing")
	}
}
