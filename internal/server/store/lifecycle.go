package store

import "fmt"

// SIMStatus is where a SIM is in its life cycle. The numbers are emnify's
// status ids, so API clients written for emnify read them unchanged.
type SIMStatus int

// The SIM states.
const (
	SIMIssued      SIMStatus = 0
	SIMActivated   SIMStatus = 1
	SIMSuspended   SIMStatus = 2
	SIMDeleted     SIMStatus = 3
	SIMFactoryTest SIMStatus = 4
)

var simStatusNames = [...]string{"Issued", "Activated", "Suspended", "Deleted", "Factory Test"}

// String is the status's description, as emnify spells it.
func (s SIMStatus) String() string {
	if s.Valid() {
		return simStatusNames[s]
	}
	return fmt.Sprintf("SIMStatus(%d)", int(s))
}

// Valid says whether s is one of the defined states.
func (s SIMStatus) Valid() bool { return s >= 0 && int(s) < len(simStatusNames) }

// CanBecome says whether a SIM may move from s to t. The allowed moves are
// Issued → Activated | Factory Test, Factory Test → Activated,
// Activated ⇄ Suspended, and any state but Deleted → Deleted. Deleting an
// assigned SIM is refused by the store, not here: it depends on more than
// the state. Staying in the same state is not a move.
func (s SIMStatus) CanBecome(t SIMStatus) bool {
	if !s.Valid() || !t.Valid() || s == SIMDeleted {
		return false
	}
	switch t {
	case SIMDeleted:
		return true
	case SIMActivated:
		return s == SIMIssued || s == SIMFactoryTest || s == SIMSuspended
	case SIMFactoryTest:
		return s == SIMIssued
	case SIMSuspended:
		return s == SIMActivated
	}
	return false
}

// Transitions lists the states s may move to, for error messages.
func (s SIMStatus) Transitions() []SIMStatus {
	var out []SIMStatus
	for t := range SIMStatus(len(simStatusNames)) {
		if s.CanBecome(t) {
			out = append(out, t)
		}
	}
	return out
}

// EndpointStatus is an endpoint's administrative state (emnify's ids).
type EndpointStatus int

// The endpoint states.
const (
	EndpointEnabled  EndpointStatus = 0
	EndpointDisabled EndpointStatus = 1
	EndpointDeleted  EndpointStatus = 2
)

var endpointStatusNames = [...]string{"Enabled", "Disabled", "Deleted"}

// String is the status's description.
func (s EndpointStatus) String() string {
	if s.Valid() {
		return endpointStatusNames[s]
	}
	return fmt.Sprintf("EndpointStatus(%d)", int(s))
}

// Valid says whether s is one of the defined states.
func (s EndpointStatus) Valid() bool { return s >= 0 && int(s) < len(endpointStatusNames) }

// Settable says whether a client may set s directly: Deleted is reached
// only by deleting the endpoint.
func (s EndpointStatus) Settable() bool { return s == EndpointEnabled || s == EndpointDisabled }
