package config

import (
	"reflect"
)

// Document is a YAML file decoded strictly into a value of the caller's
// own type, as Load decodes cellgate's configuration: unknown fields, wrong
// types, duplicate keys and bad values are Errors naming the file, line,
// column and field. It remembers where each field was written, so that the
// checks a program makes after decoding (Errorf) point at the line too.
//
// Fields are named by their yaml tags, which must be plain names (no
// ",omitempty"); a dotted path names a nested one: "database.url",
// "items[2].name". A field may be a struct, a pointer (nil unless the
// file gives a value), a slice, a map with string keys, a string, an int,
// a float64, a bool, a time.Duration or Duration, a Size, a Secret (its
// file is not read: the File field holds the path as written), or any type
// that implements encoding.TextUnmarshaler or NodeUnmarshaler. A field the
// file leaves out or sets to null keeps the value it had, so decoding into
// a value filled with defaults leaves the defaults where the file is
// silent.
type Document struct {
	d *decoder
}

// Decode reads data, the contents of the file name, into v, a non-nil
// pointer to a struct (see Document), and returns every problem found as
// an ErrorList, in file order; nil if there is none.
func Decode(name string, data []byte, v any) error {
	return DecodeDocument(name, data, v).Err()
}

// DecodeDocument is Decode for a program that checks the values further:
// the problems found so far are kept in the Document, to which Errorf adds
// more, and Err returns them all.
func DecodeDocument(name string, data []byte, v any) *Document {
	rv := reflect.ValueOf(v)
	if rv.Kind() != reflect.Pointer || rv.IsNil() {
		panic("config: DecodeDocument needs a non-nil pointer, got " + rv.Type().String())
	}
	d := newDecoder(name)
	if root, ok := d.document(data); ok {
		d.decode(root, rv.Elem(), "")
		if d.nodes > maxNodes {
			d.bad[""] = true // decoded in part: further checks would only add noise
		}
	}
	return &Document{d: d}
}

// File is the name the document was read from.
func (doc *Document) File() string { return doc.d.file }

// Set reports whether the file gives field a value other than null.
func (doc *Document) Set(field string) bool { return doc.d.set(field) }

// Line is the line on which field was written; 0 if it was not.
func (doc *Document) Line(field string) int { return doc.d.line(field) }

// Errorf reports a problem with field: the message says what is wrong and
// what is expected. The Error points at the field, or at the nearest
// enclosing field written in the file when field itself was not. Nothing is
// added for a field whose value could not be decoded (it is reported
// already) nor after a syntax error.
func (doc *Document) Errorf(field, format string, args ...any) {
	doc.d.errorf(field, format, args...)
}

// Err returns every problem found, in file order, as an ErrorList; nil if
// there is none.
func (doc *Document) Err() error {
	if len(doc.d.errs) == 0 {
		return nil
	}
	return inFileOrder(append(ErrorList(nil), doc.d.errs...))
}
