// Package parity holds no code: its tests check the matcher's dialects
// against the controllers' own code. Each controller is a Go module; a
// test copies the module (at the version a dialect follows, downloaded
// through the Go module proxy) into a temporary directory, places a
// harness file of this repository into the copy, and runs it there: the
// controller's code builds its routing from random Ingress sets, and
// answers requests derived from them, which the dialect must answer the
// same way. Nothing of the controllers is kept in this repository.
//
// It is a module of its own, like e2e, so that the library's module
// requires nothing of the controllers; the controllers' modules are not
// requirements of this one either, only downloads of its tests. .ci/run
// runs it; INGRESSLIB_PARITY_SETS sets the number of Ingress sets.
package parity
