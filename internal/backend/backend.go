// Package backend formats an IngressBackend in one line, the way matcher's
// Route.String, conformance reports and ingressroute print it.
package backend

import (
	"strconv"

	networkingv1 "k8s.io/api/networking/v1"
)

// String returns a backend as "service:port" (port by number or name)
// or "Kind apiGroup/name" for a resource backend; "<none>" when neither is
// set.
func String(b networkingv1.IngressBackend) string {
	switch {
	case b.Service != nil:
		if b.Service.Port.Name != "" {
			return b.Service.Name + ":" + b.Service.Port.Name
		}
		return b.Service.Name + ":" + strconv.Itoa(int(b.Service.Port.Number))
	case b.Resource != nil:
		group := ""
		if b.Resource.APIGroup != nil {
			group = *b.Resource.APIGroup + "/"
		}
		return b.Resource.Kind + " " + group + b.Resource.Name
	}
	return "<none>"
}
