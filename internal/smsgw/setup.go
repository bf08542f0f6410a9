package smsgw

import (
	"context"
	"fmt"
	"strings"

	"github.com/cellgate/cellgate/internal/atparam"
)

// setup puts the modem in PDU mode, sets the service centre and storage
// and asks for the indications the service follows (guide 9.1, 9.4.1).
func (s *Service) setup(ctx context.Context) error {
	if err := s.pduMode(ctx); err != nil {
		return err
	}
	if s.cfg.SMSC != "" {
		if p := atparam.ServiceCentre(s.cfg.SMSC); p != "" {
			return fmt.Errorf("smsgw: service centre: %s", p)
		}
		toa := 129
		if strings.HasPrefix(s.cfg.SMSC, "+") {
			toa = 145
		}
		if _, err := s.e.Command(ctx, fmt.Sprintf(`AT+CSCA="%s",%d`, s.cfg.SMSC, toa)); err != nil {
			return err
		}
	}
	m, err := atparam.Quote(s.cfg.Storage)
	if err != nil {
		return fmt.Errorf("smsgw: storage: %w", err)
	}
	if _, err := s.e.Command(ctx, fmt.Sprintf(`AT+CPMS=%s,%s,%s`, m, m, m)); err != nil {
		return err
	}
	mt, ds := 1, 0
	if s.cfg.Direct {
		mt = 2
		// acknowledged delivery: the network repeats a +CMT not
		// acknowledged, so a message shown is not lost if we die
		_, err := s.e.Command(ctx, "AT+CSMS=1")
		if err != nil && ctx.Err() != nil {
			return err
		}
		s.ack = err == nil
		if err != nil {
			s.log.Info("no acknowledged SMS delivery (AT+CSMS=1)", "err", err)
		}
	}
	if s.cfg.StatusReports {
		ds = 1
	}
	if _, err := s.e.Command(ctx, fmt.Sprintf("AT+CNMI=2,%d,0,%d,0", mt, ds)); err != nil {
		return err
	}
	s.log.Debug("SMS set up", "storage", s.cfg.Storage, "direct", s.cfg.Direct, "reports", s.cfg.StatusReports)
	return nil
}
