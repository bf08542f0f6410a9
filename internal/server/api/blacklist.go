package api

import (
	"net/http"
)

// listBlacklist lists the operators an endpoint is kept off, as GET
// /api/v1/operator shows them.
func (s *Server) listBlacklist(w http.ResponseWriter, r *http.Request, p *principal) {
	id, err := pathID(r, "endpoint_id")
	if err != nil {
		s.fail(w, r, err)
		return
	}
	ops, err := s.Store.Blacklist(r.Context(), p.OrgID, id)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	out := make([]operatorJSON, 0, len(ops))
	for _, o := range ops {
		out = append(out, operatorShape(o))
	}
	writeJSON(w, http.StatusOK, out)
}

// blacklistOperator keeps an endpoint off an operator's network: 204, or
// 409 already_blacklisted.
func (s *Server) blacklistOperator(w http.ResponseWriter, r *http.Request, p *principal) {
	s.setBlacklisted(w, r, p, true)
}

// unblacklistOperator lets an endpoint onto an operator's network again:
// 204, or 409 not_blacklisted.
func (s *Server) unblacklistOperator(w http.ResponseWriter, r *http.Request, p *principal) {
	s.setBlacklisted(w, r, p, false)
}

func (s *Server) setBlacklisted(w http.ResponseWriter, r *http.Request, p *principal, on bool) {
	endpoint, err := pathID(r, "endpoint_id")
	if err != nil {
		s.fail(w, r, err)
		return
	}
	operator, err := pathID(r, "operator_id")
	if err == nil {
		err = s.Store.SetBlacklisted(r.Context(), s.actor(r, p), endpoint, operator, on)
	}
	if err != nil {
		s.fail(w, r, err)
		return
	}
	s.Wake()
	w.WriteHeader(http.StatusNoContent)
}
