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
}

// Source says where a document is: the file (the name given to [Read], "-"
// for standard input), the 1-based index of the document in it, and for an
// item of a List its index in items.
type Source struct {
	File string
	Doc  int
	// Item is the 0-based index in the List's items, -1 outside a List.
	Item int
}

// String returns "file: document 2" or "file: document 2, items[0]".
func (s Source) String() string {
	if s.Item >= 0 {
		return fmt.Sprintf("%s: document %d, items[%d]", s.File, s.Doc, s.Item)
	}
	return fmt.Sprintf("%s: document %d", s.File, s.Doc)
}

// Note is something a reader of the manifests should know: a document that
// was skipped, or an object converted from an older API version.
type Note struct {
	Source Source
	// APIVersion, Kind and Name are the document's, as written.
	APIVersion, Kind, Name string
	// Converted is true for an object converted to networking.k8s.io/v1.
	Converted bool
	Message   string
}

// String returns "file: document N: message".
func (n Note) String() string { return n.Source.String() + ": " + n.Message }

// Error is a document that could not be read.
type Error struct {
	Source Source
	// Field is the field the decoder names (dotted, without indices), or "".
	Field string
	Err   error
}

// Error returns "file: document N: field: message".
func (e *Error) Error() string {
	if e.Field != "" {
		return e.Source.String() + ": " + e.Field + ": " + e.Err.Error()
	}
	return e.Source.String() + ": " + e.Err.Error()
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
		err := filepath.WalkDir(p, func(path string, d fs.DirEntry, err error) error {
			if err != nil {
				errs = append(errs, err)
				return nil
			}
			if d.IsDir() {
				return nil
			}
			if path != p && !isManifest(path) {
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
	for i, doc := range docs {
		if err := s.document(doc, Source{File: name, Doc: i + 1, Item: -1}); err != nil {
			errs = append(errs, err)
		}
	}
	if err != nil {
		errs = append(errs, &Error{Source: Source{File: name, Doc: len(docs) + 1, Item: -1}, Err: err})
	}
	return errs
}

// split returns the documents of a YAML stream or a stream of JSON values,
// as JSON, leaving out empty documents.
func split(r io.Reader) ([][]byte, error) {
	br := bufio.NewReader(r)
	var docs [][]byte
	if first, err := firstByte(br); err == nil && (first == '{' || first == '[') {
		dec := json.NewDecoder(br)
		for {
			var raw json.RawMessage
			if err := dec.Decode(&raw); err == io.EOF {
				return docs, nil
			} else if err != nil {
				return docs, fmt.Errorf("invalid JSON: %w", err)
			}
			docs = append(docs, raw)
		}
	}
	yr := yaml.NewYAMLReader(br)
	for {
		doc, err := yr.Read()
		if err == io.EOF {
			return docs, nil
		}
		if err != nil {
			return docs, fmt.Errorf("reading YAML: %w", err)
		}
		if isEmpty(doc) {
			continue
		}
		docs = append(docs, doc)
	}
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
	data, err := yaml.ToJSON(doc)
	if err != nil {
		return &Error{Source: src, Err: fmt.Errorf("invalid YAML: %w", err)}
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
		return &Error{Source: src, Field: "kind", Err: errors.New("missing: every document needs apiVersion and kind")}
	case tm.APIVersion == "":
		return &Error{Source: src, Field: "apiVersion", Err: fmt.Errorf("missing in a document of kind %q", tm.Kind)}
	case strings.HasSuffix(tm.Kind, "List") && src.Item < 0:
		var errs []error
		for i, item := range tm.Items {
			if err := s.document(item, Source{File: src.File, Doc: src.Doc, Item: i}); err != nil {
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
		return decodeError(src, err)
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

func (s *Set) addIngress(o *networkingv1.Ingress, src Source) {
	s.Ingresses = append(s.Ingresses, o)
	s.remember(o, src)
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

// decodeError turns a decoder error into an *Error naming the field.
func decodeError(src Source, err error) *Error {
	msg := err.Error()
	if m := jsonFieldError.FindStringSubmatch(msg); m != nil {
		field := strings.NewReplacer(".IngressRuleValue", "", ".ObjectMeta", ".metadata").Replace(m[2])
		return &Error{Source: src, Field: field, Err: fmt.Errorf("wrong type: a %s where %s is wanted", m[1], m[3])}
	}
	if runtime.IsStrictDecodingError(err) {
		return &Error{Source: src, Err: errors.New(strings.TrimPrefix(msg, "strict decoding error: "))}
	}
	return &Error{Source: src, Err: err}
}
