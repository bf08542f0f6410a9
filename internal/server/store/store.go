package store

import (
	"context"
	"time"
)

// Store is the platform's persistence. Reads and writes are scoped to an
// organisation: an id from another organisation is not found. Methods that
// change state take the Actor, and write the change, its audit entry, its
// events and their webhook deliveries in one transaction. Implementations
// are safe for concurrent use, by several processes sharing one database.
type Store interface {
	Ping(ctx context.Context) error
	Close() error

	OrgStore
	SIMStore
	EndpointStore
	ProfileStore
	EventStore
	OutboxStore
}

// OrgStore keeps organisations, users, application tokens and the audit log.
type OrgStore interface {
	CreateOrg(ctx context.Context, a Actor, name string) (Org, error)
	Org(ctx context.Context, id int64) (Org, error)
	OrgByName(ctx context.Context, name string) (Org, error)

	CreateUser(ctx context.Context, a Actor, u User) (User, error)
	User(ctx context.Context, org, id int64) (User, error)
	UserByEmail(ctx context.Context, email string) (User, error)
	ListUsers(ctx context.Context, org int64, q ListQuery) ([]User, int, error)
	UpdateUser(ctx context.Context, a Actor, u User) (User, error)
	// UseTOTPStep records step as used if it is later than the last used
	// one, and says whether it was: a code is accepted once.
	UseTOTPStep(ctx context.Context, user, step int64) (bool, error)

	CreateToken(ctx context.Context, a Actor, t Token) (Token, error)
	Token(ctx context.Context, id int64) (Token, error)
	TokenByHash(ctx context.Context, hash string) (Token, error)
	ListTokens(ctx context.Context, org int64, q ListQuery) ([]Token, int, error)
	RevokeToken(ctx context.Context, a Actor, org, id int64) error
	TouchToken(ctx context.Context, id int64, at time.Time) error

	ListAudit(ctx context.Context, org int64, q ListQuery) ([]AuditEntry, int, error)
}

// SIMUpdate is a partial change to a SIM: nil fields stay as they are.
type SIMUpdate struct {
	Status *SIMStatus
	MSISDN *string
}

// SIMStore keeps SIM batches and SIMs.
type SIMStore interface {
	// ImportBatch stores a delivered batch and its SIMs as Issued, all or
	// nothing; a duplicate BIC or ICCID is a conflict naming it.
	ImportBatch(ctx context.Context, a Actor, b Batch, sims []SIM) (Batch, error)
	// BatchByBIC returns a batch that is unregistered or registered to org.
	BatchByBIC(ctx context.Context, org int64, bic string) (Batch, error)
	// RegisterBatch gives an unregistered batch's SIMs to org, moving each
	// to status (Activated or Factory Test).
	RegisterBatch(ctx context.Context, a Actor, bic string, status SIMStatus) (Batch, error)
	SIM(ctx context.Context, org, id int64) (SIM, error)
	SIMByICCID(ctx context.Context, org int64, iccid string) (SIM, error)
	ListSIMs(ctx context.Context, org int64, q ListQuery) ([]SIM, int, error)
	UpdateSIM(ctx context.Context, a Actor, id int64, u SIMUpdate) (SIM, error)
}

// EndpointUpdate is a partial change to an endpoint: nil fields stay.
// SIMID set to 0 releases the SIM.
type EndpointUpdate struct {
	Name             *string
	Tags             *string
	IMEI             *string
	IMEILock         *bool
	Status           *EndpointStatus
	SIMID            *int64
	ServiceProfileID *int64
	TariffProfileID  *int64
	IPAddress        *string
}

// EndpointStore keeps endpoints, their quotas and operator blacklists.
type EndpointStore interface {
	// CreateEndpoints creates every endpoint or none.
	CreateEndpoints(ctx context.Context, a Actor, es []Endpoint) ([]Endpoint, error)
	Endpoint(ctx context.Context, org, id int64) (Endpoint, error)
	ListEndpoints(ctx context.Context, org int64, q ListQuery) ([]Endpoint, int, error)
	// UpdateEndpoints applies every update or none; ids[i] gets us[i].
	UpdateEndpoints(ctx context.Context, a Actor, ids []int64, us []EndpointUpdate) ([]Endpoint, error)
	// DeleteEndpoint refuses while a SIM is assigned.
	DeleteEndpoint(ctx context.Context, a Actor, id int64) error

	SetQuota(ctx context.Context, a Actor, q Quota) (Quota, error)
	Quota(ctx context.Context, org, endpoint int64, kind QuotaKind) (Quota, error)
	DeleteQuota(ctx context.Context, a Actor, endpoint int64, kind QuotaKind) error

	Operators(ctx context.Context) ([]Operator, error)
	Blacklist(ctx context.Context, org, endpoint int64) ([]Operator, error)
	SetBlacklisted(ctx context.Context, a Actor, endpoint, operator int64, on bool) error
}

// ProfileStore keeps service and tariff profiles and API callbacks.
type ProfileStore interface {
	CreateServiceProfile(ctx context.Context, a Actor, p ServiceProfile) (ServiceProfile, error)
	ServiceProfile(ctx context.Context, org, id int64) (ServiceProfile, error)
	ListServiceProfiles(ctx context.Context, org int64, q ListQuery) ([]ServiceProfile, int, error)
	UpdateServiceProfile(ctx context.Context, a Actor, p ServiceProfile) (ServiceProfile, error)
	// ProfileUse counts, for each of the service (kind "service_profile")
	// or tariff ("tariff_profile") profiles ids, the endpoints of org that
	// use it; a profile no endpoint uses is left out.
	ProfileUse(ctx context.Context, org int64, kind string, ids []int64) (map[int64]int, error)
	// DeleteServiceProfile refuses while an endpoint uses it.
	DeleteServiceProfile(ctx context.Context, a Actor, id int64) error

	CreateTariffProfile(ctx context.Context, a Actor, p TariffProfile) (TariffProfile, error)
	TariffProfile(ctx context.Context, org, id int64) (TariffProfile, error)
	ListTariffProfiles(ctx context.Context, org int64, q ListQuery) ([]TariffProfile, int, error)
	UpdateTariffProfile(ctx context.Context, a Actor, p TariffProfile) (TariffProfile, error)
	DeleteTariffProfile(ctx context.Context, a Actor, id int64) error

	CreateCallback(ctx context.Context, a Actor, c Callback) (Callback, error)
	Callback(ctx context.Context, org, id int64) (Callback, error)
	ListCallbacks(ctx context.Context, org int64, q ListQuery) ([]Callback, int, error)
	DeleteCallback(ctx context.Context, a Actor, id int64) error
}

// EventStore keeps events.
type EventStore interface {
	// AddEvent records an event that did not come from a store change
	// (a failed login, a device report), with its webhook deliveries.
	AddEvent(ctx context.Context, e Event) (Event, error)
	ListEvents(ctx context.Context, org int64, q ListQuery) ([]Event, int, error)
}

// OutboxStore hands webhook deliveries to dispatchers. A delivery is
// claimed with a lease, so two replicas never send it at once and a
// crashed replica's claim runs out and the delivery is sent again. The
// outcome of a delivery is recorded only under the claim it was sent
// with: a late outcome from a replica whose lease ran out is refused with
// ErrClaimLost and changes nothing.
type OutboxStore interface {
	ClaimDeliveries(ctx context.Context, now time.Time, lease time.Duration, limit int) ([]Delivery, error)
	DeliverySucceeded(ctx context.Context, id int64, claim string, at time.Time) error
	DeliveryFailed(ctx context.Context, id int64, claim string, next time.Time, attempts int, lastErr string) error
	DeliveryAbandoned(ctx context.Context, id int64, claim string, attempts int, lastErr string) error
}
