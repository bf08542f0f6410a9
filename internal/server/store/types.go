package store

import (
	"encoding/json"
	"time"
)

// Org is an organisation: the owner of SIMs, endpoints and users. Every
// row but operators and unregistered batches belongs to one.
type Org struct {
	ID      int64
	Name    string
	Created time.Time
}

// Actor is who asked for a change: it is written to the audit log with the
// change. UserID is 0 for the system itself (migrations, the command line).
type Actor struct {
	OrgID     int64
	UserID    int64
	TokenID   int64 // the application token used, if any
	Name      string
	IP        string
	RequestID string
}

// Batch is a set of SIMs delivered together and registered with one Batch
// Identification Code. OrgID is 0 until an organisation registers it.
type Batch struct {
	ID         int64
	BIC        string
	Name       string
	OrgID      int64
	Created    time.Time
	Registered time.Time // zero until registered
	SIMCount   int
}

// SIM is a SIM card or eUICC. The PIN and PUK values are sealed by the
// caller (package sealbox) before they reach the store and are never part
// of an API response.
type SIM struct {
	ID           int64
	OrgID        int64 // 0 while its batch is unregistered
	BatchID      int64
	ICCID        string
	IMSI         string
	MSISDN       string
	EID          string
	FormFactor   string
	Status       SIMStatus
	EndpointID   int64 // 0 when not assigned
	EndpointName string
	Created      time.Time
	Activated    time.Time
	Updated      time.Time
	Version      int64
	Secrets      SIMSecrets `json:"-"`
}

// SIMSecrets are a SIM's PINs and PUKs, each sealed (encrypted) or "".
type SIMSecrets struct {
	PIN1, PIN2, PUK1, PUK2 string
}

// Endpoint is a device with its SIM and the policies the network applies
// to it.
type Endpoint struct {
	ID               int64
	OrgID            int64
	Name             string
	Tags             string
	IMEI             string
	IMEILock         bool
	Status           EndpointStatus
	SIMID            int64 // 0 when none
	ServiceProfileID int64
	TariffProfileID  int64
	IPAddress        string
	Created          time.Time
	Updated          time.Time
	Version          int64
}

// RAT is a radio access technology a service profile may allow.
type RAT string

// The radio access technologies.
const (
	RAT2G    RAT = "2G"
	RAT3G    RAT = "3G"
	RAT4G    RAT = "4G"
	RATNBIoT RAT = "NB-IoT"
	RATLTEM  RAT = "LTE-M"
)

// RATs is every RAT, in the order lists show them.
var RATs = []RAT{RAT2G, RAT3G, RAT4G, RATNBIoT, RATLTEM}

// ServiceProfile is what an endpoint may do on the network.
type ServiceProfile struct {
	ID             int64
	OrgID          int64
	Name           string
	Description    string
	AllowedRATs    []RAT
	SMSMO          bool
	SMSMT          bool
	Data           bool
	DNS            string // resolver addresses, comma separated; "" for the network's
	BreakoutRegion string
	APICallbackID  int64 // 0 for none
	Created        time.Time
	Updated        time.Time
}

// TariffProfile is where an endpoint may roam and at what rates.
type TariffProfile struct {
	ID               int64
	OrgID            int64
	Name             string
	Description      string
	AllowedCountries []string // ISO 3166 alpha-2; empty allows all
	AllowedOperators []int64  // operator ids; empty allows all
	RateZones        json.RawMessage
	Created          time.Time
	Updated          time.Time
}

// Operator is a mobile network operator an endpoint may be kept off.
type Operator struct {
	ID      int64
	Name    string
	Country string // ISO 3166 alpha-2
	MCCMNC  []string
}

// QuotaKind says what a quota counts.
type QuotaKind string

// The quota kinds.
const (
	QuotaData QuotaKind = "data" // volume in MB
	QuotaSMS  QuotaKind = "sms"  // volume in messages
)

// QuotaStatus is emnify's quota status.
type QuotaStatus int

// The quota states.
const (
	QuotaActive    QuotaStatus = 1
	QuotaExhausted QuotaStatus = 2
	QuotaExpired   QuotaStatus = 3
)

// QuotaAction is what the network does when a quota is used up.
type QuotaAction int

// The exhaustion actions (emnify's ids).
const (
	QuotaBlock    QuotaAction = 1
	QuotaThrottle QuotaAction = 2
)

// Quota is a prepaid allowance of data or SMS for one endpoint.
type Quota struct {
	EndpointID          int64
	Kind                QuotaKind
	Status              QuotaStatus
	Volume              float64 // MB or messages
	Used                float64
	Expiry              time.Time
	ThresholdPercentage int
	Action              QuotaAction
	PeakThroughput      int // bit/s when throttled; 0 otherwise
	AutoRefill          bool
	Updated             time.Time
}

// Event is something that happened to a SIM or an endpoint, in emnify's
// shape. Type, Source and Severity are emnify's ids.
type Event struct {
	ID          int64
	OrgID       int64
	Time        time.Time
	Alert       bool
	Description string
	Type        EventType
	Source      EventSource
	Severity    EventSeverity
	EndpointID  int64
	SIMID       int64
	IMSI        string
	UserID      int64
	Detail      json.RawMessage
}

// User is a person who signs in to the platform.
type User struct {
	ID           int64
	OrgID        int64
	Email        string
	Name         string
	PasswordHash string `json:"-"`
	Role         string
	TOTPSecret   string `json:"-"` // sealed; "" until MFA is set up
	TOTPLastStep int64  // the last time step accepted, against replays
	Disabled     bool
	Created      time.Time
	Updated      time.Time
}

// Token is an application token. Only its hash is stored.
type Token struct {
	ID          int64
	OrgID       int64
	UserID      int64
	Description string
	Hash        string `json:"-"`
	Created     time.Time
	Expires     time.Time // zero for no expiry
	Revoked     time.Time // zero while valid
	LastUsed    time.Time
}

// AuditEntry is one state-changing call: who, what, before and after.
type AuditEntry struct {
	ID         int64
	OrgID      int64
	Time       time.Time
	UserID     int64
	TokenID    int64
	Actor      string
	IP         string
	RequestID  string
	Action     string // "sim.update", "endpoint.create", ...
	ObjectType string
	ObjectID   int64
	Before     json.RawMessage
	After      json.RawMessage
}

// Callback is a webhook target (emnify's api_callback).
type Callback struct {
	ID      int64
	OrgID   int64
	URL     string
	Purpose string
	Secret  string `json:"-"` // sealed HMAC secret
	Created time.Time
}

// Delivery is one event waiting to be POSTed to one callback.
type Delivery struct {
	ID         int64
	CallbackID int64
	EventID    int64
	URL        string
	Secret     string `json:"-"` // sealed
	Payload    []byte
	Attempts   int
	NextAt     time.Time
	LastError  string
	Claim      string // the lease this delivery was claimed under
}
