-- An endpoint's IP address is its own within its organisation, as in one
-- IP address space: two devices with one address could not be told apart.
CREATE UNIQUE INDEX endpoints_ip_address ON endpoints(org_id, ip_address) WHERE ip_address <> '';
