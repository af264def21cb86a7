// Package witness makes request paths that a path regular expression
// matches. A tool that compares how two controllers route an Ingress must
// send requests that the expression really matches — witnesses — and
// requests it almost matches; stripping the metacharacters from the
// expression gives neither ("/api/v[0-9]+" is not "/api/v0-9").
//
// Controllers read a path expression in different ways: the whole path or
// only its start, with or without case folding (see [Reading]). [For]
// parses the expression with regexp/syntax and walks the parse tree twice,
// building one string each time. The first walk takes each quantifier the
// fewest times it allows and each alternation's shortest alternative: the
// shortest match. The second takes each quantifier once more and, where
// there is a choice, a different alternative and a different character: a
// longer match. A character class contributes the character a request is
// most likely to carry: a lower-case letter or a digit where the class has
// one, and a '/' only when nothing else fits. Empty-width assertions (^, $,
// \b) contribute nothing, so a walk can build a string that an assertion
// rules out; every string is therefore checked with [Matches], and a walk
// string the reading rejects is an error, never a witness. From the
// shortest match For derives further paths: with the case of its letters
// flipped, one element deeper, one byte longer, and near misses that the
// expression is expected not to match. Under a case-insensitive reading the
// walks still read the expression case-sensitively, so that its literals
// come out as written: a string it matches so read, it matches with case
// folded too.
//
// The tree is walked as parsed, not simplified: a repeat x{n,m} is walked
// once and its string copied, where Simplify would expand it into m copies
// of x. Each node is visited once per walk, so the walk is linear in the
// length of the expression and of the strings it builds. Both are bounded:
// For refuses an expression longer than 4096 bytes, one whose compiled
// program would be large enough to make compiling and matching it costly,
// and one whose witnesses would be longer than 8192 bytes, and it stops a
// walk as soon as its string passes that length.
package witness
