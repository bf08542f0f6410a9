package modem

import (
	"time"

	"github.com/cellgate/cellgate/internal/gsm"
)

// State is where the manager is in bring-up and upkeep.
type State string

const (
	StateProbing     State = "probing"     // waiting for the module to answer AT
	StateIdentifying State = "identifying" // reading identity
	StateSIM         State = "sim"         // unlocking the SIM
	StateSIMError    State = "sim-error"   // stopped: PIN wrong, last try, PUK needed, no SIM
	StateRegistering State = "registering" // radio on, waiting for the network
	StateConnecting  State = "connecting"  // registered, bringing the bearer up
	StateOnline      State = "online"      // registered, bearer up (or no bearer wanted)
	StateUnavailable State = "unavailable" // the AT engine deems the module absent
)

// Registration is the module's place in the network.
type Registration struct {
	Stat     gsm.RegStat `json:"stat"`
	State    string      `json:"state"` // Stat in words
	Domain   string      `json:"domain,omitempty"`
	RAT      string      `json:"rat,omitempty"`
	PLMN     string      `json:"plmn,omitempty"`
	Operator string      `json:"operator,omitempty"`
	LAC      string      `json:"lac,omitempty"` // LAC or TAC
	CI       string      `json:"ci,omitempty"`
	Roaming  bool        `json:"roaming"`
	Cause    int         `json:"reject_cause,omitempty"`
	Manual   bool        `json:"manual_selection"`
}

// Bearer is the data connection.
type Bearer struct {
	Up          bool       `json:"up"`
	Method      DataMethod `json:"method,omitempty"`
	APN         string     `json:"apn,omitempty"`
	IP          string     `json:"ip,omitempty"`
	DNS         []string   `json:"dns,omitempty"`
	RejectCause int        `json:"reject_cause,omitempty"`
	Reject      string     `json:"reject,omitempty"`
	Since       time.Time  `json:"since,omitzero"`
}

// PowerSaving is what the network granted for PSM and eDRX.
type PowerSaving struct {
	PSM       bool          `json:"psm"`
	TAU       time.Duration `json:"tau,omitempty"`
	Active    time.Duration `json:"active_time,omitempty"`
	EDRX      bool          `json:"edrx"`
	EDRXCycle time.Duration `json:"edrx_cycle,omitempty"`
	PTW       time.Duration `json:"paging_time_window,omitempty"`
}

// Status is a snapshot of the module as the manager knows it.
type Status struct {
	State        State        `json:"state"`
	Driver       string       `json:"driver,omitempty"`
	Manufacturer string       `json:"manufacturer,omitempty"`
	Model        string       `json:"model,omitempty"`
	Firmware     string       `json:"firmware,omitempty"`
	IMEI         string       `json:"imei,omitempty"`
	ICCID        string       `json:"iccid,omitempty"`
	IMSI         string       `json:"imsi,omitempty"`
	MSISDN       string       `json:"msisdn,omitempty"`
	SIM          gsm.SIMState `json:"sim,omitempty"`
	PINLeft      int          `json:"pin_left"`
	PUKLeft      int          `json:"puk_left"`
	Registration Registration `json:"registration"`
	Signal       gsm.Signal   `json:"signal"`
	Bearer       Bearer       `json:"bearer"`
	Power        PowerSaving  `json:"power_saving"`
	FPLMN        []string     `json:"fplmn,omitempty"`
	LastError    string       `json:"last_error,omitempty"`
	Restarts     int          `json:"restarts"`
	Updated      time.Time    `json:"updated"`
}

// EventKind names what happened.
type EventKind string

const (
	EventState       EventKind = "state"        // the manager's State changed
	EventRegistered  EventKind = "registered"   // registered (home or roaming)
	EventLost        EventKind = "lost"         // registration lost
	EventRoaming     EventKind = "roaming"      // registered while roaming
	EventDenied      EventKind = "denied"       // registration denied, with cause
	EventSignal      EventKind = "signal"       // signal changed by at least one bar
	EventSIMError    EventKind = "sim-error"    // SIM missing, PIN wrong, PUK required
	EventRestarted   EventKind = "restarted"    // the module restarted
	EventJammed      EventKind = "jammed"       // jamming detected
	EventBearerUp    EventKind = "bearer-up"    // data bearer up
	EventBearerDown  EventKind = "bearer-down"  // data bearer lost
	EventPDPRejected EventKind = "pdp-rejected" // PDP activation rejected, with cause
	EventOperator    EventKind = "operator"     // operator selection changed (fallback, blacklist)
)

// Event is one thing the manager noticed or did.
type Event struct {
	Kind   EventKind `json:"kind"`
	Time   time.Time `json:"time"`
	Detail string    `json:"detail"`
	Cause  int       `json:"cause,omitempty"`
}
