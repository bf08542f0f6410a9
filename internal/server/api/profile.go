package api

import (
	"bytes"
	"encoding/json"
	"net/http"
	"strings"

	"github.com/cellgate/cellgate/internal/server/store"
)

// serviceProfileJSON is a service profile as the API shows it: one flag
// per radio access technology, as emnify writes them.
type serviceProfileJSON struct {
	ID             int64    `json:"id"`
	Name           string   `json:"name"`
	Description    string   `json:"description"`
	Allowed2G      bool     `json:"allowed_2g"`
	Allowed3G      bool     `json:"allowed_3g"`
	Allowed4G      bool     `json:"allowed_4g"`
	AllowedNBIoT   bool     `json:"allowed_nb_iot"`
	AllowedLTEM    bool     `json:"allowed_lte_m"`
	SMSMO          bool     `json:"sms_mo"`
	SMSMT          bool     `json:"sms_mt"`
	DataAllowed    bool     `json:"data_allowed"`
	DNS            *dnsJSON `json:"dns"`
	BreakoutRegion string   `json:"breakout_region"`
	APICallback    *ref     `json:"api_callback"`
	UsedCount      int      `json:"used_count"`
	Created        *string  `json:"created"`
	LastUpdated    *string  `json:"last_updated"`
}

// dnsJSON is a profile's resolvers; null for the network's.
type dnsJSON struct {
	Primary   string `json:"primary"`
	Secondary string `json:"secondary,omitempty"`
}

// ratFlags pairs each RAT with its flag in the JSON.
func (j *serviceProfileJSON) ratFlags() map[store.RAT]*bool {
	return map[store.RAT]*bool{store.RAT2G: &j.Allowed2G, store.RAT3G: &j.Allowed3G, store.RAT4G: &j.Allowed4G,
		store.RATNBIoT: &j.AllowedNBIoT, store.RATLTEM: &j.AllowedLTEM}
}

func serviceProfileShape(p store.ServiceProfile, used int) serviceProfileJSON {
	j := serviceProfileJSON{ID: p.ID, Name: p.Name, Description: p.Description, SMSMO: p.SMSMO, SMSMT: p.SMSMT, DataAllowed: p.Data,
		BreakoutRegion: p.BreakoutRegion, UsedCount: used, Created: stamp(p.Created), LastUpdated: stamp(p.Updated)}
	flags := j.ratFlags()
	for _, r := range p.AllowedRATs {
		if f := flags[r]; f != nil {
			*f = true
		}
	}
	if p.DNS != "" {
		primary, secondary, _ := strings.Cut(p.DNS, ",")
		j.DNS = &dnsJSON{Primary: primary, Secondary: secondary}
	}
	if p.APICallbackID != 0 {
		j.APICallback = &ref{ID: p.APICallbackID}
	}
	return j
}

// serviceProfileBody is a service profile as a client creates or changes
// it; absent fields stay as they are. dns and api_callback are read raw to
// tell null (none) from absent.
type serviceProfileBody struct {
	Name           *string         `json:"name"`
	Description    *string         `json:"description"`
	Allowed2G      *bool           `json:"allowed_2g"`
	Allowed3G      *bool           `json:"allowed_3g"`
	Allowed4G      *bool           `json:"allowed_4g"`
	AllowedNBIoT   *bool           `json:"allowed_nb_iot"`
	AllowedLTEM    *bool           `json:"allowed_lte_m"`
	SMSMO          *bool           `json:"sms_mo"`
	SMSMT          *bool           `json:"sms_mt"`
	DataAllowed    *bool           `json:"data_allowed"`
	DNS            json.RawMessage `json:"dns"`
	BreakoutRegion *string         `json:"breakout_region"`
	APICallback    json.RawMessage `json:"api_callback"`
}

type dnsBody struct {
	ID        *int64 `json:"id"`
	Primary   string `json:"primary"`
	Secondary string `json:"secondary"`
}

func isNull(raw json.RawMessage) bool { return bytes.Equal(bytes.TrimSpace(raw), []byte("null")) }

// apply changes p by the body's fields.
func (b serviceProfileBody) apply(p *store.ServiceProfile) error {
	setS := func(dst *string, src *string) {
		if src != nil {
			*dst = *src
		}
	}
	setB := func(dst *bool, src *bool) {
		if src != nil {
			*dst = *src
		}
	}
	setS(&p.Name, b.Name)
	setS(&p.Description, b.Description)
	setS(&p.BreakoutRegion, b.BreakoutRegion)
	setB(&p.SMSMO, b.SMSMO)
	setB(&p.SMSMT, b.SMSMT)
	setB(&p.Data, b.DataAllowed)
	var j serviceProfileJSON
	for _, r := range p.AllowedRATs {
		if f := j.ratFlags()[r]; f != nil {
			*f = true
		}
	}
	setB(&j.Allowed2G, b.Allowed2G)
	setB(&j.Allowed3G, b.Allowed3G)
	setB(&j.Allowed4G, b.Allowed4G)
	setB(&j.AllowedNBIoT, b.AllowedNBIoT)
	setB(&j.AllowedLTEM, b.AllowedLTEM)
	flags := j.ratFlags()
	p.AllowedRATs = []store.RAT{}
	for _, r := range store.RATs {
		if *flags[r] {
			p.AllowedRATs = append(p.AllowedRATs, r)
		}
	}
	switch {
	case len(b.DNS) == 0:
	case isNull(b.DNS):
		p.DNS = ""
	default:
		var d dnsBody
		if err := decodeAt("dns", b.DNS, &d); err != nil {
			return err
		}
		if strings.TrimSpace(d.Primary) == "" {
			return errInvalid.with("dns.primary", "is required; send dns null for the network's resolvers")
		}
		if strings.Contains(d.Primary+d.Secondary, ",") {
			return errInvalid.with("dns", "give one address in primary and one in secondary")
		}
		p.DNS = d.Primary
		if d.Secondary != "" {
			p.DNS += "," + d.Secondary
		}
	}
	switch {
	case len(b.APICallback) == 0:
	case isNull(b.APICallback):
		p.APICallbackID = 0
	default:
		var c idRef
		if err := decodeAt("api_callback", b.APICallback, &c); err != nil {
			return err
		}
		if c.ID == nil || *c.ID < 1 {
			return errInvalid.with("api_callback.id", "is required: a callback of GET /api/v1/api_callback, or send api_callback null")
		}
		p.APICallbackID = *c.ID
	}
	return nil
}

func (s *Server) listServiceProfiles(w http.ResponseWriter, r *http.Request, p *principal) {
	q, err := listQuery(r)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	ps, total, err := s.Store.ListServiceProfiles(r.Context(), p.OrgID, q)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	ids := make([]int64, len(ps))
	for i, sp := range ps {
		ids[i] = sp.ID
	}
	used, err := s.Store.ProfileUse(r.Context(), p.OrgID, "service_profile", ids)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	out := make([]serviceProfileJSON, 0, len(ps))
	for _, sp := range ps {
		out = append(out, serviceProfileShape(sp, used[sp.ID]))
	}
	writeList(w, r, q, out, total, func(j serviceProfileJSON) serviceProfileJSON { return j })
}

func (s *Server) getServiceProfile(w http.ResponseWriter, r *http.Request, p *principal) {
	id, err := pathID(r, "profile_id")
	if err != nil {
		s.fail(w, r, err)
		return
	}
	sp, err := s.Store.ServiceProfile(r.Context(), p.OrgID, id)
	var used map[int64]int
	if err == nil {
		used, err = s.Store.ProfileUse(r.Context(), p.OrgID, "service_profile", []int64{id})
	}
	if err != nil {
		s.fail(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, serviceProfileShape(sp, used[id]))
}

// createServiceProfile creates a service profile: 201, Location, no body.
// Flags it does not give are false, but for data_allowed, which is true.
func (s *Server) createServiceProfile(w http.ResponseWriter, r *http.Request, p *principal) {
	var b serviceProfileBody
	sp := store.ServiceProfile{Data: true}
	err := decode(w, r, &b)
	if err == nil {
		err = b.apply(&sp)
	}
	if err == nil && b.Name == nil {
		err = errInvalid.with("name", "is required")
	}
	if err == nil {
		sp, err = s.Store.CreateServiceProfile(r.Context(), s.actor(r, p), sp)
	}
	if err != nil {
		s.fail(w, r, err)
		return
	}
	created(w, "/api/v1/service_profile", sp.ID)
}

// patchServiceProfile changes the fields the body gives: 204.
func (s *Server) patchServiceProfile(w http.ResponseWriter, r *http.Request, p *principal) {
	id, err := pathID(r, "profile_id")
	if err != nil {
		s.fail(w, r, err)
		return
	}
	var b serviceProfileBody
	if err := decode(w, r, &b); err != nil {
		s.fail(w, r, patchStatus(err))
		return
	}
	sp, err := s.Store.ServiceProfile(r.Context(), p.OrgID, id)
	if err == nil {
		err = b.apply(&sp)
	}
	if err == nil {
		_, err = s.Store.UpdateServiceProfile(r.Context(), s.actor(r, p), sp)
	}
	if err != nil {
		s.fail(w, r, patchStatus(err))
		return
	}
	w.WriteHeader(http.StatusNoContent)
}

// deleteServiceProfile deletes a service profile: 204, or 409 in_use
// while an endpoint uses it.
func (s *Server) deleteServiceProfile(w http.ResponseWriter, r *http.Request, p *principal) {
	id, err := pathID(r, "profile_id")
	if err == nil {
		err = s.Store.DeleteServiceProfile(r.Context(), s.actor(r, p), id)
	}
	if err != nil {
		s.fail(w, r, err)
		return
	}
	w.WriteHeader(http.StatusNoContent)
}

// tariffProfileJSON is a tariff profile as the API shows it.
type tariffProfileJSON struct {
	ID               int64           `json:"id"`
	Name             string          `json:"name"`
	Description      string          `json:"description"`
	AllowedCountries []string        `json:"allowed_countries"`
	AllowedOperators []int64         `json:"allowed_operators"`
	RateZones        json.RawMessage `json:"ratezones"`
	UsedCount        int             `json:"used_count"`
	Created          *string         `json:"created"`
	LastUpdated      *string         `json:"last_updated"`
}

func tariffProfileShape(p store.TariffProfile, used int) tariffProfileJSON {
	j := tariffProfileJSON{ID: p.ID, Name: p.Name, Description: p.Description, AllowedCountries: p.AllowedCountries,
		AllowedOperators: p.AllowedOperators, RateZones: p.RateZones, UsedCount: used, Created: stamp(p.Created), LastUpdated: stamp(p.Updated)}
	if j.AllowedCountries == nil {
		j.AllowedCountries = []string{}
	}
	if j.AllowedOperators == nil {
		j.AllowedOperators = []int64{}
	}
	if len(j.RateZones) == 0 {
		j.RateZones = json.RawMessage("[]")
	}
	return j
}

// tariffProfileBody is a tariff profile as a client creates or changes
// it; absent fields stay as they are.
type tariffProfileBody struct {
	Name             *string         `json:"name"`
	Description      *string         `json:"description"`
	AllowedCountries *[]string       `json:"allowed_countries"`
	AllowedOperators *[]int64        `json:"allowed_operators"`
	RateZones        json.RawMessage `json:"ratezones"`
}

func (b tariffProfileBody) apply(p *store.TariffProfile) error {
	if b.Name != nil {
		p.Name = *b.Name
	}
	if b.Description != nil {
		p.Description = *b.Description
	}
	if b.AllowedCountries != nil {
		p.AllowedCountries = *b.AllowedCountries
	}
	if b.AllowedOperators != nil {
		p.AllowedOperators = *b.AllowedOperators
	}
	switch {
	case len(b.RateZones) == 0:
	case isNull(b.RateZones):
		p.RateZones = nil
	default:
		var zones []map[string]json.RawMessage
		if err := json.Unmarshal(b.RateZones, &zones); err != nil {
			return errInvalid.with("ratezones", "must be a list of objects, such as [{\"name\": \"Zone 1\", \"countries\": [\"DE\"]}]")
		}
		var compact bytes.Buffer
		if err := json.Compact(&compact, b.RateZones); err != nil {
			return errInvalid.with("ratezones", "is not valid JSON")
		}
		p.RateZones = compact.Bytes()
	}
	return nil
}

func (s *Server) listTariffProfiles(w http.ResponseWriter, r *http.Request, p *principal) {
	q, err := listQuery(r)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	ps, total, err := s.Store.ListTariffProfiles(r.Context(), p.OrgID, q)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	ids := make([]int64, len(ps))
	for i, tp := range ps {
		ids[i] = tp.ID
	}
	used, err := s.Store.ProfileUse(r.Context(), p.OrgID, "tariff_profile", ids)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	out := make([]tariffProfileJSON, 0, len(ps))
	for _, tp := range ps {
		out = append(out, tariffProfileShape(tp, used[tp.ID]))
	}
	writeList(w, r, q, out, total, func(j tariffProfileJSON) tariffProfileJSON { return j })
}

func (s *Server) getTariffProfile(w http.ResponseWriter, r *http.Request, p *principal) {
	id, err := pathID(r, "profile_id")
	if err != nil {
		s.fail(w, r, err)
		return
	}
	tp, err := s.Store.TariffProfile(r.Context(), p.OrgID, id)
	var used map[int64]int
	if err == nil {
		used, err = s.Store.ProfileUse(r.Context(), p.OrgID, "tariff_profile", []int64{id})
	}
	if err != nil {
		s.fail(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, tariffProfileShape(tp, used[id]))
}

// createTariffProfile creates a tariff profile: 201, Location, no body.
func (s *Server) createTariffProfile(w http.ResponseWriter, r *http.Request, p *principal) {
	var b tariffProfileBody
	var tp store.TariffProfile
	err := decode(w, r, &b)
	if err == nil {
		err = b.apply(&tp)
	}
	if err == nil && b.Name == nil {
		err = errInvalid.with("name", "is required")
	}
	if err == nil {
		tp, err = s.Store.CreateTariffProfile(r.Context(), s.actor(r, p), tp)
	}
	if err != nil {
		s.fail(w, r, ratezonesField(err))
		return
	}
	created(w, "/api/v1/tariff_profile", tp.ID)
}

// ratezonesField names the rate zones as the API spells them.
func ratezonesField(err error) error {
	if e, ok := store.AsError(err); ok && e.Field == "ratezone" {
		c := *e
		c.Field = "ratezones"
		return &c
	}
	return err
}

// patchTariffProfile changes the fields the body gives: 204.
func (s *Server) patchTariffProfile(w http.ResponseWriter, r *http.Request, p *principal) {
	id, err := pathID(r, "profile_id")
	if err != nil {
		s.fail(w, r, err)
		return
	}
	var b tariffProfileBody
	if err := decode(w, r, &b); err != nil {
		s.fail(w, r, patchStatus(err))
		return
	}
	tp, err := s.Store.TariffProfile(r.Context(), p.OrgID, id)
	if err == nil {
		err = b.apply(&tp)
	}
	if err == nil {
		_, err = s.Store.UpdateTariffProfile(r.Context(), s.actor(r, p), tp)
	}
	if err != nil {
		s.fail(w, r, patchStatus(ratezonesField(err)))
		return
	}
	w.WriteHeader(http.StatusNoContent)
}

// deleteTariffProfile deletes a tariff profile: 204, or 409 in_use while
// an endpoint uses it.
func (s *Server) deleteTariffProfile(w http.ResponseWriter, r *http.Request, p *principal) {
	id, err := pathID(r, "profile_id")
	if err == nil {
		err = s.Store.DeleteTariffProfile(r.Context(), s.actor(r, p), id)
	}
	if err != nil {
		s.fail(w, r, err)
		return
	}
	w.WriteHeader(http.StatusNoContent)
}
