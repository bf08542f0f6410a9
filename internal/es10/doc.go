// Package es10 holds the ES10 messages between cellgate's IoT Profile
// Assistant and the eUICC (GSMA SGP.22 v2.x ES10a/b/c, as carried over by
// SGP.32) as typed Go structures, each with Marshal, which writes DER, and
// Unmarshal, which reads BER as the eUICC may send it.
//
// The structures follow the ASN.1 module RSPDefinitions of SGP.22: the
// outer tag is the message's context tag (BF3E for GetEuiccData, BF2D for
// ProfileInfoList, BF31 for EnableProfile and so on), fields carry the tags
// given there. The functions SGP.32 adds (GetEimConfigurationData,
// AddInitialEim, ProfileRollback) follow its module SGP32Definitions. Unmarshal errors name the structure and the field, as in
// "ProfileInfoListResponse: profileInfo 2: iccid: ...". Fields cellgate does
// not know are skipped, so newer eUICCs that add extension fields still decode.
//
// Optional fields are absent when nil (slices and pointers) or empty
// (strings). ICCIDs are held as digit strings; ICCIDToBytes and
// ICCIDFromBytes convert them to and from the ten-octet BCD form with
// swapped nibbles that the eUICC uses.
//
// The package is pure: it does no I/O and depends only on the standard
// library and internal/bertlv.
package es10
