package uplink

import "github.com/cellgate/cellgate/internal/spool"

// FromSpool makes the durable spool the publisher's source.
func FromSpool(s *spool.Spool) Source { return s }
