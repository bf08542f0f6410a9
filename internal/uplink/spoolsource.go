package uplink

import "github.com/cellgate/cellgate/internal/spool"

// FromSpool makes the durable spool the publisher's source.
func FromSpool(s *spool.Spool) Source { return spoolSource{s} }

type spoolSource struct{ s *spool.Spool }

func (a spoolSource) Read(after uint64, max int) ([]Record, error) {
	recs, err := a.s.Read(after, max)
	out := make([]Record, len(recs))
	for i, r := range recs {
		topic, data := Unroute(r.Data)
		out[i] = Record{ID: r.ID, Time: r.Time, Data: data, Topic: topic}
	}
	return out, err
}

func (a spoolSource) Ack(id uint64) error     { return a.s.Ack(id) }
func (a spoolSource) Notify() <-chan struct{} { return a.s.Notify() }
