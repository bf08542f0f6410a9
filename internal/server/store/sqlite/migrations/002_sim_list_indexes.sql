-- Indexes for the SIM lists the portal pages through: the SIMs of a
-- status by ICCID, the SIMs of an ICCID prefix (LIKE is case-insensitive
-- in SQLite, so only a NOCASE index serves it), and the SIMs by MSISDN.
-- Without them a page of 100 out of 100,000 sorts every matching row.
CREATE INDEX sims_org_status_iccid ON sims(org_id, status, iccid);
CREATE INDEX sims_org_iccid_nocase ON sims(org_id, iccid COLLATE NOCASE);
CREATE INDEX sims_org_msisdn ON sims(org_id, msisdn);
