package api

import (
	"encoding/json"
	"errors"
	"log/slog"
	"net/http"

	"github.com/cellgate/cellgate/internal/server/store"
)

// apiError is an error response. Code and Token are stable; programs
// match on them. Message is for people and names the field at fault.
type apiError struct {
	Status  int          `json:"-"`
	Code    int          `json:"error_code"`
	Token   string       `json:"error_token"`
	Message string       `json:"message"`
	Errors  []fieldError `json:"errors,omitempty"`
}

// fieldError is one field's problem in a 422.
type fieldError struct {
	Field   string `json:"field"`
	Message string `json:"message"`
}

func (e *apiError) Error() string { return e.Message }

// The error tokens and codes clients can rely on.
var (
	errUnauthorized = apiError{Status: http.StatusUnauthorized, Code: 1001, Token: "Unauthorized"}
	errForbidden    = apiError{Status: http.StatusForbidden, Code: 1003, Token: "Forbidden"}
	errNotFound     = apiError{Status: http.StatusNotFound, Code: 1004, Token: "NotFound"}
	errMethod       = apiError{Status: http.StatusMethodNotAllowed, Code: 1005, Token: "MethodNotAllowed"}
	errConflict     = apiError{Status: http.StatusConflict, Code: 1009, Token: "Conflict"}
	errTooLarge     = apiError{Status: http.StatusRequestEntityTooLarge, Code: 1013, Token: "RequestTooLarge"}
	errBadRequest   = apiError{Status: http.StatusBadRequest, Code: 1400, Token: "BadRequest"}
	errInvalid      = apiError{Status: http.StatusUnprocessableEntity, Code: 1422, Token: "InputValidationFailed"}
	errRateLimited  = apiError{Status: http.StatusTooManyRequests, Code: 1429, Token: "TooManyRequests"}
	errLocked       = apiError{Status: http.StatusTooManyRequests, Code: 1430, Token: "LoginLocked"}
	errInternal     = apiError{Status: http.StatusInternalServerError, Code: 1500, Token: "InternalError"}
)

// with returns e with a message, and for a field, its field error.
func (e apiError) with(field, msg string) *apiError {
	e.Message = msg
	if field != "" {
		e.Message = field + ": " + msg
		e.Errors = []fieldError{{Field: field, Message: msg}}
	}
	return &e
}

// fromStore maps a store refusal to its response.
func fromStore(err error) *apiError {
	if e, ok := store.AsError(err); ok {
		base := errInvalid
		switch {
		case e.Kind == store.KindInvalid && (e.Field == "q" || e.Field == "sort" || e.Field == "page" || e.Field == "per_page"):
			// A list's parameters are the request's, not a body to
			// validate: 400, as for page and per_page, and as emnify's
			// clients expect.
			base = errBadRequest
		case e.Kind == store.KindNotFound:
			base = errNotFound
		case e.Kind == store.KindConflict:
			base = errConflict
		}
		out := base.with(e.Field, e.Msg)
		if e.Code != "" && e.Code != "invalid" && e.Code != "not_found" {
			out.Token = e.Code
		}
		return out
	}
	var ae *apiError
	if errors.As(err, &ae) {
		return ae
	}
	return nil
}

// fail writes err as a JSON error. Errors that are not the client's are
// logged and answered with 500 and no detail.
func (s *Server) fail(w http.ResponseWriter, r *http.Request, err error) {
	ae := fromStore(err)
	if ae == nil {
		s.log.ErrorContext(r.Context(), "request failed", "method", r.Method, "path", r.URL.Path, "request_id", requestID(r), "err", err)
		e := errInternal
		ae = e.with("", "the server could not complete the request; its log has the details under request id "+requestID(r))
	}
	writeJSON(w, ae.Status, ae)
}

func writeJSON(w http.ResponseWriter, status int, v any) {
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(status)
	if err := json.NewEncoder(w).Encode(v); err != nil {
		slog.Debug("write response", "err", err)
	}
}
