package api

import (
	"errors"
	"net/http"
	"regexp"
	"strings"

	"github.com/cellgate/cellgate/internal/server/simimport"
	"github.com/cellgate/cellgate/internal/server/store"
)

// bicPattern is what a Batch Identification Code may look like.
var bicPattern = regexp.MustCompile(`^[A-Za-z0-9_-]{4,64}$`)

// importBatch takes a SIM vendor's batch file (CSV, one SIM per row) as
// the body of POST /api/v1/sim_batch?bic=BIC&name=NAME and stores it as
// one batch of Issued SIMs, all or none. PINs and PUKs are sealed with
// the server's key, bound to their ICCID, before they reach the store.
func (s *Server) importBatch(w http.ResponseWriter, r *http.Request, p *principal) {
	bic, name := r.URL.Query().Get("bic"), r.URL.Query().Get("name")
	if !bicPattern.MatchString(bic) {
		s.fail(w, r, errInvalid.with("bic", "give the batch's BIC as ?bic=, 4 to 64 letters, digits, - or _"))
		return
	}
	file := "sim_batch " + bic + ".csv"
	body := http.MaxBytesReader(w, r.Body, 64<<20)
	rows, err := simimport.Parse(file, body, simimport.DefaultLimit)
	if err != nil {
		var list *simimport.ErrorList
		if errors.As(err, &list) {
			ae := errInvalid.with("", err.Error())
			for _, e := range list.Errors {
				ae.Errors = append(ae.Errors, fieldError{Field: e.Column, Message: e.Error()})
			}
			s.fail(w, r, ae)
			return
		}
		var mbe *http.MaxBytesError
		if errors.As(err, &mbe) {
			s.fail(w, r, errTooLarge.with("", "the batch file is larger than 64 MiB"))
			return
		}
		s.fail(w, r, errBadRequest.with("", err.Error()))
		return
	}
	sims := make([]store.SIM, 0, len(rows))
	for _, row := range rows {
		if row.BIC != "" && !strings.EqualFold(row.BIC, bic) {
			s.fail(w, r, errInvalid.with("bic", "line "+itoa(int64(row.Line))+" belongs to batch "+row.BIC+", not "+bic))
			return
		}
		m := store.SIM{ICCID: row.ICCID, IMSI: row.IMSI, MSISDN: row.MSISDN, EID: row.EID, FormFactor: row.FormFactor}
		for _, sec := range []struct {
			plain string
			dst   *string
			name  string
		}{{row.PIN1, &m.Secrets.PIN1, "pin1"}, {row.PIN2, &m.Secrets.PIN2, "pin2"}, {row.PUK1, &m.Secrets.PUK1, "puk1"}, {row.PUK2, &m.Secrets.PUK2, "puk2"}} {
			if sec.plain == "" {
				continue
			}
			if *sec.dst, err = s.Box.Seal(sec.plain, sec.name+":"+row.ICCID); err != nil {
				s.fail(w, r, err)
				return
			}
		}
		sims = append(sims, m)
	}
	b, err := s.Store.ImportBatch(r.Context(), s.actor(r, p), store.Batch{BIC: bic, Name: name}, sims)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	w.Header().Set("Location", "/api/v1/sim_batch/bic/"+b.BIC)
	writeJSON(w, http.StatusCreated, batchShape(b))
}
