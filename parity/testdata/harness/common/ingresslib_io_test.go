//go:build ingresslib_harness

// This file is ingresslib's: the parity tests place it beside each
// controller's harness, with its package clause set to that package's. It
// reads the Ingress sets a parity test wrote (INGRESSLIB_PARITY_IN) and
// writes what the controller answers their requests
// (INGRESSLIB_PARITY_OUT).

package common

import (
	"encoding/json"
	"maps"
	"os"
	"slices"
	"testing"

	ingresslibnetv1 "k8s.io/api/networking/v1"
)

// ingresslibSet is one Ingress set and its requests, as the parity test
// writes them.
type ingresslibSet struct {
	Ingresses []*ingresslibnetv1.Ingress `json:"ingresses"`
	Strict    bool                       `json:"strict"` // Traefik's strictPrefixMatching
	Requests  []struct {
		Host    string   `json:"host"`
		Target  string   `json:"target"`
		TLS     bool     `json:"tls"`
		Headers []string `json:"headers"` // name, value, name, value, …
		Addr    string   `json:"addr"`    // the client address, when not ""
	} `json:"requests"`
}

// ingresslibAnswer is what the controller can answer a request: the
// Kubernetes Services it may send it to ("ns/name"), "404" or "400"; more
// than one when the answer depends on an order the controller does not
// define.
type ingresslibAnswer struct {
	Answers []string `json:"answers"`
}

// ingresslibRun reads the sets, asks answer for the answers the controller
// can give each request of a set (the i-th), and writes them.
func ingresslibRun(t *testing.T, answer func(t *testing.T, i int, set ingresslibSet) []map[string]bool) {
	in, err := os.ReadFile(os.Getenv("INGRESSLIB_PARITY_IN"))
	if err != nil {
		t.Fatal(err)
	}
	var sets []ingresslibSet
	if err := json.Unmarshal(in, &sets); err != nil {
		t.Fatal(err)
	}
	out := make([][]ingresslibAnswer, len(sets))
	for i, set := range sets {
		for _, a := range answer(t, i, set) {
			out[i] = append(out[i], ingresslibAnswer{slices.Sorted(maps.Keys(a))})
		}
	}
	b, err := json.Marshal(out)
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(os.Getenv("INGRESSLIB_PARITY_OUT"), b, 0o644); err != nil {
		t.Fatal(err)
	}
}
