package pathmatch

import (
	"strings"

	networkingv1 "k8s.io/api/networking/v1"
)

// Sequences that the API server forbids anywhere in an Exact or Prefix path,
// and suffixes it forbids at the end, in the order it checks them.
var (
	invalidSequences = [...]string{"//", "/./", "/../", "%2f", "%2F"}
	invalidSuffixes  = [...]string{"/..", "/."}
)

// CheckPath returns the messages the Kubernetes API server (networking.k8s.io/v1,
// Kubernetes 1.37) reports for the path of an HTTPIngressPath with the given
// type, in the server's order and with its wording; nil when the server
// accepts the path. The messages are the detail of a field.Invalid error at
// the path's field (…paths[i].path), whose value is the path.
//
// The rules: an Exact or Prefix path must start with '/', must not contain
// "//", "/./", "/../", "%2f" or "%2F", and must not end with "/.." or "/.";
// an ImplementationSpecific path may be empty and otherwise must start with
// '/'. CheckPath returns nil for any other path type: the missing or unknown
// type is a different error, at the pathType field.
func CheckPath(pathType networkingv1.PathType, path string) []string {
	var msgs []string
	switch pathType {
	case networkingv1.PathTypeExact, networkingv1.PathTypePrefix:
		if !strings.HasPrefix(path, "/") {
			msgs = append(msgs, "must be an absolute path")
		}
		if path == "" || !suspect(path) {
			return msgs
		}
		for _, seq := range invalidSequences {
			if strings.Contains(path, seq) {
				msgs = append(msgs, "must not contain '"+seq+"'")
			}
		}
		for _, suf := range invalidSuffixes {
			if strings.HasSuffix(path, suf) {
				msgs = append(msgs, "cannot end with '"+suf+"'")
			}
		}
	case networkingv1.PathTypeImplementationSpecific:
		if path != "" && !strings.HasPrefix(path, "/") {
			msgs = append(msgs, "must be an absolute path")
		}
	}
	return msgs
}

// suspect reports whether path has a byte pair that starts every forbidden
// sequence and suffix ("//", "/.", "%2"), so that most paths are checked in
// one pass.
func suspect(path string) bool {
	for i := 1; i < len(path); i++ {
		if p := path[i-1]; p == '/' && (path[i] == '/' || path[i] == '.') || p == '%' && path[i] == '2' {
			return true
		}
	}
	return false
}
