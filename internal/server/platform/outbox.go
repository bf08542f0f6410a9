package platform

import (
	"context"
	"errors"
	"strconv"
	"time"

	"github.com/cellgate/cellgate/internal/server/sealbox"
	"github.com/cellgate/cellgate/internal/server/store"
	"github.com/cellgate/cellgate/internal/server/webhook"
)

// CallbackSecretAAD binds a sealed webhook secret to its use.
const CallbackSecretAAD = "api_callback secret"

// outbox lets the webhook dispatcher work on the store's deliveries,
// opening each callback's sealed secret as it goes out.
type outbox struct {
	st  store.Store
	box *sealbox.Box
}

func (o outbox) Due(ctx context.Context, now time.Time, lease time.Duration, limit int) ([]webhook.Delivery, error) {
	ds, err := o.st.ClaimDeliveries(ctx, now, lease, limit)
	if err != nil {
		return nil, err
	}
	out := make([]webhook.Delivery, 0, len(ds))
	for _, d := range ds {
		secret := ""
		if d.Secret != "" {
			if secret, err = o.box.Open(d.Secret, CallbackSecretAAD); err != nil {
				// A secret sealed under another key cannot sign: give the
				// delivery up rather than send it unsigned.
				_ = o.st.DeliveryAbandoned(ctx, d.ID, d.Claim, d.Attempts, "the callback's secret cannot be opened with this server's key")
				continue
			}
		}
		out = append(out, webhook.Delivery{
			ID: d.ID, EventID: strconv.FormatInt(d.EventID, 10), Claim: d.Claim, CallbackID: d.CallbackID,
			URL: d.URL, Secret: secret, Payload: d.Payload, Attempts: d.Attempts, NextAt: d.NextAt,
		})
	}
	return out, nil
}

func claimErr(err error) error {
	if errors.Is(err, store.ErrClaimLost) {
		return webhook.ErrClaimLost
	}
	return err
}

func (o outbox) Delivered(ctx context.Context, id int64, claim string, at time.Time) error {
	return claimErr(o.st.DeliverySucceeded(ctx, id, claim, at))
}

func (o outbox) Retry(ctx context.Context, id int64, claim string, next time.Time, attempts int, lastErr string) error {
	return claimErr(o.st.DeliveryFailed(ctx, id, claim, next, attempts, lastErr))
}

func (o outbox) GiveUp(ctx context.Context, id int64, claim string, attempts int, lastErr string) error {
	return claimErr(o.st.DeliveryAbandoned(ctx, id, claim, attempts, lastErr))
}
