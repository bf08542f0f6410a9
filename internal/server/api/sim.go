package api

import (
	"context"
	"net/http"
	"strconv"

	"github.com/cellgate/cellgate/internal/server/store"
)

// pathID reads the {name} path value as an id; a malformed id is a 404,
// as no object has it.
func pathID(r *http.Request, name string) (int64, error) {
	s := r.PathValue(name)
	id, err := strconv.ParseInt(s, 10, 64)
	if err != nil || id < 1 {
		return 0, errNotFound.with("", strconv.Quote(s)+" is not an id")
	}
	return id, nil
}

func (s *Server) listSIMs(w http.ResponseWriter, r *http.Request, p *principal) {
	serveList(s, w, r, func(ctx context.Context, q store.ListQuery) ([]store.SIM, int, error) {
		q.Filter = simFilterAliases(q.Filter)
		return s.Store.ListSIMs(ctx, p.OrgID, q)
	}, simShape)
}

// simFilterAliases reads emnify's iccid_with_luhn filter as iccid, which
// is stored whole.
func simFilterAliases(fs []store.Filter) []store.Filter {
	for i, f := range fs {
		if f.Field == "iccid_with_luhn" {
			fs[i].Field = "iccid"
		}
	}
	return fs
}

func (s *Server) getSIM(w http.ResponseWriter, r *http.Request, p *principal) {
	id, err := pathID(r, "sim_id")
	if err != nil {
		s.fail(w, r, err)
		return
	}
	m, err := s.Store.SIM(r.Context(), p.OrgID, id)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, simShape(m))
}

// simPatch is PATCH /api/v1/sim/{id}'s body. The organisation fields are
// read in both spellings emnify's clients send, and refused: a SIM stays
// in its organisation.
type simPatch struct {
	Status         *statusRef `json:"status"`
	MSISDN         *string    `json:"msisdn"`
	IssuerOrg      *ref       `json:"issuer_org"`
	ResellerOrg    *ref       `json:"reseller_org"`
	CustomerOrg    *ref       `json:"customer_org"`
	IssuerOrgAlt   *ref       `json:"issuer_organisation"`
	ResellerOrgAlt *ref       `json:"reseller_organisation"`
	CustomerOrgAlt *ref       `json:"customer_organisation"`
}

// statusRef is an enum as a client sends it: the id counts, the
// description is ignored.
type statusRef struct {
	ID          *int   `json:"id"`
	Description string `json:"description"`
}

// patchSIM changes a SIM's status. Refusals are 400, not 422: emnify's
// Python client treats a 422 on this call as an expired sign-in.
func (s *Server) patchSIM(w http.ResponseWriter, r *http.Request, p *principal) {
	id, err := pathID(r, "sim_id")
	if err != nil {
		s.fail(w, r, err)
		return
	}
	var body simPatch
	err = decode(w, r, &body)
	if err == nil {
		err = body.check(p.OrgID)
	}
	if err == nil {
		u := store.SIMUpdate{MSISDN: body.MSISDN}
		if body.Status != nil {
			st := store.SIMStatus(*body.Status.ID)
			u.Status = &st
		}
		_, err = s.Store.UpdateSIM(r.Context(), s.actor(r, p), id, u)
	}
	if err != nil {
		ae := fromStore(err)
		if ae != nil && (ae.Status == http.StatusUnprocessableEntity || ae.Status == http.StatusConflict) {
			ae.Status = http.StatusBadRequest
			err = ae
		}
		s.fail(w, r, err)
		return
	}
	s.Wake()
	w.WriteHeader(http.StatusNoContent)
}

func (b simPatch) check(org int64) error {
	for name, o := range map[string]*ref{
		"issuer_org": b.IssuerOrg, "reseller_org": b.ResellerOrg, "customer_org": b.CustomerOrg,
		"issuer_organisation": b.IssuerOrgAlt, "reseller_organisation": b.ResellerOrgAlt, "customer_organisation": b.CustomerOrgAlt,
	} {
		if o != nil && o.ID != org {
			return errInvalid.with(name, "a SIM cannot be moved to another organisation")
		}
	}
	if b.Status != nil && b.Status.ID == nil {
		return errInvalid.with("status.id", "is required: 1 Activated, 2 Suspended, 3 Deleted")
	}
	if b.Status == nil && b.MSISDN == nil {
		return errInvalid.with("status", "nothing to change: send status {id} or msisdn")
	}
	return nil
}

func (s *Server) getBatch(w http.ResponseWriter, r *http.Request, p *principal) {
	b, err := s.Store.BatchByBIC(r.Context(), p.OrgID, r.PathValue("bic"))
	if err != nil {
		s.fail(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, batchShape(b))
}

// batchPatch is PATCH /api/v1/sim_batch/bic/{bic}'s body: emnify's
// {"sim_status": {"id": 1}}, or the status alone at the top level as
// emnify's Python client sends it.
type batchPatch struct {
	SIMStatus   *statusRef `json:"sim_status"`
	ID          *int       `json:"id"`
	Description string     `json:"description"`
}

// registerBatch registers every SIM of a batch. A refusal is a 422, as
// emnify answers it, but an unknown BIC is a 404, which emnify's Python
// client reports as "Invalid bic number".
func (s *Server) registerBatch(w http.ResponseWriter, r *http.Request, p *principal) {
	var body batchPatch
	if err := decode(w, r, &body); err != nil {
		s.fail(w, r, err)
		return
	}
	status := store.SIMActivated
	switch {
	case body.SIMStatus != nil && body.SIMStatus.ID != nil:
		status = store.SIMStatus(*body.SIMStatus.ID)
	case body.ID != nil:
		status = store.SIMStatus(*body.ID)
	}
	ctx := r.Context()
	b, err := s.Store.RegisterBatch(ctx, s.actor(r, p), r.PathValue("bic"), status)
	if err != nil {
		ae := fromStore(err)
		if ae != nil && ae.Status != http.StatusUnauthorized && ae.Status != http.StatusForbidden && ae.Status != http.StatusNotFound {
			ae.Status = http.StatusUnprocessableEntity
			err = ae
		}
		s.fail(w, r, err)
		return
	}
	s.Wake()
	q := store.ListQuery{Page: 1, PerPage: store.MaxPerPage, Filter: []store.Filter{{Field: "batch", Value: strconv.FormatInt(b.ID, 10)}}}
	var out []simJSON
	for {
		sims, total, err := s.Store.ListSIMs(ctx, p.OrgID, q)
		if err != nil {
			s.fail(w, r, err)
			return
		}
		for _, m := range sims {
			out = append(out, simShape(m))
		}
		if q.Page*q.PerPage >= total {
			break
		}
		q.Page++
	}
	writeJSON(w, http.StatusOK, map[string]any{"sim": out})
}

func (s *Server) listEvents(w http.ResponseWriter, r *http.Request, p *principal) {
	q, err := listQuery(r)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	for _, scope := range []string{"endpoint_id", "sim_id"} {
		if r.PathValue(scope) == "" {
			continue
		}
		id, err := pathID(r, scope)
		if err != nil {
			s.fail(w, r, err)
			return
		}
		field := scope[:len(scope)-3]
		q.Filter = append(q.Filter, store.Filter{Field: field, Value: strconv.FormatInt(id, 10)})
	}
	for i, f := range q.Filter {
		switch f.Field { // emnify's short names
		case "type":
			q.Filter[i].Field = "event_type"
		case "source":
			q.Filter[i].Field = "event_source"
		case "severity":
			q.Filter[i].Field = "event_severity"
		}
	}
	for i, o := range q.Sort {
		switch o.Field {
		case "type", "source", "severity":
			q.Sort[i].Field = "event_" + o.Field
		}
	}
	evs, total, err := s.Store.ListEvents(r.Context(), p.OrgID, q)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	writeList(w, r, q, evs, total, eventShape)
}

func (s *Server) listEventTypes(w http.ResponseWriter, r *http.Request, _ *principal) {
	var out []enum
	for _, t := range store.EventTypes() {
		out = append(out, enum{int(t), t.String()})
	}
	writeJSON(w, http.StatusOK, out)
}

func (s *Server) listOperators(w http.ResponseWriter, r *http.Request, _ *principal) {
	ops, err := s.Store.Operators(r.Context())
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

type operatorJSON struct {
	ID      int64  `json:"id"`
	Name    string `json:"name"`
	Country struct {
		ISOCode string `json:"iso_code"`
		MCC     string `json:"mcc"`
	} `json:"country"`
	MNC []operatorMNC `json:"mnc"`
}

// operatorMNC is one of an operator's network codes. Its id is its place
// in the operator's list, from 1: emnify's Python SDK reads each as a
// model that requires an integer id.
type operatorMNC struct {
	ID  int    `json:"id"`
	MNC string `json:"mnc"`
}

func operatorShape(o store.Operator) operatorJSON {
	var j operatorJSON
	j.ID, j.Name, j.Country.ISOCode = o.ID, o.Name, o.Country
	for _, code := range o.MCCMNC {
		if len(code) >= 5 {
			j.Country.MCC = code[:3]
			j.MNC = append(j.MNC, operatorMNC{ID: len(j.MNC) + 1, MNC: code[3:]})
		}
	}
	return j
}
