// Package config is the cellgate-server configuration: the listen address
// and TLS, the database (SQLite or PostgreSQL), the key files, sign-in and
// lockout, rate limits, webhook delivery and logging.
//
// Load (or Parse) decodes a YAML file strictly, with internal/config's
// decoder, over the defaults of Default, makes relative paths relative to
// the file's directory, reads the database URL from its file when it is
// given as {file: PATH} and checks every value. Every problem is returned
// together as an ErrorList whose Errors name the file, line, column and
// field. Example is a commented configuration with every key and its
// default. Redacted (and String) show a configuration without the
// database password.
package config
