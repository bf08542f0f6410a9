package api

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"strings"
)

// maxBody bounds a request body: a bulk request of 2,000 endpoints fits.
const maxBody = 4 << 20

// decode reads r's JSON body into v, refusing unknown fields, wrong types,
// trailing data and bodies over maxBody, with an error naming the field.
func decode(w http.ResponseWriter, r *http.Request, v any) error {
	data, err := readBody(w, r)
	if err != nil {
		return err
	}
	return decodeBytes(data, v)
}

// readBody reads r's body, refusing one over maxBody.
func readBody(w http.ResponseWriter, r *http.Request) ([]byte, error) {
	data, err := io.ReadAll(http.MaxBytesReader(w, r.Body, maxBody))
	if err != nil {
		var mbe *http.MaxBytesError
		if errors.As(err, &mbe) {
			return nil, errTooLarge.with("", fmt.Sprintf("the body is larger than %d bytes", maxBody))
		}
		return nil, errBadRequest.with("", "the body could not be read")
	}
	return data, nil
}

// isArray says whether a JSON body is an array rather than an object.
func isArray(data []byte) bool {
	t := bytes.TrimSpace(data)
	return len(t) > 0 && t[0] == '['
}

// decodeArray reads a JSON array body into its elements, at least one and
// at most most, each still to be decoded (with decodeAt).
func decodeArray(data []byte, most int) ([]json.RawMessage, error) {
	var items []json.RawMessage
	if err := json.Unmarshal(data, &items); err != nil {
		return nil, jsonError(err)
	}
	switch {
	case len(items) == 0:
		return nil, errBadRequest.with("", "the list is empty; send at least one object")
	case len(items) > most:
		return nil, errBadRequest.with("", fmt.Sprintf("the list holds %d objects; the most one call takes is %d", len(items), most))
	}
	return items, nil
}

// decodeAt decodes a part of the body found at field (a nested object, or
// an element of a list such as "[3]"), naming fields from there: "[3].imei".
func decodeAt(field string, data []byte, v any) error {
	if err := decodeBytes(data, v); err != nil {
		return under(field, err)
	}
	return nil
}

// under names err's field as a part of field: "sim" and "id" give
// "sim.id", "[3]" and "imei" give "[3].imei". An error without a field is
// given field itself. Errors that are not the client's pass unchanged.
func under(field string, err error) error {
	ae := fromStore(err)
	if ae == nil || field == "" {
		return err
	}
	base := *ae
	base.Errors = nil
	msg, inner := ae.Message, ""
	if len(ae.Errors) > 0 {
		msg, inner = ae.Errors[0].Message, ae.Errors[0].Field
	}
	switch {
	case inner == "":
		inner = field
	case strings.HasPrefix(inner, "["):
		inner = field + inner
	default:
		inner = field + "." + inner
	}
	return base.with(inner, msg)
}

// decodeBytes is decode on a body already read.
func decodeBytes(data []byte, v any) error {
	if len(bytes.TrimSpace(data)) == 0 {
		return errBadRequest.with("", "the body is empty; send a JSON object")
	}
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.DisallowUnknownFields()
	if err := dec.Decode(v); err != nil {
		return jsonError(err)
	}
	if _, err := dec.Token(); err != io.EOF {
		return errBadRequest.with("", "the body holds more than one JSON value")
	}
	return nil
}

// jsonError turns a decoding error into a response naming the field.
func jsonError(err error) *apiError {
	var syn *json.SyntaxError
	var typ *json.UnmarshalTypeError
	switch {
	case errors.As(err, &syn):
		return errBadRequest.with("", fmt.Sprintf("the body is not valid JSON (at byte %d: %s)", syn.Offset, syn.Error()))
	case errors.As(err, &typ):
		field := typ.Field
		if field == "" {
			field = "body"
		}
		return errInvalid.with(field, fmt.Sprintf("expected %s, got a JSON %s", describeType(typ.Type.String()), typ.Value))
	case errors.Is(err, io.ErrUnexpectedEOF):
		return errBadRequest.with("", "the body ends in the middle of a JSON value")
	}
	if name, ok := strings.CutPrefix(err.Error(), "json: unknown field "); ok {
		return errInvalid.with(strings.Trim(name, `"`), "is not a field of this object")
	}
	var ae *apiError
	if errors.As(err, &ae) {
		return ae
	}
	return errBadRequest.with("", "the body could not be decoded: "+err.Error())
}

// describeType names a Go type the way a JSON client thinks of it.
func describeType(t string) string {
	t = strings.TrimLeft(t, "*")
	switch {
	case strings.HasPrefix(t, "int"), strings.HasPrefix(t, "uint"):
		return "a whole number"
	case strings.HasPrefix(t, "float"):
		return "a number"
	case t == "string":
		return "a string"
	case t == "bool":
		return "true or false"
	case strings.HasPrefix(t, "[]"):
		return "a list"
	}
	return "an object"
}
