package spool

import "time"

// Entry is one record in the spool: what was appended, with the ID and
// time Append gave it.
type Entry struct {
	ID   uint64    // assigned by Append, increasing, never reused
	Time time.Time // wall clock at Append
	// Topic is where the entry is to be published, as the appender named
	// it (a template such as "[IMEI]/events"); empty for the consumer's
	// default (the logger topic).
	Topic string
	Data  []byte
}
