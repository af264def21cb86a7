// Package pathtype holds the order of path types in precedence step 2
// (docs/semantics.md, "Precedence"), shared by pathmatch.Compare and the
// matcher's index.
package pathtype

import networkingv1 "k8s.io/api/networking/v1"

// Rank returns 0 for Exact, 1 for Prefix, 2 for ImplementationSpecific and
// 3 for anything else. Lower wins.
func Rank(pathType networkingv1.PathType) int {
	switch pathType {
	case networkingv1.PathTypeExact:
		return 0
	case networkingv1.PathTypePrefix:
		return 1
	case networkingv1.PathTypeImplementationSpecific:
		return 2
	}
	return 3
}
