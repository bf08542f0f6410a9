-- The inventory: organisations, users, tokens, audit, SIM batches and SIMs,
-- endpoints and their policies, events and the webhook outbox.
-- Times are Unix microseconds (UTC); 0 means "not set".

CREATE TABLE orgs (
	id      INTEGER PRIMARY KEY,
	name    TEXT NOT NULL UNIQUE,
	created INTEGER NOT NULL
);

CREATE TABLE users (
	id             INTEGER PRIMARY KEY,
	org_id         INTEGER NOT NULL REFERENCES orgs(id),
	email          TEXT NOT NULL UNIQUE,
	name           TEXT NOT NULL DEFAULT '',
	password_hash  TEXT NOT NULL,
	role           TEXT NOT NULL,
	totp_secret    TEXT NOT NULL DEFAULT '',
	totp_last_step INTEGER NOT NULL DEFAULT 0,
	disabled       INTEGER NOT NULL DEFAULT 0,
	created        INTEGER NOT NULL,
	updated        INTEGER NOT NULL
);
CREATE INDEX users_org ON users(org_id, id);

CREATE TABLE tokens (
	id          INTEGER PRIMARY KEY,
	org_id      INTEGER NOT NULL REFERENCES orgs(id),
	user_id     INTEGER NOT NULL REFERENCES users(id),
	description TEXT NOT NULL DEFAULT '',
	hash        TEXT NOT NULL UNIQUE,
	created     INTEGER NOT NULL,
	expires     INTEGER NOT NULL DEFAULT 0,
	revoked     INTEGER NOT NULL DEFAULT 0,
	last_used   INTEGER NOT NULL DEFAULT 0
);
CREATE INDEX tokens_org ON tokens(org_id, id);

CREATE TABLE audit (
	id          INTEGER PRIMARY KEY,
	org_id      INTEGER NOT NULL,
	time        INTEGER NOT NULL,
	user_id     INTEGER NOT NULL DEFAULT 0,
	token_id    INTEGER NOT NULL DEFAULT 0,
	actor       TEXT NOT NULL DEFAULT '',
	ip          TEXT NOT NULL DEFAULT '',
	request_id  TEXT NOT NULL DEFAULT '',
	action      TEXT NOT NULL,
	object_type TEXT NOT NULL,
	object_id   INTEGER NOT NULL DEFAULT 0,
	before_json TEXT NOT NULL DEFAULT '',
	after_json  TEXT NOT NULL DEFAULT ''
);
CREATE INDEX audit_org ON audit(org_id, id);
CREATE TRIGGER audit_no_update BEFORE UPDATE ON audit
BEGIN SELECT RAISE(ABORT, 'the audit log is append-only'); END;
CREATE TRIGGER audit_no_delete BEFORE DELETE ON audit
BEGIN SELECT RAISE(ABORT, 'the audit log is append-only'); END;

CREATE TABLE batches (
	id         INTEGER PRIMARY KEY,
	bic        TEXT NOT NULL UNIQUE,
	name       TEXT NOT NULL DEFAULT '',
	org_id     INTEGER NOT NULL DEFAULT 0,
	created    INTEGER NOT NULL,
	registered INTEGER NOT NULL DEFAULT 0
);

CREATE TABLE sims (
	id          INTEGER PRIMARY KEY,
	org_id      INTEGER NOT NULL DEFAULT 0,
	batch_id    INTEGER NOT NULL REFERENCES batches(id),
	iccid       TEXT NOT NULL UNIQUE,
	imsi        TEXT NOT NULL DEFAULT '',
	msisdn      TEXT NOT NULL DEFAULT '',
	eid         TEXT NOT NULL DEFAULT '',
	form_factor TEXT NOT NULL DEFAULT '',
	status      INTEGER NOT NULL,
	created     INTEGER NOT NULL,
	activated   INTEGER NOT NULL DEFAULT 0,
	updated     INTEGER NOT NULL,
	version     INTEGER NOT NULL DEFAULT 1,
	pin1        TEXT NOT NULL DEFAULT '',
	pin2        TEXT NOT NULL DEFAULT '',
	puk1        TEXT NOT NULL DEFAULT '',
	puk2        TEXT NOT NULL DEFAULT ''
);
CREATE INDEX sims_org ON sims(org_id, id);
CREATE INDEX sims_org_status ON sims(org_id, status, id);
CREATE INDEX sims_batch ON sims(batch_id);
CREATE INDEX sims_imsi ON sims(imsi);

CREATE TABLE callbacks (
	id      INTEGER PRIMARY KEY,
	org_id  INTEGER NOT NULL REFERENCES orgs(id),
	url     TEXT NOT NULL,
	purpose TEXT NOT NULL DEFAULT '',
	secret  TEXT NOT NULL,
	created INTEGER NOT NULL
);
CREATE INDEX callbacks_org ON callbacks(org_id, id);

CREATE TABLE service_profiles (
	id              INTEGER PRIMARY KEY,
	org_id          INTEGER NOT NULL REFERENCES orgs(id),
	name            TEXT NOT NULL,
	description     TEXT NOT NULL DEFAULT '',
	allowed_rats    TEXT NOT NULL DEFAULT '[]',
	sms_mo          INTEGER NOT NULL DEFAULT 1,
	sms_mt          INTEGER NOT NULL DEFAULT 1,
	data            INTEGER NOT NULL DEFAULT 1,
	dns             TEXT NOT NULL DEFAULT '',
	breakout_region TEXT NOT NULL DEFAULT '',
	api_callback_id INTEGER NOT NULL DEFAULT 0,
	created         INTEGER NOT NULL,
	updated         INTEGER NOT NULL,
	UNIQUE (org_id, name)
);

CREATE TABLE tariff_profiles (
	id                INTEGER PRIMARY KEY,
	org_id            INTEGER NOT NULL REFERENCES orgs(id),
	name              TEXT NOT NULL,
	description       TEXT NOT NULL DEFAULT '',
	allowed_countries TEXT NOT NULL DEFAULT '[]',
	allowed_operators TEXT NOT NULL DEFAULT '[]',
	rate_zones        TEXT NOT NULL DEFAULT 'null',
	created           INTEGER NOT NULL,
	updated           INTEGER NOT NULL,
	UNIQUE (org_id, name)
);

CREATE TABLE endpoints (
	id                 INTEGER PRIMARY KEY,
	org_id             INTEGER NOT NULL REFERENCES orgs(id),
	name               TEXT NOT NULL,
	tags               TEXT NOT NULL DEFAULT '',
	imei               TEXT NOT NULL DEFAULT '',
	imei_lock          INTEGER NOT NULL DEFAULT 0,
	status             INTEGER NOT NULL,
	sim_id             INTEGER UNIQUE REFERENCES sims(id),
	service_profile_id INTEGER NOT NULL REFERENCES service_profiles(id),
	tariff_profile_id  INTEGER NOT NULL REFERENCES tariff_profiles(id),
	ip_address         TEXT NOT NULL DEFAULT '',
	created            INTEGER NOT NULL,
	updated            INTEGER NOT NULL,
	version            INTEGER NOT NULL DEFAULT 1
);
CREATE INDEX endpoints_org ON endpoints(org_id, id);
CREATE INDEX endpoints_org_status ON endpoints(org_id, status, id);
CREATE INDEX endpoints_org_name ON endpoints(org_id, name);
CREATE UNIQUE INDEX endpoints_imei ON endpoints(org_id, imei) WHERE imei <> '' AND status <> 2;

CREATE TABLE operators (
	id      INTEGER PRIMARY KEY,
	name    TEXT NOT NULL,
	country TEXT NOT NULL,
	mccmnc  TEXT NOT NULL
);

CREATE TABLE blacklist (
	endpoint_id INTEGER NOT NULL REFERENCES endpoints(id),
	operator_id INTEGER NOT NULL REFERENCES operators(id),
	PRIMARY KEY (endpoint_id, operator_id)
);

CREATE TABLE quotas (
	endpoint_id          INTEGER NOT NULL REFERENCES endpoints(id),
	kind                 TEXT NOT NULL,
	status               INTEGER NOT NULL,
	volume               REAL NOT NULL,
	used                 REAL NOT NULL DEFAULT 0,
	expiry               INTEGER NOT NULL DEFAULT 0,
	threshold_percentage INTEGER NOT NULL DEFAULT 0,
	action               INTEGER NOT NULL,
	peak_throughput      INTEGER NOT NULL DEFAULT 0,
	auto_refill          INTEGER NOT NULL DEFAULT 0,
	updated              INTEGER NOT NULL,
	PRIMARY KEY (endpoint_id, kind)
);

CREATE TABLE events (
	id          INTEGER PRIMARY KEY,
	org_id      INTEGER NOT NULL,
	time        INTEGER NOT NULL,
	alert       INTEGER NOT NULL DEFAULT 0,
	description TEXT NOT NULL DEFAULT '',
	type        INTEGER NOT NULL,
	source      INTEGER NOT NULL,
	severity    INTEGER NOT NULL,
	endpoint_id INTEGER NOT NULL DEFAULT 0,
	sim_id      INTEGER NOT NULL DEFAULT 0,
	imsi        TEXT NOT NULL DEFAULT '',
	user_id     INTEGER NOT NULL DEFAULT 0,
	detail      TEXT NOT NULL DEFAULT 'null'
);
CREATE INDEX events_org ON events(org_id, id);
CREATE INDEX events_endpoint ON events(org_id, endpoint_id, id);
CREATE INDEX events_sim ON events(org_id, sim_id, id);

CREATE TABLE deliveries (
	id           INTEGER PRIMARY KEY,
	callback_id  INTEGER NOT NULL REFERENCES callbacks(id),
	event_id     INTEGER NOT NULL,
	payload      TEXT NOT NULL,
	attempts     INTEGER NOT NULL DEFAULT 0,
	state        INTEGER NOT NULL DEFAULT 0,
	next_at      INTEGER NOT NULL,
	lease_until  INTEGER NOT NULL DEFAULT 0,
	last_error   TEXT NOT NULL DEFAULT '',
	delivered_at INTEGER NOT NULL DEFAULT 0
);
CREATE INDEX deliveries_due ON deliveries(state, next_at);
