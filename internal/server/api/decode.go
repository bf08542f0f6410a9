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
	body := http.MaxBytesReader(w, r.Body, maxBody)
	data, err := io.ReadAll(body)
	if err != nil {
		var mbe *http.MaxBytesError
		if errors.As(err, &mbe) {
			return errTooLarge.with("", fmt.Sprintf("the body is larger than %d bytes", maxBody))
		}
		return errBadRequest.with("", "the body could not be read")
	}
	return decodeBytes(data, v)
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
