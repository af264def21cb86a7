package pathmatch

import "testing"

// TestEveryKindDecided: every interpretation is either indexed by key, with
// the continuations its Match implies, or declared to be tried one by one.
// A new interpretation fails here until it is given a decision, so it cannot
// fall back to a scan (or to a wrong key) without anyone saying so.
func TestEveryKindDecided(t *testing.T) {
	decided := map[interpretationKind]Continuation{
		kindPrefix:       AtEnd | AtSlash,
		kindExact:        AtEnd,
		kindStringPrefix: AtEnd | AtSlash | AtAny,
		kindRegex:        0,
		kindRegexFold:    0,
		kindFunc:         0,
	}
	for k := range interpretationKind(len(kindNames)) {
		want, ok := decided[k]
		if !ok {
			t.Errorf("interpretation %s has no indexing decision: add it to keyOf and to this test", kindNames[k])
			continue
		}
		if _, at, indexed := keyOf(k, "/x/"); at != want || indexed != (want != 0) {
			t.Errorf("keyOf(%s) = continuations %b, indexed %v; want %b, %v", kindNames[k], at, indexed, want, want != 0)
		}
	}
}
