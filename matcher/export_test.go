package matcher

import "github.com/ingresslib/ingress/hostmatch"

// SetPartSizes sets the sizes from which host groups are split into parts
// (parts.go) and returns a function that restores them, so that property
// tests reach parts with a few paths.
func SetPartSizes(min, size int) (restore func()) {
	oldMin, oldSize := partMin, partSize
	partMin, partSize = min, size
	return func() { partMin, partSize = oldMin, oldSize }
}

// HostParts returns the number of parts the group of an exact host is
// split into, 0 when it is not split or absent.
func HostParts(m *Matcher, host string) int {
	g := m.group(groupKey{host: host, rank: hostmatch.RankExact})
	if g == nil || !g.parted() {
		return 0
	}
	return len(g.x.parts)
}
