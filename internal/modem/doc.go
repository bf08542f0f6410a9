// Package modem is cellgate's modem manager: it brings a cellular module up
// and keeps it online for years without a site visit.
//
// A Manager drives one module through the AT engine (internal/at):
//
//   - bring-up: wait for the module (AT probe with retries), identify it and
//     pick its Driver, read IMEI, ICCID, IMSI and MSISDN, unlock the SIM
//     (entering the configured PIN only while more than one try remains),
//     switch the radio on, set the APN (and the vendor's own APN and roaming
//     commands), select the operator (automatic, or manual with fallback to
//     automatic), wait for registration (URCs, with polling as a fallback;
//     +CEREG counts only on a module with LTE and on an E-UTRAN AcT),
//     apply PSM and eDRX, and bring the data bearer up with the vendor's
//     method (Huawei ^NDISDUP, generic +CGACT);
//   - upkeep: re-register after loss, re-dial after the bearer drops or on
//     request (Redial), run bring-up again after the module restarts, poll
//     the signal;
//   - tools: FPLMN read and clear, network scan with progress, serving and
//     neighbour cells, PSM/eDRX set and get, CMDMP configuration.
//
// Its state is a Status snapshot and a stream of Events. Drivers are data:
// a generic 3GPP driver that works on any 27.007 module, and the Huawei,
// Quectel and u-blox variations on it.
package modem
