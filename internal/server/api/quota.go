package api

import (
	"net/http"
	"strconv"
	"strings"
	"time"

	"github.com/cellgate/cellgate/internal/server/auth"
	"github.com/cellgate/cellgate/internal/server/store"
	"github.com/cellgate/cellgate/internal/server/store/sqlstore"
)

// quotaTime is how quotas write their dates, as emnify does: UTC, no zone.
const quotaTime = "2006-01-02 15:04:05"

// The API's quota ids are emnify's: status 0 ACTIVE, 1 EXHAUSTED, 2
// EXPIRED; action on exhaustion 0 Block, 1 Throttle. The store counts
// both from 1.
var (
	quotaStatusNames = []string{"ACTIVE", "EXHAUSTED", "EXPIRED"}
	quotaActionNames = []string{"Block", "Throttle"}
)

func quotaStatusEnum(st store.QuotaStatus) enum {
	i := int(st) - 1
	if i < 0 || i >= len(quotaStatusNames) {
		return enum{i, "UNKNOWN"}
	}
	return enum{i, quotaStatusNames[i]}
}

func quotaStatusFromID(id int) (store.QuotaStatus, error) {
	if id < 0 || id >= len(quotaStatusNames) {
		return 0, errInvalid.with("status.id", strconv.Itoa(id)+" is not a quota status: 0 ACTIVE, 1 EXHAUSTED, 2 EXPIRED")
	}
	return store.QuotaStatus(id + 1), nil
}

type quotaActionJSON struct {
	ID             int    `json:"id"`
	Description    string `json:"description"`
	PeakThroughput *int   `json:"peak_throughput,omitempty"`
}

// dataQuotaJSON is a data quota as the API shows it: volume in MB,
// auto_refill 0 or 1.
type dataQuotaJSON struct {
	Status               enum            `json:"status"`
	Volume               float64         `json:"volume"`
	ExpiryDate           string          `json:"expiry_date"`
	AutoRefill           int             `json:"auto_refill"`
	ThresholdPercentage  int             `json:"threshold_percentage"`
	ActionOnExhaustion   quotaActionJSON `json:"action_on_exhaustion"`
	PeakThroughput       *int            `json:"peak_throughput,omitempty"`
	LastVolumeAdded      float64         `json:"last_volume_added"`
	LastStatusChangeDate string          `json:"last_status_change_date"`
}

// smsQuotaJSON is an SMS quota as the API shows it: volume in messages,
// auto_refill true or false, no throughput.
type smsQuotaJSON struct {
	Status               enum            `json:"status"`
	Volume               int64           `json:"volume"`
	ExpiryDate           string          `json:"expiry_date"`
	AutoRefill           bool            `json:"auto_refill"`
	ThresholdPercentage  int             `json:"threshold_percentage"`
	ActionOnExhaustion   quotaActionJSON `json:"action_on_exhaustion"`
	LastVolumeAdded      int64           `json:"last_volume_added"`
	LastStatusChangeDate string          `json:"last_status_change_date"`
}

func quotaAction(q store.Quota) quotaActionJSON {
	i := int(q.Action) - 1
	a := quotaActionJSON{ID: i, Description: "Unknown"}
	if i >= 0 && i < len(quotaActionNames) {
		a.Description = quotaActionNames[i]
	}
	if q.Action == store.QuotaThrottle {
		peak := q.PeakThroughput
		a.PeakThroughput = &peak
	}
	return a
}

func quotaShape(q store.Quota) any {
	if q.Kind == store.QuotaSMS {
		return smsQuotaJSON{
			Status: quotaStatusEnum(q.Status), Volume: int64(q.Volume), ExpiryDate: q.Expiry.UTC().Format(quotaTime),
			AutoRefill: q.AutoRefill, ThresholdPercentage: q.ThresholdPercentage, ActionOnExhaustion: quotaAction(q),
			LastVolumeAdded: int64(q.Volume), LastStatusChangeDate: q.Updated.UTC().Format(quotaTime),
		}
	}
	j := dataQuotaJSON{
		Status: quotaStatusEnum(q.Status), Volume: q.Volume, ExpiryDate: q.Expiry.UTC().Format(quotaTime),
		ThresholdPercentage: q.ThresholdPercentage, ActionOnExhaustion: quotaAction(q),
		LastVolumeAdded: q.Volume, LastStatusChangeDate: q.Updated.UTC().Format(quotaTime),
	}
	if q.AutoRefill {
		j.AutoRefill = 1
	}
	j.PeakThroughput = j.ActionOnExhaustion.PeakThroughput
	return j
}

type dataActionBody struct {
	ID             *int   `json:"id"`
	Description    string `json:"description"`
	PeakThroughput *int   `json:"peak_throughput"`
}

// dataQuotaBody is POST .../quota/data's body. peak_throughput is taken
// at the top level or inside action_on_exhaustion.
type dataQuotaBody struct {
	Status              *statusRef      `json:"status"`
	Volume              *float64        `json:"volume"`
	ExpiryDate          *string         `json:"expiry_date"`
	AutoRefill          *int            `json:"auto_refill"`
	ThresholdPercentage *int            `json:"threshold_percentage"`
	ActionOnExhaustion  *dataActionBody `json:"action_on_exhaustion"`
	PeakThroughput      *int            `json:"peak_throughput"`
}

// smsQuotaBody is POST .../quota/sms's body.
type smsQuotaBody struct {
	Status              *statusRef `json:"status"`
	Volume              *int64     `json:"volume"`
	ExpiryDate          *string    `json:"expiry_date"`
	AutoRefill          *bool      `json:"auto_refill"`
	ThresholdPercentage *int       `json:"threshold_percentage"`
	ActionOnExhaustion  *statusRef `json:"action_on_exhaustion"`
}

// defaultThreshold is the threshold_percentage of a quota that names
// none: the "threshold reached" event comes at 90 % used.
const defaultThreshold = 90

// quotaCommon reads the fields data and SMS quotas share.
func quotaCommon(q *store.Quota, status *statusRef, expiry *string, threshold *int) error {
	q.Status = store.QuotaActive
	if status != nil {
		if status.ID == nil {
			return errInvalid.with("status.id", "is required: 0 ACTIVE, 1 EXHAUSTED, 2 EXPIRED")
		}
		st, err := quotaStatusFromID(*status.ID)
		if err != nil {
			return err
		}
		q.Status = st
	}
	if expiry == nil {
		return errInvalid.with("expiry_date", `is required, as "YYYY-MM-DD HH:MM:SS" in UTC`)
	}
	t, err := parseQuotaTime(*expiry)
	if err != nil {
		return err
	}
	q.Expiry = t
	q.ThresholdPercentage = defaultThreshold
	if threshold != nil {
		if *threshold < 1 || *threshold > 100 {
			return errInvalid.with("threshold_percentage", "must be a whole number from 1 to 100, not "+strconv.Itoa(*threshold))
		}
		q.ThresholdPercentage = *threshold
	}
	return nil
}

// parseQuotaTime reads "YYYY-MM-DD HH:MM:SS" (UTC) or RFC 3339.
func parseQuotaTime(s string) (time.Time, error) {
	s = strings.TrimSpace(s)
	if t, err := time.ParseInLocation(quotaTime, s, time.UTC); err == nil {
		return t, nil
	}
	if t, err := time.Parse(time.RFC3339, s); err == nil {
		return t.UTC(), nil
	}
	return time.Time{}, errInvalid.with("expiry_date", strconv.Quote(s)+` is not a date: use "YYYY-MM-DD HH:MM:SS" in UTC, such as "2027-01-31 00:00:00"`)
}

func peakList() string {
	var out []string
	for _, p := range sqlstore.PeakThroughputs {
		out = append(out, strconv.Itoa(p))
	}
	return strings.Join(out, ", ")
}

func (b dataQuotaBody) quota(endpoint int64) (store.Quota, error) {
	q := store.Quota{EndpointID: endpoint, Kind: store.QuotaData, Action: store.QuotaBlock}
	if err := quotaCommon(&q, b.Status, b.ExpiryDate, b.ThresholdPercentage); err != nil {
		return q, err
	}
	if b.Volume == nil {
		return q, errInvalid.with("volume", "is required: the data volume in MB")
	}
	q.Volume = *b.Volume
	if b.AutoRefill != nil {
		if *b.AutoRefill != 0 && *b.AutoRefill != 1 {
			return q, errInvalid.with("auto_refill", "must be 0 or 1, not "+strconv.Itoa(*b.AutoRefill))
		}
		q.AutoRefill = *b.AutoRefill == 1
	}
	peak, peakField := b.PeakThroughput, "peak_throughput"
	if a := b.ActionOnExhaustion; a != nil {
		if a.ID == nil {
			return q, errInvalid.with("action_on_exhaustion.id", "is required: 0 Block, 1 Throttle")
		}
		switch *a.ID {
		case 0:
		case 1:
			q.Action = store.QuotaThrottle
		default:
			return q, errInvalid.with("action_on_exhaustion.id", strconv.Itoa(*a.ID)+" is not an action: 0 Block, 1 Throttle")
		}
		if a.PeakThroughput != nil {
			if peak != nil && *peak != *a.PeakThroughput {
				return q, errInvalid.with("peak_throughput", "differs from action_on_exhaustion.peak_throughput; give it once")
			}
			peak, peakField = a.PeakThroughput, "action_on_exhaustion.peak_throughput"
		}
	}
	switch {
	case q.Action == store.QuotaBlock && peak != nil:
		return q, errInvalid.with(peakField, "applies only when action_on_exhaustion is 1 (Throttle)")
	case q.Action == store.QuotaThrottle && peak == nil:
		return q, errInvalid.with("peak_throughput", "is required to throttle: one of "+peakList()+" bit/s")
	case peak != nil:
		q.PeakThroughput = *peak
		if !validPeak(*peak) {
			return q, errInvalid.with(peakField, strconv.Itoa(*peak)+" is not a peak throughput: use one of "+peakList()+" bit/s")
		}
	}
	return q, nil
}

func validPeak(p int) bool {
	for _, v := range sqlstore.PeakThroughputs {
		if v == p {
			return true
		}
	}
	return false
}

func (b smsQuotaBody) quota(endpoint int64) (store.Quota, error) {
	q := store.Quota{EndpointID: endpoint, Kind: store.QuotaSMS, Action: store.QuotaBlock}
	if err := quotaCommon(&q, b.Status, b.ExpiryDate, b.ThresholdPercentage); err != nil {
		return q, err
	}
	if b.Volume == nil {
		return q, errInvalid.with("volume", "is required: the number of SMS")
	}
	q.Volume = float64(*b.Volume)
	if b.AutoRefill != nil {
		q.AutoRefill = *b.AutoRefill
	}
	if a := b.ActionOnExhaustion; a != nil {
		if a.ID == nil {
			return q, errInvalid.with("action_on_exhaustion.id", "is required: 0 Block")
		}
		if *a.ID != 0 {
			return q, errInvalid.with("action_on_exhaustion.id", "an SMS quota can only block (0) when it is used up, not "+strconv.Itoa(*a.ID))
		}
	}
	return q, nil
}

// quotaRoutes are the calls on one kind of quota.
func (s *Server) quotaRoutes(kind store.QuotaKind) []route {
	path := "/api/v1/endpoint/{endpoint_id}/quota/" + string(kind)
	return []route{
		{pattern: "GET " + path, action: auth.ActionRead, handle: func(w http.ResponseWriter, r *http.Request, p *principal) { s.getQuota(w, r, p, kind) }},
		{pattern: "POST " + path, action: auth.ActionWrite, handle: func(w http.ResponseWriter, r *http.Request, p *principal) { s.setQuota(w, r, p, kind) }},
		{pattern: "DELETE " + path, action: auth.ActionWrite, handle: func(w http.ResponseWriter, r *http.Request, p *principal) { s.deleteQuota(w, r, p, kind) }},
	}
}

func (s *Server) getQuota(w http.ResponseWriter, r *http.Request, p *principal, kind store.QuotaKind) {
	id, err := pathID(r, "endpoint_id")
	if err != nil {
		s.fail(w, r, err)
		return
	}
	q, err := s.Store.Quota(r.Context(), p.OrgID, id, kind)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, quotaShape(q))
}

// setQuota creates or replaces an endpoint's quota: 201, Location and an
// empty body.
func (s *Server) setQuota(w http.ResponseWriter, r *http.Request, p *principal, kind store.QuotaKind) {
	id, err := pathID(r, "endpoint_id")
	if err != nil {
		s.fail(w, r, err)
		return
	}
	var q store.Quota
	if kind == store.QuotaSMS {
		var b smsQuotaBody
		if err = decode(w, r, &b); err == nil {
			q, err = b.quota(id)
		}
	} else {
		var b dataQuotaBody
		if err = decode(w, r, &b); err == nil {
			q, err = b.quota(id)
		}
	}
	if err == nil {
		_, err = s.Store.SetQuota(r.Context(), s.actor(r, p), q)
	}
	if err != nil {
		s.fail(w, r, err)
		return
	}
	s.Wake()
	w.Header().Set("Location", "/api/v1/endpoint/"+itoa(id)+"/quota/"+string(kind))
	w.WriteHeader(http.StatusCreated)
}

func (s *Server) deleteQuota(w http.ResponseWriter, r *http.Request, p *principal, kind store.QuotaKind) {
	id, err := pathID(r, "endpoint_id")
	if err == nil {
		err = s.Store.DeleteQuota(r.Context(), s.actor(r, p), id, kind)
	}
	if err != nil {
		s.fail(w, r, err)
		return
	}
	s.Wake()
	w.WriteHeader(http.StatusNoContent)
}
