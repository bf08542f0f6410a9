package api

import (
	"encoding/json"
	"time"

	"github.com/cellgate/cellgate/internal/server/store"
	"github.com/cellgate/cellgate/internal/server/store/sqlstore"
)

// enum is how the API writes an enumerated value, as emnify does.
type enum struct {
	ID          int    `json:"id"`
	Description string `json:"description"`
}

// ref names another object by id, with its name where it has one.
type ref struct {
	ID   int64  `json:"id"`
	Name string `json:"name,omitempty"`
}

// stamp writes a time as RFC 3339 with milliseconds and a Z offset, or
// null when it is not set.
func stamp(t time.Time) *string {
	if t.IsZero() {
		return nil
	}
	s := t.UTC().Format("2006-01-02T15:04:05.000Z")
	return &s
}

type simJSON struct {
	ID             int64   `json:"id"`
	ICCID          string  `json:"iccid"`
	ICCIDWithLuhn  string  `json:"iccid_with_luhn"`
	EID            *string `json:"eid"`
	IMSI           string  `json:"imsi"`
	MSISDN         string  `json:"msisdn"`
	Status         enum    `json:"status"`
	FormFactor     string  `json:"form_factor,omitempty"`
	ProductionDate *string `json:"production_date"`
	ActivationDate *string `json:"activation_date"`
	LastUpdated    *string `json:"last_updated"`
	Endpoint       *ref    `json:"endpoint"`
	Batch          ref     `json:"sim_batch"`
	CustomerOrg    *ref    `json:"customer_org,omitempty"`
}

// simShape is a SIM as the API shows it. Like emnify, iccid is without its
// Luhn check digit and iccid_with_luhn is whole. PINs and PUKs never
// appear.
func simShape(m store.SIM) simJSON {
	j := simJSON{
		ID: m.ID, ICCID: m.ICCID[:len(m.ICCID)-1], ICCIDWithLuhn: m.ICCID, IMSI: m.IMSI, MSISDN: m.MSISDN,
		Status:         enum{int(m.Status), m.Status.String()},
		FormFactor:     m.FormFactor,
		ProductionDate: stamp(m.Created), ActivationDate: stamp(m.Activated), LastUpdated: stamp(m.Updated),
		Batch: ref{ID: m.BatchID},
	}
	if m.EID != "" {
		j.EID = &m.EID
	}
	if m.EndpointID != 0 {
		j.Endpoint = &ref{ID: m.EndpointID, Name: m.EndpointName}
	}
	if m.OrgID != 0 {
		j.CustomerOrg = &ref{ID: m.OrgID}
	}
	return j
}

type batchJSON struct {
	ID         int64   `json:"id"`
	BIC        string  `json:"bic"`
	Name       string  `json:"name,omitempty"`
	Quantity   int     `json:"quantity"`
	Registered bool    `json:"activated"`
	Status     enum    `json:"status"`
	Created    *string `json:"created"`
	Customer   *ref    `json:"customer_org,omitempty"`
}

func batchShape(b store.Batch) batchJSON {
	j := batchJSON{ID: b.ID, BIC: b.BIC, Name: b.Name, Quantity: b.SIMCount, Registered: b.OrgID != 0, Created: stamp(b.Created),
		Status: enum{0, "Unregistered"}}
	if b.OrgID != 0 {
		j.Status = enum{1, "Registered"}
		j.Customer = &ref{ID: b.OrgID}
	}
	return j
}

// eventShape is an event as the API and the webhooks show it.
func eventShape(e store.Event) json.RawMessage {
	b, _ := json.Marshal(sqlstore.EventJSON(e))
	return b
}

type userJSON struct {
	ID      int64   `json:"id"`
	Email   string  `json:"username"`
	Name    string  `json:"name"`
	Role    enum    `json:"role"`
	MFA     bool    `json:"mfa"`
	Status  enum    `json:"status"`
	Created *string `json:"created"`
}

var roleIDs = map[string]int{"admin": 1, "operator": 2, "viewer": 3, "approver": 4}

func userShape(u store.User) userJSON {
	st := enum{1, "Active"}
	if u.Disabled {
		st = enum{2, "Disabled"}
	}
	return userJSON{ID: u.ID, Email: u.Email, Name: u.Name, Role: enum{roleIDs[u.Role], u.Role}, MFA: u.TOTPSecret != "", Status: st, Created: stamp(u.Created)}
}

type tokenJSON struct {
	ID          int64   `json:"id"`
	Description string  `json:"description"`
	User        ref     `json:"user"`
	Created     *string `json:"created"`
	Expires     *string `json:"expiry_date"`
	Revoked     *string `json:"revoked"`
	LastUsed    *string `json:"last_used"`
	Status      enum    `json:"status"`
}

func tokenShape(k store.Token) tokenJSON {
	st := enum{0, "Active"}
	if !k.Revoked.IsZero() {
		st = enum{1, "Revoked"}
	}
	return tokenJSON{ID: k.ID, Description: k.Description, User: ref{ID: k.UserID}, Created: stamp(k.Created),
		Expires: stamp(k.Expires), Revoked: stamp(k.Revoked), LastUsed: stamp(k.LastUsed), Status: st}
}

type auditJSON struct {
	ID         int64           `json:"id"`
	Timestamp  *string         `json:"timestamp"`
	User       ref             `json:"user"`
	TokenID    int64           `json:"token_id,omitempty"`
	Actor      string          `json:"actor"`
	IP         string          `json:"ip"`
	RequestID  string          `json:"request_id"`
	Action     string          `json:"action"`
	ObjectType string          `json:"object_type"`
	ObjectID   int64           `json:"object_id"`
	Before     json.RawMessage `json:"before"`
	After      json.RawMessage `json:"after"`
}

func auditShape(e store.AuditEntry) auditJSON {
	j := auditJSON{ID: e.ID, Timestamp: stamp(e.Time), User: ref{ID: e.UserID}, TokenID: e.TokenID, Actor: e.Actor, IP: e.IP,
		RequestID: e.RequestID, Action: e.Action, ObjectType: e.ObjectType, ObjectID: e.ObjectID, Before: e.Before, After: e.After}
	if j.Before == nil {
		j.Before = json.RawMessage("null")
	}
	if j.After == nil {
		j.After = json.RawMessage("null")
	}
	return j
}
