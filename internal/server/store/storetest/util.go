package storetest

import (
	"encoding/json"
	"strconv"
	"testing"

	"github.com/cellgate/cellgate/internal/server/store"
)

func itoa(n int64) string { return strconv.FormatInt(n, 10) }

// statusOf reads the status of a SIM from its audit JSON.
func statusOf(t *testing.T, raw json.RawMessage) store.SIMStatus {
	t.Helper()
	var v struct{ Status store.SIMStatus }
	if err := json.Unmarshal(raw, &v); err != nil {
		t.Fatalf("audit JSON %s: %v", raw, err)
	}
	return v.Status
}
