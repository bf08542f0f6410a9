package modbus

import "fmt"

// ExceptionCode is the code of a Modbus exception response (Application
// Protocol V1.1b3, 7).
type ExceptionCode byte

// Exception codes.
const (
	IllegalFunction                    ExceptionCode = 0x01
	IllegalDataAddress                 ExceptionCode = 0x02
	IllegalDataValue                   ExceptionCode = 0x03
	ServerDeviceFailure                ExceptionCode = 0x04
	Acknowledge                        ExceptionCode = 0x05
	ServerDeviceBusy                   ExceptionCode = 0x06
	MemoryParityError                  ExceptionCode = 0x08
	GatewayPathUnavailable             ExceptionCode = 0x0A
	GatewayTargetDeviceFailedToRespond ExceptionCode = 0x0B
)

var exceptionNames = map[ExceptionCode]string{
	IllegalFunction:                    "illegal function",
	IllegalDataAddress:                 "illegal data address",
	IllegalDataValue:                   "illegal data value",
	ServerDeviceFailure:                "server device failure",
	Acknowledge:                        "acknowledge",
	ServerDeviceBusy:                   "server device busy",
	MemoryParityError:                  "memory parity error",
	GatewayPathUnavailable:             "gateway path unavailable",
	GatewayTargetDeviceFailedToRespond: "gateway target device failed to respond",
}

// String is the code's name in the specification, in lower case.
func (c ExceptionCode) String() string {
	if s, ok := exceptionNames[c]; ok {
		return s
	}
	return fmt.Sprintf("exception %#02x", byte(c))
}

// Exception is an exception response from a device: Function is the
// function code of the request (without the 0x80 bit).
type Exception struct {
	Function byte
	Code     ExceptionCode
}

func (e *Exception) Error() string {
	return fmt.Sprintf("modbus: function %d: exception %02X (%s)", e.Function, byte(e.Code), e.Code)
}
