package bertlv_test

import (
	"encoding/hex"
	"fmt"

	"github.com/cellgate/cellgate/internal/bertlv"
)

// Build an EnableProfileRequest (SGP.22 ES10c): BF31 { A0 { 5A iccid },
// 81 refreshFlag }.
func ExampleEncode() {
	iccid, _ := hex.DecodeString("98940010325476981032")
	req := bertlv.New(0xBF31,
		bertlv.New(0xA0, bertlv.Bytes(0x5A, iccid)),
		bertlv.Bool(0x81, true))
	b, err := bertlv.Encode(req)
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Printf("%X\n", b)
	// Output: BF3111A00C5A0A989400103254769810328101FF
}

// Read the EID from a GetEuiccDataResponse.
func ExampleParseSingle() {
	resp, _ := hex.DecodeString("BF3E125A1089049032123451234512345678901235")
	el, err := bertlv.ParseSingle(resp)
	if err != nil {
		fmt.Println(err)
		return
	}
	eid, ok := el.First(0x5A)
	fmt.Println(el.Tag, ok, hex.EncodeToString(eid.Value))
	// Output: BF3E true 89049032123451234512345678901235
}

func ExampleSyntaxError() {
	_, err := bertlv.ParseSingle([]byte{0x30, 0x80, 0x00, 0x00})
	fmt.Println(err)
	// Output: bertlv: offset 1: indefinite length (80) is not supported; expected a definite length
}
