package profile

import (
	"fmt"
	"slices"
	"sort"
	"strings"

	"github.com/ingresslib/ingress/matcher"
	networkingv1 "k8s.io/api/networking/v1"
)

// A Profile is how one controller routes Ingresses: a name, the
// controller and version it reproduces, the [matcher.Dialect] that does
// so, and the annotations the controller reads.
type Profile struct {
	// Name is what people type: "ingress-nginx", "traefik", "gateway-api".
	Name string
	// Controller names the controller and the version whose source the
	// rules come from.
	Controller string
	// Dialect is the matcher's reproduction of the controller.
	Dialect matcher.Dialect
	// Annotations are the annotation prefixes the controller reads
	// ("nginx.ingress.kubernetes.io/"); none for the default and
	// gateway-api profiles.
	Annotations []string
	// Sources are the files of the controller's source (or specification)
	// its rules are taken from.
	Sources []string
}

// Options returns the options that make matcher.Compile route as the
// profile's controller does.
func (p Profile) Options() []matcher.Option {
	return []matcher.Option{matcher.WithDialect(p.Dialect)}
}

// Compile is matcher.Compile with the profile's options, then opts.
func (p Profile) Compile(ingresses []*networkingv1.Ingress, opts ...matcher.Option) *matcher.Matcher {
	return matcher.Compile(ingresses, append(p.Options(), opts...)...)
}

// String returns the profile's name.
func (p Profile) String() string { return p.Name }

// The profiles.
var (
	// Default is this library's semantics: the Kubernetes documentation,
	// and docs/semantics.md where it is silent.
	Default = Profile{Name: "default", Controller: "the Kubernetes documentation (docs/semantics.md)", Dialect: matcher.DefaultDialect,
		Sources: []string{"https://kubernetes.io/docs/concepts/services-networking/ingress/", "docs/semantics.md"}}

	// IngressNGINX is ingress-nginx v1.x, retired in March 2026: see
	// [matcher.IngressNGINX].
	IngressNGINX = Profile{Name: "ingress-nginx", Controller: "ingress-nginx v1.x (kubernetes/ingress-nginx, retired March 2026) on nginx", Dialect: matcher.IngressNGINX,
		Annotations: []string{"nginx.ingress.kubernetes.io/"},
		Sources: []string{"internal/ingress/controller/controller.go (createServers, getBackendServers)", "internal/ingress/controller/location.go (updateServerLocations)",
			"internal/ingress/controller/template/template.go (buildLocation, buildServerName, enforceRegexModifier)", "rootfs/etc/nginx/template/nginx.tmpl (app-root, ssl-redirect)",
			"internal/k8s/main.go (SetDefaultNGINXPathType)", "http://nginx.org/en/docs/http/ngx_http_core_module.html#location"}}

	// Traefik is Traefik v3's Kubernetes Ingress provider: see
	// [matcher.Traefik].
	Traefik = Profile{Name: "traefik", Controller: "Traefik v3 Kubernetes Ingress provider", Dialect: matcher.Traefik,
		Annotations: []string{"traefik.ingress.kubernetes.io/"},
		Sources:     []string{"pkg/provider/kubernetes/ingress/kubernetes.go (loadRouter, buildHostRule)", "pkg/muxer/http/mux.go (priority = len(rule))"}}

	// TraefikStrict is Traefik v3.5+ with strictPrefixMatching: see
	// [matcher.TraefikStrict].
	TraefikStrict = Profile{Name: "traefik-strict", Controller: "Traefik v3.5+ Kubernetes Ingress provider with providers.kubernetesIngress.strictPrefixMatching", Dialect: matcher.TraefikStrict,
		Annotations: []string{"traefik.ingress.kubernetes.io/"},
		Sources:     []string{"pkg/provider/kubernetes/ingress/kubernetes.go (loadRouter, strictPrefixMatching)", "pkg/muxer/http/mux.go (priority = len(rule))"}}

	// Contour is Contour v1.3x: see [matcher.Contour].
	Contour = Profile{Name: "contour", Controller: "Contour v1.3x (projectcontour/contour) on Envoy", Dialect: matcher.Contour,
		Annotations: []string{"projectcontour.io/", "contour.heptio.com/"},
		Sources:     []string{"internal/dag/ingress_processor.go (computeIngressRule, route, rulesFromSpec)", "internal/sorter/sorter.go (routeSorter)"}}

	// Istio is istiod's Ingress support: see [matcher.Istio].
	Istio = Profile{Name: "istio", Controller: "Istio 1.2x (istiod's Ingress conversion) on Envoy", Dialect: matcher.Istio,
		Sources: []string{"pilot/pkg/config/kube/ingress/virtualservices.go (convertIngressRule, createFallbackStringMatch, sortHTTPRoutes)", "pilot/pkg/config/kube/ingress/ingress.go (RuleCollection)"}}

	// HAProxy is haproxy-ingress (jcmoraisjr/haproxy-ingress, v0.14 and
	// later) on HAProxy: see [matcher.HAProxy]. The haproxytech controller
	// is not reproduced.
	HAProxy = Profile{Name: "haproxy", Controller: "haproxy-ingress v0.14+ (jcmoraisjr/haproxy-ingress) on HAProxy", Dialect: matcher.HAProxy,
		Annotations: []string{"haproxy-ingress.github.io/", "ingress.kubernetes.io/"},
		Sources: []string{"pkg/haproxy/types/maps.go (AddHostnamePathMapping, buildMapKey, rebuildMatchFiles, overlaps, sort)",
			"rootfs/etc/templates/haproxy/haproxy.tmpl (frontend: req.base, map_str/map_dir/map_beg/map_reg, the default host)",
			"pkg/converters/ingress/ingress.go (pathType, path-type annotation)"}}

	// TraefikIngressNGINX is Traefik v3.7's ingress-nginx provider, which
	// reads ingress-nginx's annotations to take over its Ingresses: see
	// [matcher.TraefikIngressNGINX]. Diff it against [IngressNGINX] to see
	// what moving to it changes.
	TraefikIngressNGINX = Profile{Name: "traefik-ingress-nginx", Controller: "Traefik v3.7 ingress-nginx provider (providers.kubernetesIngressNGINX)", Dialect: matcher.TraefikIngressNGINX,
		Annotations: []string{"nginx.ingress.kubernetes.io/"},
		Sources: []string{"pkg/provider/kubernetes/ingress-nginx/build.go (build, validateIngress, resolveAliases)", "pkg/provider/kubernetes/ingress-nginx/translator.go (translate, buildRule, buildPrefixRule)",
			"pkg/provider/kubernetes/ingress-nginx/middleware.go (sslRedirectEnabled, buildAppRoot, buildRedirect)", "pkg/muxer/http/mux.go (priority = len(rule))"}}

	// GatewayAPI is the HTTPRoutes a faithful conversion of the Ingresses
	// gives, on a conformant Gateway API implementation: see
	// [matcher.GatewayAPI].
	GatewayAPI = Profile{Name: "gateway-api", Controller: "Gateway API v1 HTTPRoute (after converting each Ingress rule to a route rule)", Dialect: matcher.GatewayAPI,
		Sources: []string{"sigs.k8s.io/gateway-api apis/v1/httproute_types.go (PathMatchPathPrefix, HTTPRouteSpec.Hostnames, HTTPRouteRule precedence)"}}
)

var all = []Profile{Default, IngressNGINX, Traefik, TraefikStrict, Contour, Istio, HAProxy, GatewayAPI, TraefikIngressNGINX}

// All returns every profile, Default first.
func All() []Profile { return slices.Clone(all) }

// Names returns the names of every profile, Default first.
func Names() []string {
	names := make([]string, len(all))
	for i, p := range all {
		names[i] = p.Name
	}
	return names
}

// Lookup returns the profile of a name (as Names spells it, any case).
func Lookup(name string) (Profile, bool) {
	for _, p := range all {
		if strings.EqualFold(p.Name, name) {
			return p, true
		}
	}
	return Profile{}, false
}

// knownPrefixes are the annotation prefixes of controllers, with the
// profile that reads them ("" when the library has none yet).
var knownPrefixes = []struct{ prefix, controller, profile string }{
	{"nginx.ingress.kubernetes.io/", "ingress-nginx", "ingress-nginx"},
	{"traefik.ingress.kubernetes.io/", "Traefik", "traefik"},
	{"projectcontour.io/", "Contour", "contour"},
	{"contour.heptio.com/", "Contour", "contour"},
	{"haproxy-ingress.github.io/", "HAProxy Ingress", "haproxy"},
	{"haproxy.org/", "the HAProxy Kubernetes Ingress Controller (haproxytech)", ""},
	{"konghq.com/", "Kong", ""},
	{"alb.ingress.kubernetes.io/", "the AWS Load Balancer Controller", ""},
	{"nginx.org/", "NGINX Ingress Controller (F5)", ""},
}

// A Hint says that an Ingress carries annotations a controller other than
// the chosen profile's reads.
type Hint struct {
	Ingress *networkingv1.Ingress
	// Annotations are the keys, sorted.
	Annotations []string
	// Controller names the controller that reads them; Profile the profile
	// that reproduces it, "" when there is none.
	Controller, Profile string
}

// String says it in a sentence.
func (h Hint) String() string {
	who := h.Controller
	if h.Profile != "" {
		who = fmt.Sprintf("%s (-profile %s)", h.Controller, h.Profile)
	}
	name := h.Ingress.Name
	if h.Ingress.Namespace != "" {
		name = h.Ingress.Namespace + "/" + name
	}
	return fmt.Sprintf("%s: %s %s read by %s, not by this profile; %s nothing here",
		name, strings.Join(h.Annotations, ", "), plural(len(h.Annotations), "is", "are"), who,
		plural(len(h.Annotations), "it changes", "they change"))
}

func plural(n int, one, many string) string {
	if n == 1 {
		return one
	}
	return many
}

// ForeignAnnotations returns, for each Ingress, the annotations of
// controllers other than p's, grouped by controller. An Ingress routed
// under the default profile with nginx.ingress.kubernetes.io/use-regex
// gets a Hint naming the ingress-nginx profile: the annotation changes how
// ingress-nginx routes, not how this profile does.
func ForeignAnnotations(ingresses []*networkingv1.Ingress, p Profile) []Hint {
	var hints []Hint
	for _, ing := range ingresses {
		if ing == nil {
			continue
		}
		byController := map[int][]string{}
		for key := range ing.Annotations {
			for i, k := range knownPrefixes {
				if !strings.HasPrefix(key, k.prefix) || slices.Contains(p.Annotations, k.prefix) {
					continue
				}
				byController[i] = append(byController[i], key)
			}
		}
		idx := make([]int, 0, len(byController))
		for i := range byController {
			idx = append(idx, i)
		}
		sort.Ints(idx)
		for _, i := range idx {
			keys := byController[i]
			sort.Strings(keys)
			hints = append(hints, Hint{Ingress: ing, Annotations: keys, Controller: knownPrefixes[i].controller, Profile: knownPrefixes[i].profile})
		}
	}
	return hints
}
