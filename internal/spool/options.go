package spool

import (
	"errors"
	"time"
)

// Policy says what Append does when the spool has reached Options.MaxBytes.
type Policy int

const (
	// DropOldest deletes the oldest whole segment, acknowledged or not, to
	// make room; its unacknowledged records are counted in Stats.Dropped.
	DropOldest Policy = iota
	// Refuse makes Append return ErrFull until acknowledgements free a
	// segment; refusals are counted in Stats.Refused.
	Refuse
)

// Defaults. 64 MiB keep about two years of the Titan AN32 job: every 10
// minutes one record per PLC, 466 and 119 bytes with five-digit values
// (record.FormatTitan), 633 bytes with their two 24-byte headers, so about
// 89 KiB a day and 64 MiB in some 730 days; 8 MiB segments each hold
// about three months of it.
const (
	DefaultSegmentSize = 8 << 20
	DefaultMaxBytes    = 64 << 20
	// A failed spool first retries after DefaultRetryInterval, then after
	// twice as long each time, up to DefaultMaxRetryInterval.
	DefaultRetryInterval    = 10 * time.Second
	DefaultMaxRetryInterval = 5 * time.Minute
	// MaxRecordSize bounds one record's data (and the segment size bounds
	// it further: a record never spans segments).
	MaxRecordSize = 1 << 20

	minSegmentSize = 1 << 10
	maxSegmentSize = 1 << 30
)

// Options configure a Spool. The zero value is usable.
type Options struct {
	// SegmentSize is the size at which the active segment file is sealed
	// and a new one started (default 8 MiB). It is lowered to MaxBytes/4
	// so that DropOldest always has a sealed segment to drop.
	SegmentSize int64
	// MaxBytes bounds the segment files on disk (default 64 MiB; negative:
	// unbounded).
	MaxBytes int64
	// MaxAge drops unacknowledged records older than this (by their
	// append-time wall clock), counted in Stats.Dropped. Zero keeps records
	// regardless of age: a gateway without a real-time clock may boot in
	// 1970 and jump forward at its first NTP sync, which would make every
	// record look ancient.
	MaxAge time.Duration
	// Policy applies when MaxBytes is reached (default DropOldest).
	Policy Policy
	// SyncDelay is the group-commit window: the syncer waits this long
	// after the first pending append before it writes and fsyncs the
	// batch. Zero syncs as soon as the previous fsync has ended, which
	// already batches every append that arrived during it.
	SyncDelay time.Duration
	// RetryInterval is how long the spool stays failed after a write or
	// fsync error before an Append tries to recover it (default 10 s).
	// Each failed attempt doubles it, up to MaxRetryInterval (default
	// 5 min).
	RetryInterval    time.Duration
	MaxRetryInterval time.Duration

	hooks *hooks // tests only
}

func (o Options) withDefaults() Options {
	if o.SegmentSize == 0 {
		o.SegmentSize = DefaultSegmentSize
	}
	if o.MaxBytes == 0 {
		o.MaxBytes = DefaultMaxBytes
	}
	if o.MaxBytes > 0 && o.SegmentSize > o.MaxBytes/4 {
		o.SegmentSize = o.MaxBytes / 4
	}
	o.SegmentSize = min(max(o.SegmentSize, minSegmentSize), maxSegmentSize)
	if o.RetryInterval <= 0 {
		o.RetryInterval = DefaultRetryInterval
	}
	if o.MaxRetryInterval <= 0 {
		o.MaxRetryInterval = DefaultMaxRetryInterval
	}
	o.MaxRetryInterval = max(o.MaxRetryInterval, o.RetryInterval)
	return o
}

// maxData is the largest record data a segment of this size can hold.
func (o Options) maxData() int {
	return int(min(MaxRecordSize, o.SegmentSize-segHeaderSize-recHeaderSize))
}

// Errors.
var (
	// ErrFull is returned by Append under the Refuse policy when MaxBytes
	// is reached.
	ErrFull = errors.New("spool: full")
	// ErrTooLarge is returned by Append and AppendTo for data larger than
	// the limit, or a topic longer than MQTT allows (65,535 bytes).
	ErrTooLarge = errors.New("spool: record too large")
	// ErrClosed is returned after Close.
	ErrClosed = errors.New("spool: closed")
	// ErrNotFound is returned by Ack for an ID that was never durably
	// appended.
	ErrNotFound = errors.New("spool: no such record")
	// ErrBadSegment is wrapped by Open's error for a segment file that is
	// not a spool segment of a version this code reads.
	ErrBadSegment = errors.New("spool: bad segment file")
	// ErrFailed is wrapped, with its cause, by Append's error after a write
	// or fsync error, until the spool has recovered (see the package
	// documentation).
	ErrFailed = errors.New("spool: storage failed")
	// ErrLocked is wrapped by Open's error when another Spool, in this
	// process or another, has the directory open.
	ErrLocked = errors.New("spool: directory in use")
)
