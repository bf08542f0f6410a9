// Package config reads, checks and documents cellgate's YAML configuration:
// one file for the modem, the Modbus buses and devices, records, spool,
// outputs, remote AT, the SMS console, watchdogs, metrics and logging.
//
// Load (or Parse) decodes a file, fills in the defaults, reads secrets from
// their files, makes paths absolute relative to the file's directory and
// checks everything, certificates included. Every problem is reported, not
// just the first, as an ErrorList: each Error names the file, the line and
// the field, and says what was expected. What is accepted but unsafe (an
// unencrypted broker not on this host, files or directories others may read
// or change) is listed in Config.Warnings, placed like errors; Load refuses
// a configuration file every user may write. Example is a complete,
// commented configuration.
//
// Decode and DecodeDocument offer the same strict decoding, with the same
// errors, for another program's own configuration struct.
package config
