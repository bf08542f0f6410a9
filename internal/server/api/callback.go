package api

import (
	"context"
	"errors"
	"net/http"
	"strings"

	"github.com/cellgate/cellgate/internal/server/store"
	"github.com/cellgate/cellgate/internal/server/webhook"
)

// maxCallbackSecret bounds a callback's secret.
const maxCallbackSecret = 512

// callbackJSON is an api_callback as the API shows it. Its secret never
// appears.
type callbackJSON struct {
	ID           int64   `json:"id"`
	URL          string  `json:"url"`
	Purpose      string  `json:"purpose"`
	Organisation ref     `json:"organisation"`
	Created      *string `json:"created"`
}

func callbackShape(c store.Callback) callbackJSON {
	return callbackJSON{ID: c.ID, URL: c.URL, Purpose: c.Purpose, Organisation: ref{ID: c.OrgID}, Created: stamp(c.Created)}
}

// callbackBody is POST /api/v1/api_callback's body.
type callbackBody struct {
	URL     *string `json:"url"`
	Secret  *string `json:"secret"`
	Purpose *string `json:"purpose"`
}

func (s *Server) listCallbacks(w http.ResponseWriter, r *http.Request, p *principal) {
	serveList(s, w, r, func(ctx context.Context, q store.ListQuery) ([]store.Callback, int, error) {
		return s.Store.ListCallbacks(ctx, p.OrgID, q)
	}, callbackShape)
}

func (s *Server) getCallback(w http.ResponseWriter, r *http.Request, p *principal) {
	id, err := pathID(r, "callback_id")
	if err != nil {
		s.fail(w, r, err)
		return
	}
	c, err := s.Store.Callback(r.Context(), p.OrgID, id)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, callbackShape(c))
}

// createCallback stores a webhook target: 201, Location, no body. The URL
// must be one webhooks may reach; the secret, which signs the requests,
// is sealed before it is stored and is never shown again.
func (s *Server) createCallback(w http.ResponseWriter, r *http.Request, p *principal) {
	var b callbackBody
	if err := decode(w, r, &b); err != nil {
		s.fail(w, r, err)
		return
	}
	if b.URL == nil || strings.TrimSpace(*b.URL) == "" {
		s.fail(w, r, errInvalid.with("url", "is required: the https URL events are POSTed to"))
		return
	}
	c := store.Callback{URL: strings.TrimSpace(*b.URL)}
	loopback := s.LoopbackCallbacks != nil && s.LoopbackCallbacks()
	if err := webhook.CheckURL(c.URL, loopback); err != nil {
		s.fail(w, r, errInvalid.with("url", strings.TrimPrefix(err.Error(), "callback url: ")))
		return
	}
	if b.Purpose != nil {
		c.Purpose = *b.Purpose
	}
	if b.Secret != nil && *b.Secret != "" {
		if len(*b.Secret) > maxCallbackSecret {
			s.fail(w, r, errInvalid.with("secret", "is longer than 512 bytes"))
			return
		}
		if s.SealCallbackSecret == nil {
			s.fail(w, r, errors.New("api_callback: no key to seal callback secrets with"))
			return
		}
		sealed, err := s.SealCallbackSecret(*b.Secret)
		if err != nil {
			s.fail(w, r, errors.New("api_callback: the secret could not be sealed"))
			return
		}
		c.Secret = sealed
	}
	c, err := s.Store.CreateCallback(r.Context(), s.actor(r, p), c)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	created(w, "/api/v1/api_callback", c.ID)
}

// deleteCallback deletes a webhook target: 204, or 409 in_use while a
// service profile names it.
func (s *Server) deleteCallback(w http.ResponseWriter, r *http.Request, p *principal) {
	id, err := pathID(r, "callback_id")
	if err == nil {
		err = s.Store.DeleteCallback(r.Context(), s.actor(r, p), id)
	}
	if err != nil {
		s.fail(w, r, err)
		return
	}
	w.WriteHeader(http.StatusNoContent)
}
