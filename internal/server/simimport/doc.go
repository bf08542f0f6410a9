// Package simimport reads the SIM batch file a SIM vendor delivers, as
// exported from a spreadsheet, into rows cellgate-server can store.
//
// The file is CSV with a header row. The delimiter, comma or semicolon, is
// taken from the header line; a UTF-8 byte order mark and CRLF line ends
// are accepted. Column names are case-insensitive ("Form Factor",
// "form-factor" and "form_factor" are one name); the known columns and
// their aliases are:
//
//	iccid (required)  imsi  msisdn  eid
//	pin1, pin         pin2  puk1, puk  puk2
//	bic               form_factor
//
// A column with another name is an error; a column with an empty name
// (trailing delimiters) is ignored as long as its cells are empty. Blank
// rows are skipped; cells are trimmed of surrounding spaces.
//
// Every row needs an ICCID; the other cells may be empty. Values are
// checked: ICCID by package iccid, IMSI 6 to 15 digits, MSISDN in
// international format (E.164, optional '+'), EID 32 digits passing the
// mod-97 check of GSMA SGP.29, PINs 4 to 8 digits, PUKs 8 digits. An
// ICCID or IMSI that occurs twice in the file is an error naming both
// lines.
//
// Parse reports every problem it finds, up to MaxErrors, each naming the
// file, the line and the column; messages about PINs and PUKs never show
// their values.
package simimport
