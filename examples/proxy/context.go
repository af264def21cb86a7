package proxy

import (
	"context"
	"net/http"
	"net/url"
)

func withTarget(r *http.Request, target *url.URL) context.Context {
	return context.WithValue(r.Context(), targetKey{}, target)
}
