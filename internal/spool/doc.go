// Package spool is cellgate's durable store-and-forward queue: every reading
// is appended here before it is sent, and stays until the server has
// acknowledged it, across lost connections, crashes and power cuts.
//
// # Design
//
// The spool is a directory of segment files, each named after the first ID
// it may hold, plus a small ack log. Each record is an Entry: the data, the
// topic it is to be published to (empty for the default one), and the ID
// and time Append gave it. Records are only ever appended, to the
// newest (active) segment; when it reaches Options.SegmentSize a new one is
// started. Each record has its own header (length, CRC32C, ID, timestamp),
// so recovery can tell a whole record from a torn one without any index
// file. Nothing is rewritten in place: a segment is deleted, whole, once
// every record in it is acknowledged (or dropped by the MaxBytes/MaxAge
// policy). The active segment is never deleted, so the highest ID ever
// issued is always on disk and IDs are never reused.
//
// Group commit: Append encodes the record into the active segment's memory
// buffer and waits; one syncer goroutine writes every pending buffer with a
// single write per segment and a single fsync, then releases all the
// appenders of that batch. While one fsync runs the next batch accumulates,
// so throughput grows with the number of concurrent appenders instead of
// being bounded by fsyncs per second; Options.SyncDelay widens the window.
// Append returns only after its record's fsync (and the directory's, for a
// new segment). Read returns durable records only, so an ID a reader has
// seen can never vanish in a crash.
//
// Acknowledgements may come in any order (MQTT PUBACKs). Each is appended
// to the ack log as a 16-byte entry, which survives the process being killed
// and is fsynced with the next group commit or at Close; the log is
// compacted (atomically rewritten as "all IDs up to F" plus the acknowledged
// IDs above F) at Open and whenever it has doubled. Delivery is
// at-least-once: after a power cut, records whose ack had not yet been
// fsynced are delivered again. Consumers deduplicate by their own sequence
// number (internal/record's Sequencer), not by spool ID.
//
// # Recovery
//
// Open scans every segment and checks every record's CRC. A record that
// fails is either a torn tail or damage in the middle: recovery searches the
// rest of the segment byte by byte for the next header whose CRC is good and
// whose ID is above the last good one. If it finds one, the damaged stretch
// is skipped and counted in Stats.CorruptRecords (one per stretch; the file
// keeps it, so each Open counts it again until the segment is deleted) and
// every later record is kept: one flipped bit must not cost a month of
// readings. If it finds none, the rest of the file is a torn tail: it is
// cut (truncated) and its size added to Stats.TornBytesCut. Damage in the
// very last record of the last segment is therefore indistinguishable from,
// and handled as, a torn tail. A segment file with a wrong magic, version or
// first ID stops Open with an error wrapping ErrBadSegment and naming the
// file: a newer format is never silently misread or deleted. Segments of
// format version 1, written before entries had a topic, are read as ever
// (a routed entry's topic recovered from the mark its data carried then);
// new records go to segments of version 2.
//
// # Failure
//
// A write or fsync error (a full or failing flash) fails the spool: that
// batch's appenders, and every Append after them, get an error wrapping
// ErrFailed and the cause, and nothing more is written. Read, Ack and Stats
// go on serving the durable records. The first Append at least
// Options.RetryInterval after the failure tries to recover: it re-runs
// Open's recovery on the directory into a fresh index with fresh files,
// and if that works, the spool swaps them in, closes its old files and
// goes on with the Append; like Open, it holds the spool's lock meanwhile.
// If recovery fails the old index stays, the spool stays failed and the
// interval doubles, up to Options.MaxRetryInterval. Stats.WriteFailures and
// Stats.Recoveries count both transitions.
//
// The disk is the truth again, but only up to the last durable ID: bytes
// after it are from batches that failed, none of them reported stored, and
// after a failed fsync the page cache says nothing about the disk. So they
// are cut like a torn tail and never delivered. Which records are
// acknowledged comes from memory, which has every acknowledgement the log
// has; the log is then rewritten from it. New IDs go on above every ID
// issued before, so no reader's cursor skips a record.
//
// # Bounds
//
// MaxBytes bounds the segment files. Under DropOldest the oldest segment is
// deleted (its unacknowledged records counted in Stats.Dropped) when an
// append would exceed it; under Refuse, Append returns ErrFull. SegmentSize
// is lowered to MaxBytes/4 so dropping always has a whole sealed segment to
// delete. MaxAge drops unacknowledged records older than it, checked on
// Append, Read and Stats.
//
// # Lock and modes
//
// One Spool at a time may have a directory open: Open takes an exclusive
// flock(2) on the file "lock" in it and Close releases it; another Open,
// in this process or another, fails with a *LockedError naming the
// directory and the holder's PID. The kernel drops the lock when its
// holder exits, even by SIGKILL, so a crashed daemon leaves nothing to
// clean up. (Where flock is missing the lock is not enforced.)
//
// The records are the site's readings: the directory is created 0700 and
// every file 0600, whatever the umask. Open also takes group and other
// permissions off the directory it is given and its files, which an
// older version created 0755 and 0644; the directories above it are
// only created, never changed.
//
// # Why not a library
//
// go.etcd.io/bbolt (v1.5.0) is a copy-on-write B+tree: each commit rewrites
// the touched tree pages and a meta page at scattered offsets (write
// amplification on flash), the file never shrinks after deletes, and
// concurrent writers only share a commit through Batch, which may re-run
// their functions. github.com/tidwall/wal (v1.2.1) is an append-only segment
// log close to this design, but its entries carry a length and no checksum,
// a damaged log reports ErrCorrupt rather than cutting the torn tail,
// TruncateFront copies the rest of the first kept segment into a new file
// (a rewrite), only a prefix can be released (no out-of-order
// acknowledgement), and writers from different goroutines do not share an
// fsync. The format here is a few hundred lines of standard library,
// strictly sequential on flash, with group commit and crash semantics it
// owns and tests.
package spool
