package sqlstore

import (
	"context"
	"database/sql"
	"errors"
	"fmt"

	"github.com/cellgate/cellgate/internal/server/store"
)

// lockSIM reads a SIM for a change of its assignment.
func (t *tx) lockSIM(ctx context.Context, id int64) (store.SIM, error) {
	m, err := scanSIM(t.row(ctx, "SELECT "+simColumns+" "+simFrom+" WHERE s.id = ?"+t.s.forUpdate("s"), id))
	return m, notFound(err, "SIM", id)
}

// takeSIM locks SIM id for assignment to endpoint self (0 for one being
// created). The SIM must be org's, not deleted and not another endpoint's.
func (t *tx) takeSIM(ctx context.Context, org, id, self int64) (store.SIM, error) {
	m, err := scanSIM(t.row(ctx, "SELECT "+simColumns+" "+simFrom+" WHERE s.id = ? AND s.org_id = ? AND s.org_id <> 0"+t.s.forUpdate("s"), id, org))
	if errors.Is(err, sql.ErrNoRows) {
		return m, store.Invalid("sim", "SIM %d does not exist", id)
	}
	if err != nil {
		return m, err
	}
	if m.Status == store.SIMDeleted {
		return m, store.Conflict("sim_deleted", "sim", "SIM %d (ICCID %s) is deleted and cannot be assigned", id, m.ICCID)
	}
	// Read the holder again after the lock: the join above may predate it.
	var holder int64
	var name string
	err = t.row(ctx, `SELECT id, name FROM endpoints WHERE sim_id = ?`, id).Scan(&holder, &name)
	switch {
	case errors.Is(err, sql.ErrNoRows):
	case err != nil:
		return m, err
	case holder != self:
		return m, store.Conflict("sim_in_use", "sim", "SIM %d is assigned to endpoint %d (%q); release it there first", id, holder, name)
	}
	return m, nil
}

// simMoved records that SIM m was assigned to or released from e: the
// SIM's version moves on and the event carries its IMSI.
func (t *tx) simMoved(ctx context.Context, a store.Actor, e store.Endpoint, m store.SIM, typ store.EventType) error {
	if _, err := t.exec(ctx, `UPDATE sims SET updated = ?, version = version + 1 WHERE id = ?`, micros(t.s.now()), m.ID); err != nil {
		return err
	}
	verb := "assigned to"
	if typ == store.EventSIMReleased {
		verb = "released from"
	}
	ev := endpointEvent(a, e, typ, fmt.Sprintf("SIM %s %s endpoint %q", m.ICCID, verb, e.Name))
	ev.SIMID, ev.IMSI = m.ID, m.IMSI
	_, err := t.event(ctx, ev)
	return err
}
