// Package iccid checks SIM card numbers (ICCIDs, ITU-T E.118): 18 to 22
// decimal digits whose last digit is a Luhn check digit over the others.
// The SIM importer, the SIM store and the API all validate ICCIDs here, so
// one number is accepted or refused the same way everywhere.
//
// Some vendors and modems print ICCIDs with a trailing 'F' filler nibble or
// without the check digit; cellgate accepts neither, so an ICCID always
// names one card in one spelling.
package iccid
