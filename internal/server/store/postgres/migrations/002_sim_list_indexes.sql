-- Indexes for the SIM lists a portal pages through: the SIMs of a status
-- by ICCID, the SIMs of an ICCID prefix (the store matches a prefix as a
-- range of LOWER(iccid)) and the SIMs by MSISDN. Without them a page of
-- 100 out of 100,000 SIMs reads, or sorts, every matching SIM.
CREATE INDEX sims_org_status_iccid ON sims(org_id, status, iccid);
CREATE INDEX sims_org_iccid_lower ON sims(org_id, LOWER(iccid));
CREATE INDEX sims_org_msisdn ON sims(org_id, msisdn);
