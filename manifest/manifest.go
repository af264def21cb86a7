package manifest

import (
	"bufio"
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"

	corev1 "k8s.io/api/core/v1"
	extensionsv1beta1 "k8s.io/api/extensions/v1beta1"
	networkingv1 "k8s.io/api/networking/v1"
	networkingv1beta1 "k8s.io/api/networking/v1beta1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/runtime"
	"k8s.io/apimachinery/pkg/runtime/serializer"
	"k8s.io/apimachinery/pkg/util/yaml"
)

// Set is what a set of manifests holds.
type Set struct {
	Ingresses      []*networkingv1.Ingress
	IngressClasses []*networkingv1.IngressClass
	// Secrets holds the Secrets of type kubernetes.io/tls.
	Secrets []*corev1.Secret
	// Notes lists the documents that were skipped or converted.
	Notes []Note

	sources map[any]Source
	// byName is the index in Ingresses of each namespace/name among the
	// first indexed of them, for addIngress's duplicate check.
	byName  map[[2]string]int
	indexed int
}

// Source says where a document is: the file (the name given to [Read], "-"
// for standard input), the 1-based index of the document in it, and for an
// item of a List its index in items.
type Source struct {
	File string
	// Doc counts documents as a person counts them between "---" lines:
	// every document that holds anything, comments included.
	Doc int
	// Line is the 1-based line of the file where the document starts (0
	// when unknown, as for a JSON stream).
	Line int
	// Item is the 0-based index in the List's items, -1 outside a List.
	Item int
}

// String returns "file:12: document 2" or "file:12: document 2,
// items[0]" (without ":12" when the line is unknown).
func (s Source) String() string {
	file := s.File
	if s.Line > 0 {
		file = fmt.Sprintf("%s:%d", s.File, s.Line)
	}
	if s.Item >= 0 {
		return fmt.Sprintf("%s: document %d, items[%d]", file, s.Doc, s.Item)
	}
	return fmt.Sprintf("%s: document %d", file, s.Doc)
}

// Note is something a reader of the manifests should know: a document that
// was skipped, or an object converted from an older API version.
type Note struct {
	Source Source
	// APIVersion, Kind and Name are the document's, as written.
	APIVersion, Kind, Name string
	// Converted is true for an object converted to networking.k8s.io/v1.
	Converted bool
	// Duplicate, for an Ingress whose namespace and name an earlier
	// document defines too, is where that one is; the later replaces it
	// in the Set, as a cluster keeps the last one applied.
	Duplicate *Source
	Message   string
}

// String returns "file: document N: message".
func (n Note) String() string { return n.Source.String() + ": " + n.Message }

// Error is a document that could not be read.
type Error struct {
	Source Source
	// Kind is the document's kind when it could be read ("Ingress"), or "".
	Kind string
	// Field is the field the decoder names, with list indices, or "".
	Field string
	Err   error
	// Template is true for a document with {{ … }} in it: a Helm or Go
	// template to render first, not a manifest.
	Template bool
	// Hint says what to do about it, when there is something to say (the
	// v1beta1 shape of a backend in a v1 manifest, a template).
	Hint string
}

// Error returns "file:line: document N: field: message; hint".
func (e *Error) Error() string {
	msg := e.Source.String() + ": "
	if e.Field != "" {
		msg += e.Field + ": "
	}
	msg += e.Err.Error()
	if e.Hint != "" {
		msg += "; " + e.Hint
	}
	return msg
}

// Routing reports whether the document is one routing reads: an Ingress or
// an IngressClass (or a List, or a kind it could not tell). A tool pointed
// at a repository skips other unreadable documents, and templates.
func (e *Error) Routing() bool {
	if e.Template {
		return false
	}
	switch e.Kind {
	case "Ingress", "IngressClass", "IngressList", "IngressClassList":
		return true
	}
	return false
}

// Unwrap returns the underlying error.
func (e *Error) Unwrap() error { return e.Err }

// Source returns where an object of the Set came from.
func (s *Set) Source(obj any) (Source, bool) {
	src, ok := s.sources[obj]
	return src, ok
}

// Load reads manifests from files, directories (recursively: .yaml, .yml,
// .json) and "-" (standard input). It returns everything that loaded and,
// joined, every error: documents that could not be read ([*Error]) and
// paths that could not be opened.
func Load(paths ...string) (*Set, error) {
	return load(os.Stdin, paths)
}

// LoadFrom is [Load] with the reader to use for "-".
func LoadFrom(stdin io.Reader, paths ...string) (*Set, error) {
	return load(stdin, paths)
}

func load(stdin io.Reader, paths []string) (*Set, error) {
	s := &Set{}
	var errs []error
	for _, p := range paths {
		if p == "-" {
			errs = append(errs, s.read(stdin, "-")...)
			continue
		}
		root := p
		if info, err := os.Stat(p); err == nil && info.IsDir() && !strings.HasSuffix(p, string(filepath.Separator)) {
			// A symbolic link to a directory is walked as the directory
			// (WalkDir does not follow a root that is a link).
			root = p + string(filepath.Separator)
		}
		err := filepath.WalkDir(root, func(path string, d fs.DirEntry, err error) error {
			if err != nil {
				errs = append(errs, err)
				return nil
			}
			if d.IsDir() {
				return nil
			}
			if path != root && !isManifest(path) {
				return nil // inside a directory, only manifests
			}
			f, err := os.Open(path)
			if err != nil {
				errs = append(errs, err)
				return nil
			}
			defer f.Close()
			errs = append(errs, s.read(f, path)...)
			return nil
		})
		if err != nil {
			errs = append(errs, err)
		}
	}
	return s, errors.Join(errs...)
}

func isManifest(path string) bool {
	switch strings.ToLower(filepath.Ext(path)) {
	case ".yaml", ".yml", ".json":
		return true
	}
	return false
}

// Read reads the manifests of one stream; name is how errors and notes
// name it.
func Read(r io.Reader, name string) (*Set, error) {
	s := &Set{}
	return s, errors.Join(s.read(r, name)...)
}

// read adds the documents of r to s.
func (s *Set) read(r io.Reader, name string) []error {
	docs, err := split(r)
	var errs []error
	for _, d := range docs {
		if d.empty {
			continue // comments only: counted, nothing to read
		}
		if err := s.document(d.data, Source{File: name, Doc: d.n, Line: d.line, Item: -1}); err != nil {
			errs = append(errs, err)
		}
	}
	if err != nil {
		errs = append(errs, &Error{Source: Source{File: name, Doc: len(docs) + 1, Item: -1}, Err: err})
	}
	return errs
}

// doc is one document of a stream: its number as a person counts, the line
// it starts on, its bytes, and whether it holds comments only.
type doc struct {
	n, line int
	data    []byte
	empty   bool
}

// split returns the documents of a YAML stream or a stream of JSON values.
// A YAML stream is cut at lines "---" (a comment may follow); documents of
// white space only are not counted, documents of comments only are.
func split(r io.Reader) ([]doc, error) {
	br := bufio.NewReader(r)
	var docs []doc
	first, _ := firstByte(br)
	all, err := io.ReadAll(br)
	if err != nil {
		return nil, fmt.Errorf("reading manifests: %w", err)
	}
	if first == '{' || first == '[' {
		dec := json.NewDecoder(bytes.NewReader(all))
		for {
			var raw json.RawMessage
			err := dec.Decode(&raw)
			switch {
			case err == io.EOF:
				return docs, nil
			case err != nil && len(docs) == 0 && errors.As(err, new(*json.SyntaxError)) && flowYAML(all):
				// Not JSON from its first value: YAML in flow style
				// ({apiVersion: networking.k8s.io/v1, …}), which kubectl
				// reads too.
				docs = nil
			case err != nil:
				return docs, fmt.Errorf("invalid JSON: %w", err)
			default:
				docs = append(docs, doc{n: len(docs) + 1, data: raw})
				continue
			}
			break
		}
	}
	var cur []byte
	start := 1
	flush := func() {
		if len(bytes.TrimSpace(cur)) > 0 {
			docs = append(docs, doc{n: len(docs) + 1, line: start, data: cur, empty: isEmpty(cur)})
		}
	}
	lines := bytes.SplitAfter(all, []byte("\n"))
	for i, line := range lines {
		t := bytes.TrimRight(line, "\r\n")
		if bytes.Equal(t, []byte("---")) || bytes.HasPrefix(t, []byte("--- ")) || bytes.HasPrefix(t, []byte("---\t")) {
			flush()
			cur, start = nil, i+2
			continue
		}
		if len(cur) == 0 && len(bytes.TrimSpace(t)) == 0 {
			start = i + 2 // leading blank lines: the document starts later
			continue
		}
		cur = append(cur, line...)
	}
	flush()
	return docs, nil
}

// firstByte peeks at the first byte that is not white space.
func firstByte(br *bufio.Reader) (byte, error) {
	for n := 1; ; n++ {
		b, err := br.Peek(n)
		if err != nil {
			return 0, err
		}
		switch c := b[n-1]; c {
		case ' ', '\t', '\r', '\n':
		default:
			return c, nil
		}
	}
}

// isEmpty reports whether a YAML document holds only comments, white space
// and separators.
func isEmpty(doc []byte) bool {
	for _, line := range bytes.Split(doc, []byte("\n")) {
		line = bytes.TrimSpace(line)
		if len(line) > 0 && line[0] != '#' && !bytes.Equal(line, []byte("---")) {
			return false
		}
	}
	return true
}

var (
	scheme       = newScheme()
	deserializer = serializer.NewCodecFactory(scheme, serializer.EnableStrict).UniversalDeserializer()
)

func newScheme() *runtime.Scheme {
	s := runtime.NewScheme()
	for _, add := range []func(*runtime.Scheme) error{
		networkingv1.AddToScheme, networkingv1beta1.AddToScheme, extensionsv1beta1.AddToScheme, corev1.AddToScheme,
	} {
		if err := add(s); err != nil {
			panic(err) // the scheme is built from k8s.io/api's own types
		}
	}
	return s
}

// document decodes one document (YAML or JSON) and adds what it holds.
func (s *Set) document(doc []byte, src Source) (err error) {
	defer func() {
		if r := recover(); r != nil { // a decoder bug must not take the caller down
			err = &Error{Source: src, Err: fmt.Errorf("decoder panic: %v", r)}
		}
	}()
	if bytes.Contains(doc, []byte("{{")) && bytes.Contains(doc, []byte("}}")) {
		kind := ""
		if m := kindLine.FindSubmatch(doc); m != nil {
			kind = string(m[1])
		}
		what := "a template"
		switch {
		case kind == "":
		case strings.ContainsRune("AEIOU", rune(kind[0])):
			what = "a template of an " + kind
		default:
			what = "a template of a " + kind
		}
		return &Error{Source: src, Kind: kind, Template: true, Err: fmt.Errorf("%s, not a manifest (it has {{ … }})", what),
			Hint: "render it first: helm template RELEASE CHART | ingressroute -f -"}
	}
	data, err := yaml.ToJSON(doc)
	if t := bytes.TrimSpace(doc); err == nil && len(t) > 0 && t[0] == '{' && !json.Valid(t) {
		// ToJSON passes anything that begins with '{' through as JSON;
		// this is YAML in flow style ({apiVersion: networking.k8s.io/v1,
		// …}), which kubectl reads as YAML.
		var obj any
		if !flowEnds(t) {
			err = errors.New("more than one node: a flow mapping must be the whole document (separate documents with ---)")
		} else if err = yaml.Unmarshal(doc, &obj); err == nil {
			data, err = json.Marshal(obj)
		}
	}
	if err != nil {
		kind := ""
		if m := kindLine.FindSubmatch(doc); m != nil {
			kind = string(m[1])
		}
		return &Error{Source: src, Kind: kind, Err: fmt.Errorf("invalid YAML: %s", yamlLine(err.Error(), src.Line))}
	}
	var tm struct {
		metav1.TypeMeta `json:",inline"`
		Metadata        struct {
			Name string `json:"name"`
		} `json:"metadata"`
		Items []json.RawMessage `json:"items"`
	}
	if err := json.Unmarshal(data, &tm); err != nil {
		if bytes.HasPrefix(bytes.TrimSpace(data), []byte("{")) {
			return &Error{Source: src, Err: fmt.Errorf("cannot read apiVersion and kind: %v", err)}
		}
		return &Error{Source: src, Err: errors.New("the document is not an object (want apiVersion, kind, metadata…)")}
	}
	switch {
	case tm.Kind == "":
		e := &Error{Source: src, Field: "kind", Err: errors.New("missing: every document needs apiVersion and kind")}
		if strings.HasSuffix(src.File, "kustomization.yaml") || strings.HasSuffix(src.File, "kustomization.yml") {
			e.Hint = "a kustomization, not a manifest: build it first (kustomize build DIR | ingressroute -f -)"
		}
		return e
	case tm.APIVersion == "":
		return &Error{Source: src, Kind: tm.Kind, Field: "apiVersion", Err: fmt.Errorf("missing in a document of kind %q", tm.Kind)}
	case strings.HasSuffix(tm.Kind, "List") && src.Item < 0:
		var errs []error
		for i, item := range tm.Items {
			if err := s.document(item, Source{File: src.File, Doc: src.Doc, Line: src.Line, Item: i}); err != nil {
				errs = append(errs, err)
			}
		}
		return errors.Join(errs...)
	}
	obj, _, err := deserializer.Decode(data, nil, nil)
	if runtime.IsNotRegisteredError(err) {
		s.Notes = append(s.Notes, Note{Source: src, APIVersion: tm.APIVersion, Kind: tm.Kind, Name: tm.Metadata.Name,
			Message: fmt.Sprintf("%s %s %q skipped: not an Ingress, IngressClass or TLS Secret", tm.APIVersion, tm.Kind, tm.Metadata.Name)})
		return nil
	}
	if err != nil {
		e := decodeError(src, err, data)
		e.Kind = tm.Kind
		switch msg := e.Err.Error(); {
		case strings.Contains(msg, ".serviceName") || strings.Contains(msg, ".servicePort"):
			e.Hint = "serviceName and servicePort are the v1beta1 shape of a backend; networking.k8s.io/v1 writes backend: {service: {name: NAME, port: {number: N}}} (or port: {name: PORT})"
		case tm.APIVersion != "networking.k8s.io/v1" && (strings.Contains(msg, "ackend.service") || strings.Contains(msg, "ackend.resource")):
			e.Hint = fmt.Sprintf("backend: {service: …} is the networking.k8s.io/v1 shape of a backend, and this document says apiVersion %s, which writes serviceName and servicePort: change its apiVersion to networking.k8s.io/v1", tm.APIVersion)
		}
		return e
	}
	note := func(msg string) {
		s.Notes = append(s.Notes, Note{Source: src, APIVersion: tm.APIVersion, Kind: tm.Kind, Name: tm.Metadata.Name, Converted: true, Message: msg})
	}
	switch o := obj.(type) {
	case *networkingv1.Ingress:
		s.addIngress(o, src)
	case *networkingv1.IngressClass:
		s.addClass(o, src)
	case *networkingv1beta1.Ingress:
		s.addIngress(ingressFromV1beta1(o), src)
		note(fmt.Sprintf("%s Ingress %q converted to networking.k8s.io/v1 (v1beta1 was removed in Kubernetes 1.22; update the manifest)", tm.APIVersion, tm.Metadata.Name))
	case *extensionsv1beta1.Ingress:
		s.addIngress(ingressFromExtensions(o), src)
		note(fmt.Sprintf("%s Ingress %q converted to networking.k8s.io/v1 (extensions/v1beta1 was removed in Kubernetes 1.22; update the manifest)", tm.APIVersion, tm.Metadata.Name))
	case *networkingv1beta1.IngressClass:
		s.addClass(classFromV1beta1(o), src)
		note(fmt.Sprintf("%s IngressClass %q converted to networking.k8s.io/v1 (v1beta1 was removed in Kubernetes 1.22; update the manifest)", tm.APIVersion, tm.Metadata.Name))
	case *corev1.Secret:
		if o.Type != corev1.SecretTypeTLS {
			s.Notes = append(s.Notes, Note{Source: src, APIVersion: tm.APIVersion, Kind: tm.Kind, Name: tm.Metadata.Name,
				Message: fmt.Sprintf("Secret %q skipped: its type is %q, not kubernetes.io/tls", o.Name, o.Type)})
			return nil
		}
		s.Secrets = append(s.Secrets, o)
		s.remember(o, src)
	default:
		s.Notes = append(s.Notes, Note{Source: src, APIVersion: tm.APIVersion, Kind: tm.Kind, Name: tm.Metadata.Name,
			Message: fmt.Sprintf("%s %s %q skipped: not an Ingress, IngressClass or TLS Secret", tm.APIVersion, tm.Kind, tm.Metadata.Name)})
	}
	return nil
}

// addIngress adds an Ingress. One of the same namespace/name read before
// is replaced, in its place, with a note: a cluster keeps the last one
// applied, and an Ingress routed twice would lose to itself. The check is
// a map lookup, so that reading n Ingresses costs O(n). Only the loaders
// call it, on a Set they fill; the index catches up with Ingresses
// appended to the Set between calls.
func (s *Set) addIngress(o *networkingv1.Ingress, src Source) {
	if s.byName == nil || s.indexed > len(s.Ingresses) {
		s.byName, s.indexed = map[[2]string]int{}, 0
	}
	for ; s.indexed < len(s.Ingresses); s.indexed++ {
		ing := s.Ingresses[s.indexed]
		if _, ok := s.byName[[2]string{ing.Namespace, ing.Name}]; !ok {
			s.byName[[2]string{ing.Namespace, ing.Name}] = s.indexed
		}
	}
	s.remember(o, src)
	if i, ok := s.byName[[2]string{o.Namespace, o.Name}]; ok {
		first, _ := s.Source(s.Ingresses[i])
		name := o.Name
		if o.Namespace != "" {
			name = o.Namespace + "/" + o.Name
		}
		s.Notes = append(s.Notes, Note{Source: src, APIVersion: o.APIVersion, Kind: "Ingress", Name: o.Name, Duplicate: &first,
			Message: fmt.Sprintf("Ingress %q is also defined by %s (a base and its overlay, or two variants?); this later one is routed, as a cluster keeps the last one applied — render the variant you deploy (kustomize build, helm template) and route that", name, first)})
		s.Ingresses[i] = o
		return
	}
	s.Ingresses = append(s.Ingresses, o)
}

func (s *Set) addClass(o *networkingv1.IngressClass, src Source) {
	s.IngressClasses = append(s.IngressClasses, o)
	s.remember(o, src)
}

func (s *Set) remember(obj any, src Source) {
	if s.sources == nil {
		s.sources = map[any]Source{}
	}
	s.sources[obj] = src
}

// jsonFieldError matches encoding/json's type errors as the decoder words
// them; the field path has the Go name of embedded structs in it.
var jsonFieldError = regexp.MustCompile(`^json: cannot unmarshal (\w+) into Go struct field \w+\.(\S+) of type (\S+)$`)

// kindLine finds the kind of a document that does not parse.
var kindLine = regexp.MustCompile(`(?m)^kind:\s*["']?(\w+)`)

// yamlErrLine finds the document-relative line in a YAML error.
var yamlErrLine = regexp.MustCompile(`^(?:error converting YAML to JSON: )?yaml: line (\d+): (.*)$`)

// yamlLine rewrites "yaml: line 14: msg" to "line N: msg" with N counted
// from the start of the file, the document starting on line start.
func yamlLine(msg string, start int) string {
	m := yamlErrLine.FindStringSubmatch(msg)
	if m == nil {
		return strings.TrimPrefix(strings.TrimPrefix(msg, "error converting YAML to JSON: "), "yaml: ")
	}
	n, _ := strconv.Atoi(m[1])
	if start > 0 {
		n += start - 1
	}
	return fmt.Sprintf("line %d: %s", n, m[2])
}

// decodeError turns a decoder error into an *Error naming the field, with
// the list indices of the first element where it goes wrong.
func decodeError(src Source, err error, data []byte) *Error {
	msg := err.Error()
	if m := jsonFieldError.FindStringSubmatch(msg); m != nil {
		field := strings.NewReplacer(".IngressRuleValue", "", ".ObjectMeta", ".metadata").Replace(m[2])
		return &Error{Source: src, Field: indexPath(data, field, m[1]), Err: fmt.Errorf("wrong type: a %s where %s is wanted", m[1], m[3])}
	}
	if runtime.IsStrictDecodingError(err) {
		return &Error{Source: src, Err: errors.New(strings.TrimPrefix(msg, "strict decoding error: "))}
	}
	return &Error{Source: src, Err: err}
}

// indexPath turns a dotted field path of the decoder ("spec.rules.http.
// paths.backend.service") into the path of the first value in data that
// has the JSON type jsonType ("string", "number", "array", "object",
// "bool"), with list indices ("spec.rules[0].http.paths[1].backend.
// service"); the dotted path when none is found.
func indexPath(data []byte, dotted, jsonType string) string {
	var root any
	if json.Unmarshal(data, &root) != nil {
		return dotted
	}
	if p, ok := findPath(root, strings.Split(dotted, "."), jsonType); ok {
		return strings.TrimPrefix(p, ".")
	}
	return dotted
}

func findPath(v any, parts []string, jsonType string) (string, bool) {
	if arr, ok := v.([]any); ok {
		for i, el := range arr {
			if p, ok := findPath(el, parts, jsonType); ok {
				return fmt.Sprintf("[%d]%s", i, p), true
			}
		}
		return "", false
	}
	if len(parts) == 0 {
		return "", jsonTypeOf(v) == jsonType
	}
	obj, ok := v.(map[string]any)
	if !ok {
		return "", false
	}
	child, ok := obj[parts[0]]
	if !ok {
		return "", false
	}
	if len(parts) == 1 {
		if jsonTypeOf(child) == jsonType {
			return "." + parts[0], true
		}
		return "", false
	}
	p, ok := findPath(child, parts[1:], jsonType)
	return "." + parts[0] + p, ok
}

func jsonTypeOf(v any) string {
	switch v.(type) {
	case string:
		return "string"
	case float64:
		return "number"
	case bool:
		return "bool"
	case []any:
		return "array"
	case map[string]any:
		return "object"
	}
	return ""
}

// flowYAML reports whether a stream that begins with '{' is meant as YAML
// in flow style or a template, not JSON: the first key is not quoted
// ("{apiVersion: …}") or a second '{' follows ("{{ … }}"). JSON that does
// not parse stays a JSON error.
func flowYAML(all []byte) bool {
	t := bytes.TrimLeft(all, " \t\r\n")
	if len(t) == 0 || t[0] != '{' {
		return false
	}
	t = bytes.TrimLeft(t[1:], " \t\r\n")
	return len(t) > 0 && t[0] != '"' && t[0] != '}'
}

// flowEnds reports whether a document that begins with '{' is one flow
// node: after its closing brace only white space and comments follow. (The
// YAML decoder reads the first node and ignores the rest.)
func flowEnds(doc []byte) bool {
	depth := 0
	for i := 0; i < len(doc); i++ {
		switch c := doc[i]; c {
		case '"', '\'':
			// A quoted scalar: skip to its end ('' and \" escape).
			for i++; i < len(doc); i++ {
				if c == '"' && doc[i] == '\\' {
					i++
					continue
				}
				if doc[i] == c {
					if c == '\'' && i+1 < len(doc) && doc[i+1] == '\'' {
						i++
						continue
					}
					break
				}
			}
		case '#':
			if i == 0 || doc[i-1] == ' ' || doc[i-1] == '\t' || doc[i-1] == '\n' {
				for i < len(doc) && doc[i] != '\n' {
					i++
				}
			}
		case '{', '[':
			depth++
		case '}', ']':
			depth--
			if depth == 0 {
				return isEmpty(doc[i+1:])
			}
		}
	}
	return true // unbalanced: the decoder says why
}
