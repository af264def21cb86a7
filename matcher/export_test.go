package matcher

// SetPartSizes sets the sizes from which host groups are split into parts
// (parts.go) and returns a function that restores them, so that property
// tests reach parts with a few paths.
func SetPartSizes(min, size int) (restore func()) {
	oldMin, oldSize := partMin, partSize
	partMin, partSize = min, size
	return func() { partMin, partSize = oldMin, oldSize }
}
