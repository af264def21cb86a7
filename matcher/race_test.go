//go:build race

package matcher_test

// raceEnabled: the race detector makes sync.Pool drop items at random, so
// a lookup that borrows from a pool (Go's regexp does, for every match)
// allocates now and then; the allocation tests skip such lookups.
const raceEnabled = true
