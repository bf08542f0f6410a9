package api

import (
	"context"
	"encoding/json"
	"net/http"
	"regexp"
	"strconv"

	"github.com/cellgate/cellgate/internal/server/store"
)

// maxBulk is the most endpoints one bulk create or update takes.
const maxBulk = 2000

// endpointJSON is an endpoint as the API shows it.
type endpointJSON struct {
	ID             int64            `json:"id"`
	Name           string           `json:"name"`
	Tags           *string          `json:"tags"`
	Created        *string          `json:"created"`
	LastUpdated    *string          `json:"last_updated"`
	Status         enum             `json:"status"`
	IMEI           *string          `json:"imei"`
	IMEILock       bool             `json:"imei_lock"`
	IPAddress      *string          `json:"ip_address"`
	ServiceProfile ref              `json:"service_profile"`
	TariffProfile  ref              `json:"tariff_profile"`
	SIM            *endpointSIMJSON `json:"sim"`
}

// endpointSIMJSON is the SIM an endpoint holds. As in the SIM list, iccid
// is without its Luhn digit and iccid_with_luhn is whole.
type endpointSIMJSON struct {
	ID            int64   `json:"id"`
	ICCID         string  `json:"iccid"`
	ICCIDWithLuhn string  `json:"iccid_with_luhn"`
	IMSI          string  `json:"imsi"`
	MSISDN        string  `json:"msisdn"`
	EID           *string `json:"eid"`
	Status        enum    `json:"status"`
}

// orNull is s, or null when it is empty.
func orNull(s string) *string {
	if s == "" {
		return nil
	}
	return &s
}

// endpointShaper shapes endpoints, looking up the names of their profiles
// and their SIMs once per request.
type endpointShaper struct {
	s        *Server
	ctx      context.Context
	org      int64
	services map[int64]string
	tariffs  map[int64]string
	sims     map[int64]*endpointSIMJSON
}

func (s *Server) shaper(ctx context.Context, org int64) *endpointShaper {
	return &endpointShaper{s: s, ctx: ctx, org: org, services: map[int64]string{}, tariffs: map[int64]string{}, sims: map[int64]*endpointSIMJSON{}}
}

func (sh *endpointShaper) shape(e store.Endpoint) (endpointJSON, error) {
	j := endpointJSON{
		ID: e.ID, Name: e.Name, Tags: orNull(e.Tags), Created: stamp(e.Created), LastUpdated: stamp(e.Updated),
		Status: enum{int(e.Status), e.Status.String()}, IMEI: orNull(e.IMEI), IMEILock: e.IMEILock, IPAddress: orNull(e.IPAddress),
		ServiceProfile: ref{ID: e.ServiceProfileID}, TariffProfile: ref{ID: e.TariffProfileID},
	}
	name, ok := sh.services[e.ServiceProfileID]
	if !ok {
		p, err := sh.s.Store.ServiceProfile(sh.ctx, sh.org, e.ServiceProfileID)
		if err != nil {
			return j, err
		}
		name = p.Name
		sh.services[e.ServiceProfileID] = name
	}
	j.ServiceProfile.Name = name
	if name, ok = sh.tariffs[e.TariffProfileID]; !ok {
		p, err := sh.s.Store.TariffProfile(sh.ctx, sh.org, e.TariffProfileID)
		if err != nil {
			return j, err
		}
		name = p.Name
		sh.tariffs[e.TariffProfileID] = name
	}
	j.TariffProfile.Name = name
	if e.SIMID != 0 {
		m, ok := sh.sims[e.SIMID]
		if !ok {
			sim, err := sh.s.Store.SIM(sh.ctx, sh.org, e.SIMID)
			if err != nil {
				return j, err
			}
			m = &endpointSIMJSON{ID: sim.ID, ICCID: sim.ICCID[:len(sim.ICCID)-1], ICCIDWithLuhn: sim.ICCID, IMSI: sim.IMSI, MSISDN: sim.MSISDN,
				EID: orNull(sim.EID), Status: enum{int(sim.Status), sim.Status.String()}}
			sh.sims[e.SIMID] = m
		}
		j.SIM = m
	}
	return j, nil
}

func (sh *endpointShaper) shapeAll(es []store.Endpoint) ([]endpointJSON, error) {
	out := make([]endpointJSON, 0, len(es))
	for _, e := range es {
		j, err := sh.shape(e)
		if err != nil {
			return nil, err
		}
		out = append(out, j)
	}
	return out, nil
}

// idRef is a reference as a client sends it: the id counts, the name is
// ignored.
type idRef struct {
	ID   *int64 `json:"id"`
	Name string `json:"name"`
}

// simRef is the sim of an endpoint's body: {"id": N} assigns the SIM,
// "activate" also activates it. "status" is ignored: emnify's Python SDK
// sends the SIM as it listed it, status and all.
type simRef struct {
	ID       *int64          `json:"id"`
	Activate *bool           `json:"activate"`
	Status   json.RawMessage `json:"status"`
}

// endpointBody is an endpoint as a client creates or changes it. sim is
// read raw to tell null (release the SIM) from absent (keep it).
type endpointBody struct {
	ID             *int64          `json:"id"`
	Name           *string         `json:"name"`
	Tags           *string         `json:"tags"`
	Status         *statusRef      `json:"status"`
	IMEI           *string         `json:"imei"`
	IMEILock       *bool           `json:"imei_lock"`
	IPAddress      *string         `json:"ip_address"`
	IPAddressSpace *idRef          `json:"ip_address_space"`
	ServiceProfile *idRef          `json:"service_profile"`
	TariffProfile  *idRef          `json:"tariff_profile"`
	SIM            json.RawMessage `json:"sim"`
}

// endpointChange is a decoded body: the update, and whether to activate
// the SIM it assigns.
type endpointChange struct {
	u        store.EndpointUpdate
	activate bool
	empty    bool
}

// change reads the body as a partial update.
func (b endpointBody) change() (endpointChange, error) {
	c := endpointChange{u: store.EndpointUpdate{Name: b.Name, Tags: b.Tags, IMEI: b.IMEI, IMEILock: b.IMEILock, IPAddress: b.IPAddress}}
	if b.Status != nil {
		if b.Status.ID == nil {
			return c, errInvalid.with("status.id", "is required: 0 Enabled, 1 Disabled")
		}
		st := store.EndpointStatus(*b.Status.ID)
		c.u.Status = &st
	}
	for _, p := range []struct {
		field string
		ref   *idRef
		dst   **int64
	}{{"service_profile", b.ServiceProfile, &c.u.ServiceProfileID}, {"tariff_profile", b.TariffProfile, &c.u.TariffProfileID}} {
		if p.ref == nil {
			continue
		}
		if p.ref.ID == nil {
			return c, errInvalid.with(p.field+".id", "is required")
		}
		*p.dst = p.ref.ID
	}
	if len(b.SIM) > 0 {
		none := int64(0)
		if string(b.SIM) == "null" {
			c.u.SIMID = &none
		} else {
			var m simRef
			if err := decodeAt("sim", b.SIM, &m); err != nil {
				return c, err
			}
			switch {
			case m.ID == nil:
				c.u.SIMID = &none
			case *m.ID < 1:
				return c, errInvalid.with("sim.id", strconv.FormatInt(*m.ID, 10)+" is not a SIM id")
			default:
				c.u.SIMID = m.ID
			}
			if m.Activate != nil && *m.Activate {
				if *c.u.SIMID == 0 {
					return c, errInvalid.with("sim.activate", "there is no SIM to activate: give sim.id")
				}
				c.activate = true
			}
		}
	}
	u := c.u
	c.empty = u.Name == nil && u.Tags == nil && u.IMEI == nil && u.IMEILock == nil && u.Status == nil && u.SIMID == nil &&
		u.ServiceProfileID == nil && u.TariffProfileID == nil && u.IPAddress == nil && !c.activate
	return c, nil
}

// endpoint reads the body as a new endpoint. The profiles are required.
func (b endpointBody) endpoint() (store.Endpoint, bool, error) {
	c, err := b.change()
	if err != nil {
		return store.Endpoint{}, false, err
	}
	if b.ID != nil {
		return store.Endpoint{}, false, errInvalid.with("id", "is given by the server; leave it out")
	}
	if c.u.ServiceProfileID == nil {
		return store.Endpoint{}, false, errBadRequest.with("service_profile", `is required: {"id": N}, a service profile of GET /api/v1/service_profile`)
	}
	if c.u.TariffProfileID == nil {
		return store.Endpoint{}, false, errBadRequest.with("tariff_profile", `is required: {"id": N}, a tariff profile of GET /api/v1/tariff_profile`)
	}
	var e store.Endpoint
	e.ServiceProfileID, e.TariffProfileID = *c.u.ServiceProfileID, *c.u.TariffProfileID
	set := func(dst *string, src *string) {
		if src != nil {
			*dst = *src
		}
	}
	set(&e.Name, c.u.Name)
	set(&e.Tags, c.u.Tags)
	set(&e.IMEI, c.u.IMEI)
	set(&e.IPAddress, c.u.IPAddress)
	if c.u.IMEILock != nil {
		e.IMEILock = *c.u.IMEILock
	}
	if c.u.Status != nil {
		e.Status = *c.u.Status
	}
	if c.u.SIMID != nil {
		e.SIMID = *c.u.SIMID
	}
	return e, c.activate, nil
}

// bulkAt matches the store's naming of the item of a bulk call at fault.
var bulkAt = regexp.MustCompile(`^endpoint (\d+) of \d+: `)

// atItem names the element of a bulk call's list a store refusal is
// about: field "imei" of the 4th endpoint is "[3].imei". With one
// element, the store names none: it is [0].
func atItem(err error, n int) error {
	e, ok := store.AsError(err)
	if !ok {
		return err
	}
	c := *e
	i := 0
	if m := bulkAt.FindStringSubmatch(c.Msg); m != nil {
		i, _ = strconv.Atoi(m[1])
		i--
		c.Msg = c.Msg[len(m[0]):]
	} else if n > 1 {
		return err
	}
	field := "[" + strconv.Itoa(i) + "]"
	if c.Field != "" {
		field += "." + c.Field
	}
	c.Field = field
	return &c
}

func (s *Server) listEndpoints(w http.ResponseWriter, r *http.Request, p *principal) {
	q, err := listQuery(r)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	es, total, err := s.Store.ListEndpoints(r.Context(), p.OrgID, q)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	out, err := s.shaper(r.Context(), p.OrgID).shapeAll(es)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	writeList(w, r, q, out, total, func(j endpointJSON) endpointJSON { return j })
}

func (s *Server) getEndpoint(w http.ResponseWriter, r *http.Request, p *principal) {
	id, err := pathID(r, "endpoint_id")
	if err != nil {
		s.fail(w, r, err)
		return
	}
	e, err := s.Store.Endpoint(r.Context(), p.OrgID, id)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	j, err := s.shaper(r.Context(), p.OrgID).shape(e)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, j)
}

// createEndpoints creates one endpoint (a JSON object: 201, Location and
// an empty body) or up to maxBulk at once (a JSON array: all or none, 201
// with the endpoints created).
func (s *Server) createEndpoints(w http.ResponseWriter, r *http.Request, p *principal) {
	s.createEndpointsFrom(w, r, p, false)
}

// createEndpointsMulti is the bulk create alone (POST /api/v2/endpoint/multi).
func (s *Server) createEndpointsMulti(w http.ResponseWriter, r *http.Request, p *principal) {
	s.createEndpointsFrom(w, r, p, true)
}

func (s *Server) createEndpointsFrom(w http.ResponseWriter, r *http.Request, p *principal, onlyBulk bool) {
	data, err := readBody(w, r)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	bulk := isArray(data)
	if onlyBulk && !bulk {
		s.fail(w, r, errBadRequest.with("", "send a JSON list of endpoints"))
		return
	}
	items := []json.RawMessage{data}
	if bulk {
		if items, err = decodeArray(data, maxBulk); err != nil {
			s.fail(w, r, err)
			return
		}
	}
	es := make([]store.Endpoint, len(items))
	activate := make([]bool, len(items))
	for i, raw := range items {
		at := ""
		if bulk {
			at = "[" + strconv.Itoa(i) + "]"
		}
		var b endpointBody
		err := decodeAt(at, raw, &b)
		if err == nil {
			es[i], activate[i], err = b.endpoint()
			err = under(at, err)
		}
		if err != nil {
			s.fail(w, r, err)
			return
		}
	}
	ctx := r.Context()
	made, err := s.Store.CreateEndpoints(ctx, s.actor(r, p), es)
	if err != nil {
		if bulk {
			err = atItem(err, len(es))
		}
		s.fail(w, r, err)
		return
	}
	for i, e := range made {
		if activate[i] {
			if err := s.activateSIM(r, p, e.SIMID); err != nil {
				s.fail(w, r, under(itemField(bulk, i, "sim.activate"), err))
				return
			}
		}
	}
	s.Wake()
	if !bulk {
		created(w, "/api/v1/endpoint", made[0].ID)
		return
	}
	out, err := s.shaper(ctx, p.OrgID).shapeAll(made)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	writeJSON(w, http.StatusCreated, out)
}

func itemField(bulk bool, i int, field string) string {
	if !bulk {
		return field
	}
	return "[" + strconv.Itoa(i) + "]." + field
}

// activateSIM activates a SIM that was just assigned, unless it is
// active already.
func (s *Server) activateSIM(r *http.Request, p *principal, id int64) error {
	m, err := s.Store.SIM(r.Context(), p.OrgID, id)
	if err != nil || m.Status == store.SIMActivated {
		return err
	}
	st := store.SIMActivated
	_, err = s.Store.UpdateSIM(r.Context(), s.actor(r, p), id, store.SIMUpdate{Status: &st})
	return err
}

// patchStatus answers a refused PATCH with 400, as for SIMs: emnify's
// Python client takes a 422 on a PATCH for an expired sign-in. The
// error_token still tells a conflict ("sim_in_use") from bad input.
func patchStatus(err error) error {
	ae := fromStore(err)
	if ae != nil && (ae.Status == http.StatusUnprocessableEntity || ae.Status == http.StatusConflict) {
		ae.Status = http.StatusBadRequest
		return ae
	}
	return err
}

// patchEndpoint changes some of an endpoint's fields: 204.
// {"sim": {"id": N}} assigns a SIM; {"sim": null} or {"sim": {"id":
// null}} releases it.
func (s *Server) patchEndpoint(w http.ResponseWriter, r *http.Request, p *principal) {
	id, err := pathID(r, "endpoint_id")
	if err != nil {
		s.fail(w, r, err)
		return
	}
	var b endpointBody
	var c endpointChange
	err = decode(w, r, &b)
	if err == nil {
		c, err = b.change()
	}
	switch {
	case err != nil:
	case b.ID != nil && *b.ID != id:
		err = errInvalid.with("id", "is "+itoa(*b.ID)+", but the path names endpoint "+itoa(id))
	case c.empty:
		err = errInvalid.with("", "nothing to change: send name, tags, status, imei, imei_lock, ip_address, service_profile, tariff_profile or sim")
	}
	if err == nil {
		_, err = s.Store.UpdateEndpoints(r.Context(), s.actor(r, p), []int64{id}, []store.EndpointUpdate{c.u})
	}
	if err == nil && c.activate {
		err = under("sim.activate", s.activateSIM(r, p, *c.u.SIMID))
	}
	if err != nil {
		s.fail(w, r, patchStatus(err))
		return
	}
	s.Wake()
	w.WriteHeader(http.StatusNoContent)
}

// patchEndpointsMulti changes up to maxBulk endpoints, each named by its
// id, all or none: 200 with the endpoints as they are now.
func (s *Server) patchEndpointsMulti(w http.ResponseWriter, r *http.Request, p *principal) {
	data, err := readBody(w, r)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	if !isArray(data) {
		s.fail(w, r, errBadRequest.with("", `send a JSON list of changes, each with the endpoint's id: [{"id": 1, "status": {"id": 1}}]`))
		return
	}
	items, err := decodeArray(data, maxBulk)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	ids := make([]int64, len(items))
	us := make([]store.EndpointUpdate, len(items))
	activate := make([]bool, len(items))
	for i, raw := range items {
		at := "[" + strconv.Itoa(i) + "]"
		var b endpointBody
		err := decodeAt(at, raw, &b)
		var c endpointChange
		if err == nil {
			c, err = b.change()
			err = under(at, err)
		}
		if err == nil && (b.ID == nil || *b.ID < 1) {
			err = errInvalid.with(at+".id", "is required: the id of the endpoint to change")
		}
		if err != nil {
			s.fail(w, r, patchStatus(err))
			return
		}
		ids[i], us[i], activate[i] = *b.ID, c.u, c.activate
	}
	es, err := s.Store.UpdateEndpoints(r.Context(), s.actor(r, p), ids, us)
	if err != nil {
		s.fail(w, r, patchStatus(atItem(err, len(ids))))
		return
	}
	for i, e := range es {
		if activate[i] {
			if err := s.activateSIM(r, p, e.SIMID); err != nil {
				s.fail(w, r, patchStatus(under(itemField(true, i, "sim.activate"), err)))
				return
			}
		}
	}
	s.Wake()
	out, err := s.shaper(r.Context(), p.OrgID).shapeAll(es)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, out)
}

// deleteEndpoint deletes an endpoint: 204, or 409 sim_assigned while it
// holds a SIM.
func (s *Server) deleteEndpoint(w http.ResponseWriter, r *http.Request, p *principal) {
	id, err := pathID(r, "endpoint_id")
	if err != nil {
		s.fail(w, r, err)
		return
	}
	if err := s.Store.DeleteEndpoint(r.Context(), s.actor(r, p), id); err != nil {
		s.fail(w, r, err)
		return
	}
	s.Wake()
	w.WriteHeader(http.StatusNoContent)
}

// listEndpointEvents is the event list of one endpoint; an endpoint the
// organisation does not have is a 404, not an empty list.
func (s *Server) listEndpointEvents(w http.ResponseWriter, r *http.Request, p *principal) {
	id, err := pathID(r, "endpoint_id")
	if err == nil {
		_, err = s.Store.Endpoint(r.Context(), p.OrgID, id)
	}
	if err != nil {
		s.fail(w, r, err)
		return
	}
	s.listEvents(w, r, p)
}
