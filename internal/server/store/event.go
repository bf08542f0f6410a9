package store

import "fmt"

// EventType classifies an event. Ids 0-19 are emnify's, so that clients
// filtering on them keep working; the platform's own start at 100.
type EventType int

// The event types the platform writes.
const (
	EventGeneric            EventType = 0
	EventUpdateLocation     EventType = 1
	EventUpdateGPRSLocation EventType = 2
	EventCreatePDPContext   EventType = 3
	EventUpdatePDPContext   EventType = 4
	EventDeletePDPContext   EventType = 5
	EventUserAuthFailed     EventType = 6
	EventAppAuthFailed      EventType = 7
	EventSIMActivation      EventType = 8
	EventSIMSuspension      EventType = 9
	EventSIMDeletion        EventType = 10
	EventEndpointBlocked    EventType = 11
	EventMFA                EventType = 14
	EventThresholdReached   EventType = 18
	EventQuotaUsedUp        EventType = 19

	EventSIMRegistration EventType = 100
	EventSIMAssigned     EventType = 101
	EventSIMReleased     EventType = 102
	EventSIMFactoryTest  EventType = 103
	EventEndpointCreated EventType = 110
	EventEndpointUpdated EventType = 111
	EventEndpointDeleted EventType = 112
	EventEndpointEnabled EventType = 113
	EventIMEIMismatch    EventType = 114
	EventQuotaChanged    EventType = 120
)

var eventTypeNames = map[EventType]string{
	EventGeneric:            "Generic",
	EventUpdateLocation:     "Update location",
	EventUpdateGPRSLocation: "Update GPRS location",
	EventCreatePDPContext:   "Create PDP Context",
	EventUpdatePDPContext:   "Update PDP Context",
	EventDeletePDPContext:   "Delete PDP Context",
	EventUserAuthFailed:     "User authentication failed",
	EventAppAuthFailed:      "Application authentication failed",
	EventSIMActivation:      "SIM activation",
	EventSIMSuspension:      "SIM suspension",
	EventSIMDeletion:        "SIM deletion",
	EventEndpointBlocked:    "Endpoint blocked",
	EventMFA:                "Multi-factor Authentication",
	EventThresholdReached:   "Threshold reached",
	EventQuotaUsedUp:        "Quota used up",
	EventSIMRegistration:    "SIM registration",
	EventSIMAssigned:        "SIM assigned",
	EventSIMReleased:        "SIM released",
	EventSIMFactoryTest:     "SIM factory test",
	EventEndpointCreated:    "Endpoint created",
	EventEndpointUpdated:    "Endpoint updated",
	EventEndpointDeleted:    "Endpoint deleted",
	EventEndpointEnabled:    "Endpoint enabled",
	EventIMEIMismatch:       "IMEI mismatch",
	EventQuotaChanged:       "Quota changed",
}

// String is the type's description.
func (t EventType) String() string {
	if s, ok := eventTypeNames[t]; ok {
		return s
	}
	return fmt.Sprintf("EventType(%d)", int(t))
}

// EventTypes lists every known type in id order, for /event/type.
func EventTypes() []EventType {
	out := make([]EventType, 0, len(eventTypeNames))
	for t := range EventType(200) {
		if _, ok := eventTypeNames[t]; ok {
			out = append(out, t)
		}
	}
	return out
}

// EventSource says where an event came from (emnify's ids).
type EventSource int

// The event sources.
const (
	SourceNetwork EventSource = 0
	SourcePolicy  EventSource = 1
	SourceAPI     EventSource = 2
	SourceDevice  EventSource = 3 // reported by a cellgate router
)

// String is the source's description.
func (s EventSource) String() string {
	switch s {
	case SourceNetwork:
		return "Network"
	case SourcePolicy:
		return "Policy"
	case SourceAPI:
		return "API"
	case SourceDevice:
		return "Device"
	}
	return fmt.Sprintf("EventSource(%d)", int(s))
}

// EventSeverity is how much an event matters (emnify's ids).
type EventSeverity int

// The severities.
const (
	SeverityInfo     EventSeverity = 0
	SeverityWarn     EventSeverity = 1
	SeverityCritical EventSeverity = 2
)

// String is the severity's description.
func (s EventSeverity) String() string {
	switch s {
	case SeverityInfo:
		return "Info"
	case SeverityWarn:
		return "Warn"
	case SeverityCritical:
		return "Critical"
	}
	return fmt.Sprintf("EventSeverity(%d)", int(s))
}
