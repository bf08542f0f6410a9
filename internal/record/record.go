// Package record is the model of a reading on its way to the server and its
// encoders: the Titan router's logger record, as unquoted text (what Titan
// servers parse) or strict JSON, and cellgate's typed JSON record. Every
// JSON record carries the device (IMEI), a per-device sequence number that
// survives restarts (Sequencer), a UTC timestamp and a type, so that the
// server can drop duplicates by (device, seq).
package record

import (
	"encoding/json"
	"errors"
	"fmt"
	"time"
)

// Record is a reading in cellgate's JSON form.
type Record struct {
	// Device is the gateway's IMEI.
	Device string `json:"device"`
	// Seq is the device's sequence number (Sequencer).
	Seq uint64 `json:"seq"`
	// TS is when the reading was taken; it is encoded in RFC 3339, UTC.
	TS time.Time `json:"ts"`
	// Type is the kind of reading, such as "modbus".
	Type string `json:"type"`
	// Source names what was read, such as a PLC.
	Source string  `json:"source,omitempty"`
	Values []Value `json:"values,omitempty"`
}

// Value is one named reading. Value holds what encoding/json encodes; after
// decoding, numbers are float64.
type Value struct {
	Name  string   `json:"name"`
	Value any      `json:"value"`
	Unit  string   `json:"unit,omitempty"`
	Raw   []uint16 `json:"raw,omitempty"`
}

// ErrInvalid is wrapped by the errors of records that lack a required field.
var ErrInvalid = errors.New("invalid record")

// Validate reports a record without device, type or timestamp.
func (r Record) Validate() error {
	switch {
	case r.Device == "":
		return fmt.Errorf("%w: no device", ErrInvalid)
	case r.Type == "":
		return fmt.Errorf("%w: no type", ErrInvalid)
	case r.TS.IsZero():
		return fmt.Errorf("%w: no timestamp", ErrInvalid)
	}
	return nil
}

// MarshalJSON encodes a valid record with its timestamp in UTC.
func (r Record) MarshalJSON() ([]byte, error) {
	if err := r.Validate(); err != nil {
		return nil, err
	}
	type plain Record
	p := plain(r)
	p.TS = r.TS.UTC()
	return json.Marshal(p)
}

// UnmarshalJSON decodes a record and checks its required fields.
func (r *Record) UnmarshalJSON(b []byte) error {
	type plain Record
	var p plain
	if err := json.Unmarshal(b, &p); err != nil {
		return err
	}
	if err := Record(p).Validate(); err != nil {
		return err
	}
	*r = Record(p)
	return nil
}
