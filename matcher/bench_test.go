package matcher_test

import (
	"fmt"
	"math/rand/v2"
	"net/http"
	"net/http/httptest"
	"os"
	"runtime"
	"strings"
	"testing"

	"github.com/ingresslib/ingress/hostmatch"
	"github.com/ingresslib/ingress/matcher"
	"github.com/ingresslib/ingress/pathmatch"
	networkingv1 "k8s.io/api/networking/v1"
)

// benchSizes are the sizes of docs/semantics.md's performance targets, and
// 1,000,000 when INGRESSLIB_BENCH_1M is set (a second to compile, about
// 400 MB).
var benchSizes = func() []int {
	sizes := []int{10, 1_000, 10_000, 100_000}
	if os.Getenv("INGRESSLIB_BENCH_1M") != "" {
		sizes = append(sizes, 1_000_000)
	}
	return sizes
}()

// benchRoutes builds n paths: ten per host, over n/10 exact hosts, one host
// in ten being a wildcard, spread over n/100 Ingresses (at least one); the
// paths are Prefix /api/v{j}/svc{h}, with an Exact /healthz per host. It
// returns the Ingresses and 4,096 requests that hit them, with extra path
// elements.
func benchRoutes(n int) ([]*networkingv1.Ingress, []benchRequest) {
	var ings []*networkingv1.Ingress
	var reqs []benchRequest
	hosts := max(1, n/10)
	perIngress := max(1, hosts/max(1, n/100))
	var cur *networkingv1.Ingress
	for h := range hosts {
		if h%perIngress == 0 {
			cur = ingress("bench", fmt.Sprintf("ing-%d", h/perIngress), h)
			ings = append(ings, cur)
		}
		host, reqHost := fmt.Sprintf("h%d.example.com", h), fmt.Sprintf("h%d.example.com", h)
		if h%10 == 9 {
			host, reqHost = fmt.Sprintf("*.w%d.example.com", h), fmt.Sprintf("x.w%d.example.com", h)
		}
		var paths []networkingv1.HTTPIngressPath
		for j := range 9 {
			paths = append(paths, path(prefix, fmt.Sprintf("/api/v%d/svc%d", j, h), fmt.Sprintf("svc-%d-%d", h, j)))
		}
		paths = append(paths, path(exact, "/healthz", fmt.Sprintf("health-%d", h)))
		cur.Spec.Rules = append(cur.Spec.Rules, rule(host, paths...))
		reqs = append(reqs, benchRequest{reqHost, fmt.Sprintf("/api/v%d/svc%d/items/42", h%9, h)})
	}
	// Rotate over 4,096 requests drawn evenly from the hosts.
	out := make([]benchRequest, 4096)
	for i := range out {
		out[i] = reqs[(i*7919)%len(reqs)]
	}
	return ings, out
}

type benchRequest struct{ host, path string }

func BenchmarkMatch(b *testing.B) {
	for _, n := range benchSizes {
		ings, reqs := benchRoutes(n)
		m := matcher.Compile(ings)
		for _, r := range reqs {
			if _, ok := m.Match(r.host, r.path); !ok {
				b.Fatalf("Match(%q, %q) found no route", r.host, r.path)
			}
		}
		b.Run(fmt.Sprintf("paths=%d/same", n), func(b *testing.B) {
			b.ReportAllocs()
			r := reqs[0]
			for range b.N {
				m.Match(r.host, r.path)
			}
		})
		b.Run(fmt.Sprintf("paths=%d/rotating", n), func(b *testing.B) {
			b.ReportAllocs()
			i := 0
			for range b.N {
				r := reqs[i&4095]
				m.Match(r.host, r.path)
				i++
			}
		})
	}
}

// BenchmarkWildcardHost compares an exact host with a wildcard host of the
// same shape (docs/semantics.md, "Performance targets": a wildcard costs at most ~15 ns more).
func BenchmarkWildcardHost(b *testing.B) {
	ings, _ := benchRoutes(1000)
	m := matcher.Compile(ings)
	for _, r := range []benchRequest{{"h8.example.com", "/api/v8/svc8/items/42"}, {"x.w9.example.com", "/api/v0/svc9/items/42"}} {
		if _, ok := m.Match(r.host, r.path); !ok {
			b.Fatalf("Match(%q, %q) found no route", r.host, r.path)
		}
		b.Run(hostmatch.RankOf(map[bool]string{true: "*.w", false: "h"}[r.host[0] == 'x']).String(), func(b *testing.B) {
			for range b.N {
				m.Match(r.host, r.path)
			}
		})
	}
}

// BenchmarkServeMux routes the same paths with net/http.ServeMux (host
// patterns and subtree patterns; wildcard hosts as exact hosts, which
// ServeMux lacks).
func BenchmarkServeMux(b *testing.B) {
	for _, n := range benchSizes {
		if n > 100_000 {
			continue // ServeMux's registration is quadratic: hours at 1M
		}
		ings, reqs := benchRoutes(n)
		mux := http.NewServeMux()
		h := http.HandlerFunc(func(http.ResponseWriter, *http.Request) {})
		for _, ing := range ings {
			for _, r := range ing.Spec.Rules {
				host := r.Host
				if s, ok := hostmatch.WildcardSuffix(host); ok {
					host = "x" + s
				}
				for _, p := range r.HTTP.Paths {
					if *p.PathType == exact {
						mux.Handle(host+p.Path, h)
					} else {
						mux.Handle(host+p.Path+"/", h)
					}
				}
			}
		}
		hreqs := make([]*http.Request, len(reqs))
		for i, r := range reqs {
			hreqs[i] = httptest.NewRequest(http.MethodGet, "http://"+r.host+r.path, nil)
		}
		b.Run(fmt.Sprintf("paths=%d/same", n), func(b *testing.B) {
			b.ReportAllocs()
			for range b.N {
				mux.Handler(hreqs[0])
			}
		})
		b.Run(fmt.Sprintf("paths=%d/rotating", n), func(b *testing.B) {
			b.ReportAllocs()
			i := 0
			for range b.N {
				mux.Handler(hreqs[i&4095])
				i++
			}
		})
	}
}

// BenchmarkLinearScan routes the same requests by checking every path with
// hostmatch and pathmatch, the way many controllers do.
func BenchmarkLinearScan(b *testing.B) {
	for _, n := range benchSizes {
		if n > 10_000 {
			continue // seconds per op at 100k; the trend is plain at 10k
		}
		ings, reqs := benchRoutes(n)
		type flat struct {
			host string
			pt   networkingv1.PathType
			p    string
		}
		var all []flat
		for _, ing := range ings {
			for _, r := range ing.Spec.Rules {
				for _, p := range r.HTTP.Paths {
					all = append(all, flat{r.Host, *p.PathType, p.Path})
				}
			}
		}
		scan := func(host, p string) int {
			best, bestLen := -1, -1
			for i := range all {
				f := &all[i]
				if hostmatch.Match(f.host, host) && pathmatch.Match(f.pt, f.p, p) {
					if l := pathmatch.MustCompile(f.pt, f.p, pathmatch.AsPrefix()).Len(); l > bestLen {
						best, bestLen = i, l
					}
				}
			}
			return best
		}
		b.Run(fmt.Sprintf("paths=%d/same", n), func(b *testing.B) {
			for range b.N {
				scan(reqs[0].host, reqs[0].path)
			}
		})
		b.Run(fmt.Sprintf("paths=%d/rotating", n), func(b *testing.B) {
			i := 0
			for range b.N {
				scan(reqs[i&4095].host, reqs[i&4095].path)
				i++
			}
		})
	}
}

// BenchmarkCompile reports the time to compile n paths and the memory the
// Matcher keeps per path beyond the caller's Ingresses (retained-B/path).
func BenchmarkCompile(b *testing.B) {
	for _, n := range benchSizes {
		ings, _ := benchRoutes(n)
		b.Run(fmt.Sprintf("paths=%d", n), func(b *testing.B) {
			b.ReportAllocs()
			var m *matcher.Matcher
			for range b.N {
				m = matcher.Compile(ings)
			}
			b.StopTimer() // measuring what is kept compiles once more
			b.ReportMetric(float64(retained(ings))/float64(n), "retained-B/path")
			runtime.KeepAlive(m)
		})
	}
}

// retained measures the heap a compiled Matcher keeps alive.
func retained(ings []*networkingv1.Ingress) uint64 {
	var before, after runtime.MemStats
	runtime.GC()
	runtime.ReadMemStats(&before)
	m := matcher.Compile(ings)
	runtime.GC()
	runtime.ReadMemStats(&after)
	runtime.KeepAlive(m)
	if after.HeapAlloc < before.HeapAlloc {
		return 0
	}
	return after.HeapAlloc - before.HeapAlloc
}

// BenchmarkDialects reports what routing as another controller costs: the
// same workload (rotating requests) under every dialect, at 10, 1,000 and
// 10,000 paths. Every dialect finds the controller's first matching
// candidate through indexes, so the cost stays flat as paths are added.
func BenchmarkDialects(b *testing.B) {
	for _, n := range []int{10, 1_000, 10_000} {
		ings, reqs := benchRoutes(n)
		for _, d := range matcher.Dialects() {
			m := matcher.Compile(ings, matcher.WithDialect(d))
			if _, ok := m.Match(reqs[0].host, reqs[0].path); !ok {
				b.Fatalf("%s: Match(%q, %q) found no route", d, reqs[0].host, reqs[0].path)
			}
			b.Run(fmt.Sprintf("paths=%d/%s", n, d), func(b *testing.B) {
				b.ReportAllocs()
				i := 0
				for range b.N {
					r := reqs[i&4095]
					m.Match(r.host, r.path)
					i++
				}
			})
		}
	}
}

// BenchmarkMatchParallel rotates requests from every core at once: the read
// path writes nothing shared, so ns/op should fall with GOMAXPROCS
// (go test -bench MatchParallel -cpu 1,2).
func BenchmarkMatchParallel(b *testing.B) {
	for _, n := range []int{1_000, 100_000} {
		ings, reqs := benchRoutes(n)
		m := matcher.Compile(ings)
		b.Run(fmt.Sprintf("paths=%d", n), func(b *testing.B) {
			b.ReportAllocs()
			b.RunParallel(func(pb *testing.PB) {
				i := rand.IntN(4096)
				for pb.Next() {
					r := reqs[i&4095]
					m.Match(r.host, r.path)
					i++
				}
			})
		})
	}
}

// BenchmarkUpdateOne is what one changed Ingress costs a controller:
// Update of a compiled Matcher with one Ingress replaced (one path renamed,
// in the middle of the tie-break order). Each Ingress of benchRoutes holds
// ten hosts of ten paths, so the update rebuilds ten host groups.
func BenchmarkUpdateOne(b *testing.B) {
	for _, n := range benchSizes {
		if n < 10_000 {
			continue
		}
		ings, _ := benchRoutes(n)
		m := matcher.Compile(ings)
		changed := ings[len(ings)/2].DeepCopy()
		changed.Spec.Rules[0].HTTP.Paths[0].Path += "-v2"
		b.Run(fmt.Sprintf("paths=%d", n), func(b *testing.B) {
			b.ReportAllocs()
			for range b.N {
				m.Update([]*networkingv1.Ingress{changed}, nil)
			}
		})
	}
}

// sharedHostRoutes builds n paths on the GPU platform's shape: one shared
// host, an Ingress of two Prefix paths per job. It returns the Ingresses
// and 4,096 requests spread over the jobs.
func sharedHostRoutes(n int) ([]*networkingv1.Ingress, []string) {
	var ings []*networkingv1.Ingress
	for j := range n / 2 {
		id := fmt.Sprintf("u%d-%d", j%977, j)
		ings = append(ings, ingress("jobs", id, j, rule("gpu.example.com",
			path(prefix, "/ingress/"+id+"/tensorboard", id+"-tb"), path(prefix, "/ingress/"+id+"/notebook", id+"-nb"))))
	}
	reqs := make([]string, 4096)
	for i := range reqs {
		j := (i * 7919) % (n / 2)
		reqs[i] = fmt.Sprintf("/ingress/u%d-%d/notebook/lab", j%977, j)
	}
	return ings, reqs
}

// BenchmarkUpdateOneSharedHost is Update on the GPU platform's shape, one
// job's Ingress replaced. All paths are in one host group; from 512 paths
// on it is split into parts and Update rebuilds the parts the job's keys
// fall in, so the cost stays near that of BenchmarkUpdateOne.
func BenchmarkUpdateOneSharedHost(b *testing.B) {
	for _, n := range []int{1_000, 10_000, 100_000} {
		ings, _ := sharedHostRoutes(n)
		m := matcher.Compile(ings)
		changed := ings[len(ings)/2].DeepCopy()
		changed.Spec.Rules[0].HTTP.Paths[0].Backend.Service.Name += "-v2"
		b.Run(fmt.Sprintf("paths=%d", n), func(b *testing.B) {
			b.ReportAllocs()
			for range b.N {
				m.Update([]*networkingv1.Ingress{changed}, nil)
			}
		})
	}
}

// BenchmarkMatchSharedHost is Match on the GPU platform's shape, rotating
// over 4,096 jobs: what a group split into parts costs a lookup.
func BenchmarkMatchSharedHost(b *testing.B) {
	for _, n := range []int{1_000, 100_000} {
		ings, reqs := sharedHostRoutes(n)
		m := matcher.Compile(ings)
		b.Run(fmt.Sprintf("paths=%d", n), func(b *testing.B) {
			b.ReportAllocs()
			for i := range b.N {
				if _, ok := m.Match("gpu.example.com", reqs[i&4095]); !ok {
					b.Fatal("no route for", reqs[i&4095])
				}
			}
		})
	}
}

// BenchmarkRecompileOne is what one changed Ingress costs without Update:
// a full Compile of the set with one Ingress replaced.
func BenchmarkRecompileOne(b *testing.B) {
	for _, n := range benchSizes {
		if n < 10_000 {
			continue
		}
		ings, _ := benchRoutes(n)
		changed := append([]*networkingv1.Ingress(nil), ings...)
		changed[len(changed)/2] = changed[len(changed)/2].DeepCopy()
		changed[len(changed)/2].Spec.Rules[0].HTTP.Paths[0].Path += "-v2"
		b.Run(fmt.Sprintf("paths=%d", n), func(b *testing.B) {
			for range b.N {
				matcher.Compile(changed)
			}
		})
	}
}

// BenchmarkMemoryAccess measures this machine's cost of one random,
// dependent memory access in a buffer the size of a compiled Matcher
// (about 120 bytes per path), so that a rotating lookup can be read as "N
// memory accesses": it follows a random cycle through the buffer, each read
// depending on the last, as a lookup's probes do.
func BenchmarkMemoryAccess(b *testing.B) {
	for _, n := range benchSizes {
		words := n * 120 / 8 // 8-byte words, one per cache line visited at random
		if words < 1024 {
			words = 1024
		}
		next := make([]uint64, words)
		for i := range next {
			next[i] = uint64(i)
		}
		// Sattolo's algorithm: a single cycle through every word.
		r := rand.New(rand.NewPCG(1, 2))
		for i := len(next) - 1; i > 0; i-- {
			j := r.IntN(i)
			next[i], next[j] = next[j], next[i]
		}
		b.Run(fmt.Sprintf("paths=%d/MB=%d", n, words*8>>20), func(b *testing.B) {
			p := uint64(0)
			for range b.N {
				p = next[p]
			}
			runtime.KeepAlive(p)
		})
	}
}

// oneHostRoutes is n paths on one host, ten per Ingress: Prefix, Exact and
// ImplementationSpecific paths nested under each other (/p1, /p1/x,
// /p1/x/y), the shape that makes controllers compare paths pairwise
// (haproxy-ingress's overlapping prefix and begin paths, ingress-nginx's
// locations of one server).
func oneHostRoutes(n int) []*networkingv1.Ingress {
	var ings []*networkingv1.Ingress
	types := []networkingv1.PathType{prefix, specific, exact}
	for i := 0; i < n; i += 10 {
		var paths []networkingv1.HTTPIngressPath
		for j := i; j < min(i+10, n); j++ {
			p := fmt.Sprintf("/p%d", j/3)
			for range j % 3 {
				p += "/x"
			}
			paths = append(paths, path(types[j%3], p, fmt.Sprint("svc-", j)))
		}
		ings = append(ings, ingress("ns", fmt.Sprint("ing-", i/10), i, rule("one.example.com", paths...)))
	}
	return ings
}

// BenchmarkCompileOneHost is Compile of 2,000 and 20,000 paths on one host
// under every dialect: linear in the paths of a host when the second is
// about ten times the first (TestAdversarialCompilePerHost holds it to
// twenty).
func BenchmarkCompileOneHost(b *testing.B) {
	for _, d := range matcher.Dialects() {
		for _, n := range []int{2_000, 20_000} {
			ings := oneHostRoutes(n)
			b.Run(fmt.Sprintf("%s/paths=%d", d, n), func(b *testing.B) {
				b.ReportAllocs()
				for range b.N {
					matcher.Compile(ings, matcher.WithDialect(d))
				}
			})
		}
	}
}

// BenchmarkAdversarialRegex is TestAdversarialRegex as a benchmark: Match
// of an 8 and a 64 KB request path against the trivial "/(?:.*)x" and
// against the widest [^x]* expression the bound accepts, under every
// reading of a path as a regular expression.
func BenchmarkAdversarialRegex(b *testing.B) {
	for _, d := range regexDialects {
		trivial, _ := d.compile("/(?:.*)x")
		worst, _ := d.compile(d.widest(`[^x]*`))
		for _, size := range []int{8 << 10, 64 << 10} {
			req := "/" + strings.Repeat("a", size-1)
			for _, c := range []struct {
				name string
				m    *matcher.Matcher
			}{{"trivial", trivial}, {"widest", worst}} {
				b.Run(fmt.Sprintf("%s/%dKB/%s", d.name, size>>10, c.name), func(b *testing.B) {
					b.ReportAllocs()
					for range b.N {
						c.m.Match("re.com", req)
					}
				})
			}
		}
	}
}
