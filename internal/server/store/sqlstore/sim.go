package sqlstore

import (
	"context"
	"database/sql"
	"fmt"
	"strings"

	"github.com/cellgate/cellgate/internal/server/store"
)

// SIMFields are what a SIM list may filter and sort on.
var SIMFields = store.Fields{
	{Name: "id", Column: "s.id", Number: true, Filter: true, Sort: true, Unique: true},
	{Name: "status", Column: "s.status", Number: true, Filter: true, Sort: true},
	{Name: "iccid", Column: "s.iccid", Match: store.MatchPrefix, Filter: true, Sort: true, Unique: true},
	{Name: "imsi", Column: "s.imsi", Match: store.MatchPrefix, Filter: true, Sort: true},
	{Name: "msisdn", Column: "s.msisdn", Match: store.MatchPrefix, Filter: true, Sort: true},
	{Name: "eid", Column: "s.eid", Match: store.MatchPrefix, Filter: true},
	{Name: "batch", Column: "s.batch_id", Number: true, Filter: true},
	{Name: "endpoint", Column: "e.id", Number: true, Nullable: true, Filter: true},
	{Name: "endpoint_name", Column: "e.name", Match: store.MatchContains, Filter: true, Sort: true},
	{Name: "activation_date", Column: "s.activated", Sort: true},
	{Name: "production_date", Column: "s.created", Sort: true},
}

const simColumns = `s.id, s.org_id, s.batch_id, s.iccid, s.imsi, s.msisdn, s.eid, s.form_factor, s.status,
COALESCE(e.id, 0), COALESCE(e.name, ''), s.created, s.activated, s.updated, s.version, s.pin1, s.pin2, s.puk1, s.puk2`

const simFrom = `FROM sims s LEFT JOIN endpoints e ON e.sim_id = s.id`

// simCountFrom is what a count of SIMs filtered by fs reads: the SIMs
// alone unless a filter is on their endpoint. A SIM has at most one
// endpoint (endpoints.sim_id is unique), so the join adds no rows; SQLite
// would still look each SIM's endpoint up.
func simCountFrom(fs []store.Filter) string {
	for _, f := range fs {
		if d, _ := SIMFields.Find(f.Field); strings.HasPrefix(d.Column, "e.") {
			return simFrom
		}
	}
	return "FROM sims s"
}

type scanner interface{ Scan(dest ...any) error }

func scanSIM(r scanner) (store.SIM, error) {
	var m store.SIM
	var st int
	var created, activated, updated int64
	err := r.Scan(&m.ID, &m.OrgID, &m.BatchID, &m.ICCID, &m.IMSI, &m.MSISDN, &m.EID, &m.FormFactor, &st,
		&m.EndpointID, &m.EndpointName, &created, &activated, &updated, &m.Version,
		&m.Secrets.PIN1, &m.Secrets.PIN2, &m.Secrets.PUK1, &m.Secrets.PUK2)
	m.Status = store.SIMStatus(st)
	m.Created, m.Activated, m.Updated = fromMicros(created), fromMicros(activated), fromMicros(updated)
	return m, err
}

// ImportBatch stores a batch and its SIMs as Issued, all or nothing.
func (s *DB) ImportBatch(ctx context.Context, a store.Actor, b store.Batch, sims []store.SIM) (store.Batch, error) {
	if b.BIC == "" {
		return b, store.Invalid("bic", "a batch needs a BIC")
	}
	if len(sims) == 0 {
		return b, store.Invalid("sims", "a batch needs at least one SIM")
	}
	err := s.inTx(ctx, func(t *tx) error {
		now := s.now()
		b.Created, b.OrgID, b.SIMCount = now, 0, len(sims)
		id, err := t.insert(ctx, `INSERT INTO batches (bic, name, org_id, created) VALUES (?, ?, 0, ?)`, b.BIC, b.Name, micros(now))
		if err != nil {
			return s.unique(err, "bic", fmt.Sprintf("BIC %q", b.BIC))
		}
		b.ID = id
		for _, m := range sims {
			_, err := t.exec(ctx, `INSERT INTO sims (org_id, batch_id, iccid, imsi, msisdn, eid, form_factor, status, created, updated, pin1, pin2, puk1, puk2)
VALUES (0, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
				b.ID, m.ICCID, m.IMSI, m.MSISDN, m.EID, m.FormFactor, int(store.SIMIssued), micros(now), micros(now),
				m.Secrets.PIN1, m.Secrets.PIN2, m.Secrets.PUK1, m.Secrets.PUK2)
			if err != nil {
				return s.unique(err, "iccid", fmt.Sprintf("ICCID %s", m.ICCID))
			}
		}
		return t.audit(ctx, a, "sim_batch.import", "sim_batch", b.ID, nil, b)
	})
	return b, err
}

const batchColumns = `b.id, b.bic, b.name, b.org_id, b.created, b.registered, (SELECT COUNT(*) FROM sims WHERE batch_id = b.id)`

func scanBatch(r scanner) (store.Batch, error) {
	var b store.Batch
	var created, registered int64
	err := r.Scan(&b.ID, &b.BIC, &b.Name, &b.OrgID, &created, &registered, &b.SIMCount)
	b.Created, b.Registered = fromMicros(created), fromMicros(registered)
	return b, err
}

// BatchByBIC returns a batch that is unregistered or registered to org.
func (s *DB) BatchByBIC(ctx context.Context, org int64, bic string) (store.Batch, error) {
	b, err := scanBatch(s.queryRow(ctx, "SELECT "+batchColumns+" FROM batches b WHERE b.bic = ? AND (b.org_id = 0 OR b.org_id = ?)", bic, org))
	return b, notFound(err, "SIM batch with BIC", bic)
}

// RegisterBatch gives an unregistered batch to the actor's organisation
// and moves every SIM in it to status, with an event per SIM.
func (s *DB) RegisterBatch(ctx context.Context, a store.Actor, bic string, status store.SIMStatus) (store.Batch, error) {
	if status != store.SIMActivated && status != store.SIMFactoryTest {
		return store.Batch{}, store.Invalid("status", "a batch is registered as 1 (Activated) or 4 (Factory Test), not %d", int(status))
	}
	var b store.Batch
	err := s.inTx(ctx, func(t *tx) error {
		var err error
		b, err = scanBatch(t.row(ctx, "SELECT "+batchColumns+" FROM batches b WHERE b.bic = ?"+s.d.ForUpdate, bic))
		if err != nil {
			return notFound(err, "SIM batch with BIC", bic)
		}
		if b.OrgID != 0 {
			if b.OrgID == a.OrgID {
				return store.Conflict("already_registered", "bic", "the batch %s is already registered to this organisation", bic)
			}
			return store.NotFound("SIM batch with BIC", bic)
		}
		now := s.now()
		before := b
		if _, err := t.exec(ctx, `UPDATE batches SET org_id = ?, registered = ? WHERE id = ?`, a.OrgID, micros(now), b.ID); err != nil {
			return err
		}
		activated := int64(0)
		if status == store.SIMActivated {
			activated = micros(now)
		}
		if _, err := t.exec(ctx, `UPDATE sims SET org_id = ?, status = ?, activated = ?, updated = ?, version = version + 1 WHERE batch_id = ? AND status = ?`,
			a.OrgID, int(status), activated, micros(now), b.ID, int(store.SIMIssued)); err != nil {
			return err
		}
		typ := store.EventSIMActivation
		if status == store.SIMFactoryTest {
			typ = store.EventSIMFactoryTest
		}
		// One statement for the batch's events: 10,000 SIMs register in one
		// round trip rather than 10,000.
		if _, err := t.exec(ctx, `INSERT INTO events (org_id, time, type, source, severity, sim_id, imsi, user_id, description, detail)
SELECT ?, ?, ?, ?, ?, id, imsi, ?, ?, 'null' FROM sims WHERE batch_id = ?`,
			a.OrgID, micros(now), int(store.EventSIMRegistration), int(store.SourceAPI), int(store.SeverityInfo), a.UserID,
			fmt.Sprintf("SIM registered with batch %s as %s", bic, status), b.ID); err != nil {
			return err
		}
		if _, err := t.exec(ctx, `INSERT INTO events (org_id, time, type, source, severity, sim_id, imsi, user_id, description, detail)
SELECT ?, ?, ?, ?, ?, id, imsi, ?, ?, 'null' FROM sims WHERE batch_id = ?`,
			a.OrgID, micros(now), int(typ), int(store.SourceAPI), int(store.SeverityInfo), a.UserID,
			fmt.Sprintf("SIM %s", status), b.ID); err != nil {
			return err
		}
		b.OrgID, b.Registered = a.OrgID, now
		return t.audit(ctx, a, "sim_batch.register", "sim_batch", b.ID, before, b)
	})
	return b, err
}

// UpdateSIM changes a SIM's status or MSISDN under the life cycle rules.
func (s *DB) UpdateSIM(ctx context.Context, a store.Actor, id int64, u store.SIMUpdate) (store.SIM, error) {
	var m store.SIM
	err := s.inTx(ctx, func(t *tx) error {
		before, err := scanSIM(t.row(ctx, "SELECT "+simColumns+" "+simFrom+" WHERE s.id = ? AND s.org_id = ? AND s.org_id <> 0"+s.forUpdate("s"), id, a.OrgID))
		if err != nil {
			return notFound(err, "SIM", id)
		}
		m = before
		now := s.now()
		var events []store.Event
		if u.Status != nil && *u.Status != before.Status {
			to := *u.Status
			if !to.Valid() {
				return store.Invalid("status", "%d is not a SIM status; use 0 Issued, 1 Activated, 2 Suspended, 3 Deleted or 4 Factory Test", int(to))
			}
			if !before.Status.CanBecome(to) {
				return store.TransitionError(before.Status, to)
			}
			if to == store.SIMDeleted && before.EndpointID != 0 {
				return store.Conflict("sim_assigned", "status", "the SIM is assigned to endpoint %d; release it from the endpoint before deleting it", before.EndpointID)
			}
			m.Status = to
			if to == store.SIMActivated && m.Activated.IsZero() {
				m.Activated = now
			}
			events = append(events, simEvent(a, m, to))
		}
		if u.MSISDN != nil {
			m.MSISDN = *u.MSISDN
		}
		if m == before {
			return nil
		}
		m.Updated = now
		m.Version++
		if _, err := t.exec(ctx, `UPDATE sims SET status = ?, msisdn = ?, activated = ?, updated = ?, version = ? WHERE id = ?`,
			int(m.Status), m.MSISDN, micros(m.Activated), micros(now), m.Version, m.ID); err != nil {
			return err
		}
		for _, e := range events {
			if _, err := t.event(ctx, e); err != nil {
				return err
			}
		}
		return t.audit(ctx, a, "sim.update", "sim", m.ID, before, m)
	})
	return m, err
}

// simEvent is the event for a SIM entering status to.
func simEvent(a store.Actor, m store.SIM, to store.SIMStatus) store.Event {
	typ := map[store.SIMStatus]store.EventType{
		store.SIMActivated:   store.EventSIMActivation,
		store.SIMSuspended:   store.EventSIMSuspension,
		store.SIMDeleted:     store.EventSIMDeletion,
		store.SIMFactoryTest: store.EventSIMFactoryTest,
	}[to]
	return store.Event{
		OrgID: a.OrgID, Type: typ, Source: store.SourceAPI, Severity: store.SeverityInfo,
		SIMID: m.ID, EndpointID: m.EndpointID, IMSI: m.IMSI, UserID: a.UserID,
		Description: fmt.Sprintf("SIM %s: %s", m.ICCID, to),
	}
}

// forUpdate is the dialect's row lock on the table aliased alias.
func (s *DB) forUpdate(alias string) string {
	if s.d.ForUpdate == "" {
		return ""
	}
	return s.d.ForUpdate + " OF " + alias
}

// SIM returns one of org's SIMs.
func (s *DB) SIM(ctx context.Context, org, id int64) (store.SIM, error) {
	m, err := scanSIM(s.queryRow(ctx, "SELECT "+simColumns+" "+simFrom+" WHERE s.id = ? AND s.org_id = ? AND s.org_id <> 0", id, org))
	return m, notFound(err, "SIM", id)
}

// SIMByICCID returns one of org's SIMs by its ICCID.
func (s *DB) SIMByICCID(ctx context.Context, org int64, iccid string) (store.SIM, error) {
	m, err := scanSIM(s.queryRow(ctx, "SELECT "+simColumns+" "+simFrom+" WHERE s.iccid = ? AND s.org_id = ? AND s.org_id <> 0", iccid, org))
	return m, notFound(err, "SIM with ICCID", iccid)
}

// simScope limits a SIM list to one organisation's SIMs.
const simScope = " WHERE s.org_id = ? AND s.org_id <> 0"

// ListSIMs returns a page of org's SIMs.
func (s *DB) ListSIMs(ctx context.Context, org int64, q store.ListQuery) ([]store.SIM, int, error) {
	return listCounted(ctx, s, simColumns, simFrom+simScope, simCountFrom(q.Filter)+simScope, []any{org}, SIMFields, q, "s.id",
		func(r *sql.Rows) (store.SIM, error) { return scanSIM(r) })
}

// ListSIMsStatements returns the statements ListSIMs runs for q, in the
// dialect's placeholders: the count of org's matching SIMs and the page.
// Benchmarks time the bare page against ListSIMs, and tests EXPLAIN both.
func (s *DB) ListSIMsStatements(org int64, q store.ListQuery) (count, page Statement, err error) {
	if err := q.Check(SIMFields); err != nil {
		return count, page, err
	}
	count, page = listStatements(simColumns, simFrom+simScope, simCountFrom(q.Filter)+simScope, []any{org}, SIMFields, q, "s.id")
	count.SQL, page.SQL = s.q(count.SQL), s.q(page.SQL)
	return count, page, nil
}
