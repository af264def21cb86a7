// Package regexbound compiles the regular expressions that Ingresses carry
// (ImplementationSpecific paths read as regular expressions, and the
// expressions each dialect writes for a controller) with a bound on what
// matching them may cost, so that whoever writes an Ingress cannot make
// every request of a shared controller slow.
//
// # Cost
//
// Go's regexp (RE2) never backtracks exponentially: it runs the compiled
// program as a set of threads, at most one per instruction, and advances
// all of them by one rune of input at a time. So matching n runes costs at
// most n times the number of instructions that can be live at one rune,
// plus each instruction once more where it is first reached. Which
// instructions can be live at rune i follows from the program alone:
//
//   - An instruction reached by every path from the start after the same
//     number of runes i (its offset) can only be live at rune i. Literal
//     text, character classes and alternatives of equal length in an
//     anchored expression are all of this kind: "(?i)^/api/v1/users" keeps
//     one thread alive whatever its length.
//   - Any other instruction — inside or after a loop (*, +, {n,}), after an
//     optional or a bounded repeat ({0,n}), after alternatives of different
//     lengths, or anywhere in an expression not anchored at the start,
//     where a match may begin at every rune — may be live at every rune.
//
// The width of an expression is the number of instructions of the second
// kind plus the largest number of the first kind that share one offset.
// Matching n runes costs O(n × width + program size), whichever of Go's
// matchers (one-pass, backtracking, NFA) runs it; the backtracker, which Go
// picks only for small programs on short inputs, also clears a bitmap of
// at most 256 Kbit per match. [Compile] refuses an
// expression whose width exceeds [MaxWidth] or whose program exceeds
// [MaxProgram] instructions. The figures are chosen so that the widest
// accepted expression, matched against a request path of 8 to 64 KB, costs
// at most 100 times what the trivial "/(?:.*)x" costs on the same path
// (TestAdversarialRegex in package matcher holds this under every dialect),
// while every regular expression of the real manifests we have tried is
// well below them: the widest, /(health|users|metrics)(/.*)?$, has width 15
// anchored at the start and 31 not anchored.
package regexbound

import (
	"errors"
	"fmt"
	"regexp"
	"regexp/syntax"
)

const (
	// MaxWidth is the largest width (see the package documentation)
	// Compile accepts: the instructions a match may revisit at every rune.
	MaxWidth = 64
	// MaxProgram is the largest program, in instructions, Compile
	// accepts.
	MaxProgram = 4096
)

// ErrTooLarge is wrapped by the error of Compile for an expression over
// MaxWidth or MaxProgram.
var ErrTooLarge = errors.New("regular expression too costly to match")

// Cost is what matching an expression costs: Program instructions in all,
// Width of which a match may revisit at every rune of the input.
type Cost struct {
	Program, Width int
}

// Measure returns the cost of an expression in Go's syntax (regexp.Compile's
// flags); the error is the parser's.
func Measure(expr string) (Cost, error) {
	re, err := syntax.Parse(expr, syntax.Perl)
	if err != nil {
		return Cost{}, err
	}
	prog, err := syntax.Compile(re.Simplify())
	if err != nil {
		return Cost{}, err
	}
	return measureProg(prog), nil
}

// Compile compiles expr as regexp.Compile does, and fails with an error
// wrapping ErrTooLarge when its cost is over the bounds.
func Compile(expr string) (*regexp.Regexp, Cost, error) {
	c, err := Measure(expr)
	if err != nil {
		// The parser's error, as regexp.Compile words it.
		_, err = regexp.Compile(expr)
		if err == nil {
			err = fmt.Errorf("regexp: %q does not parse", expr)
		}
		return nil, Cost{}, err
	}
	if err := c.Err(); err != nil {
		return nil, c, err
	}
	re, err := regexp.Compile(expr)
	return re, c, err
}

// Err returns an error wrapping ErrTooLarge for a cost over the bounds, or
// nil.
func (c Cost) Err() error {
	switch {
	case c.Width > MaxWidth:
		return fmt.Errorf("%w: %d instructions may be revisited at every byte of a request path (loops, optional parts, bounded repeats, no ^ anchor); the bound is %d", ErrTooLarge, c.Width, MaxWidth)
	case c.Program > MaxProgram:
		return fmt.Errorf("%w: its program has %d instructions; the bound is %d", ErrTooLarge, c.Program, MaxProgram)
	}
	return nil
}

// Offsets an instruction can have: unset (not reached yet), a rune count,
// or any.
const (
	unset     = -1
	anyOffset = -2
)

// measureProg computes the width of prog by propagating each instruction's
// offset from the start: a rune instruction adds one to the offset of its
// successor, an empty-width one keeps it, and an instruction reached with
// two different offsets (or from one of any offset) may be live at any
// rune. Each instruction changes at most twice (unset, an offset, any), so
// the walk is linear in the program.
func measureProg(prog *syntax.Prog) Cost {
	off := make([]int, len(prog.Inst))
	for i := range off {
		off[i] = unset
	}
	start := 0
	if prog.StartCond()&syntax.EmptyBeginText == 0 {
		// Not anchored: a match may start at every rune.
		start = anyOffset
	}
	var work []uint32
	reach := func(pc uint32, o int) {
		switch cur := off[pc]; {
		case cur == unset:
			off[pc] = o
		case cur == anyOffset || cur == o:
			return
		default:
			off[pc] = anyOffset
		}
		work = append(work, pc)
	}
	reach(uint32(prog.Start), start)
	for len(work) > 0 {
		pc := work[len(work)-1]
		work = work[:len(work)-1]
		in := &prog.Inst[pc]
		o := off[pc]
		next := o
		if o != anyOffset {
			next = o + 1
		}
		switch in.Op {
		case syntax.InstAlt, syntax.InstAltMatch:
			reach(in.Out, o)
			reach(in.Arg, o)
		case syntax.InstCapture, syntax.InstNop, syntax.InstEmptyWidth:
			reach(in.Out, o)
		case syntax.InstRune, syntax.InstRune1, syntax.InstRuneAny, syntax.InstRuneAnyNotNL:
			reach(in.Out, next)
		}
	}
	variable, at := 0, map[int]int{}
	widest := 0
	for _, o := range off {
		switch o {
		case unset:
		case anyOffset:
			variable++
		default:
			at[o]++
			widest = max(widest, at[o])
		}
	}
	return Cost{Program: len(prog.Inst), Width: variable + widest}
}
