package modbus

import (
	"context"
	"errors"
	"time"
)

// Client sends one request PDU to a unit and returns the response PDU as
// received: an exception response is returned as a PDU, not as an error;
// ParseResponse turns it into an *Exception. RTU and TCP are Clients.
type Client interface {
	Do(ctx context.Context, unit byte, pdu []byte) ([]byte, error)
}

var (
	// ErrTimeout reports a device that did not answer in time.
	ErrTimeout = errors.New("modbus: timeout")
	// ErrUnit reports a response from another unit than the one asked.
	ErrUnit = errors.New("modbus: response from another unit")
)

// DefaultTimeout is how long RTU and TCP wait for a response when their
// Timeout is zero.
const DefaultTimeout = time.Second

// Transact sends req to unit and parses the response against it.
func Transact(ctx context.Context, c Client, unit byte, req []byte) (Response, error) {
	resp, err := c.Do(ctx, unit, req)
	if err != nil {
		return Response{}, err
	}
	return ParseResponse(req, resp)
}

func read(ctx context.Context, c Client, unit, fc byte, addr, count uint16) (Response, error) {
	req, err := ReadRequest(fc, addr, count)
	if err != nil {
		return Response{}, err
	}
	return Transact(ctx, c, unit, req)
}

// ReadCoils reads count coils from addr (FC 01).
func ReadCoils(ctx context.Context, c Client, unit byte, addr, count uint16) ([]bool, error) {
	r, err := read(ctx, c, unit, FuncReadCoils, addr, count)
	return r.Bits, err
}

// ReadDiscreteInputs reads count discrete inputs from addr (FC 02).
func ReadDiscreteInputs(ctx context.Context, c Client, unit byte, addr, count uint16) ([]bool, error) {
	r, err := read(ctx, c, unit, FuncReadDiscreteInputs, addr, count)
	return r.Bits, err
}

// ReadHoldingRegisters reads count holding registers from addr (FC 03).
func ReadHoldingRegisters(ctx context.Context, c Client, unit byte, addr, count uint16) ([]uint16, error) {
	r, err := read(ctx, c, unit, FuncReadHoldingRegisters, addr, count)
	return r.Registers, err
}

// ReadInputRegisters reads count input registers from addr (FC 04).
func ReadInputRegisters(ctx context.Context, c Client, unit byte, addr, count uint16) ([]uint16, error) {
	r, err := read(ctx, c, unit, FuncReadInputRegisters, addr, count)
	return r.Registers, err
}

// WriteCoil sets or clears one coil (FC 05).
func WriteCoil(ctx context.Context, c Client, unit byte, addr uint16, on bool) error {
	_, err := Transact(ctx, c, unit, WriteSingleCoil(addr, on))
	return err
}

// WriteRegister writes one holding register (FC 06).
func WriteRegister(ctx context.Context, c Client, unit byte, addr, v uint16) error {
	_, err := Transact(ctx, c, unit, WriteSingleRegister(addr, v))
	return err
}

// WriteCoils writes coils from addr on (FC 15).
func WriteCoils(ctx context.Context, c Client, unit byte, addr uint16, bits []bool) error {
	req, err := WriteMultipleCoils(addr, bits)
	if err != nil {
		return err
	}
	_, err = Transact(ctx, c, unit, req)
	return err
}

// WriteRegisters writes holding registers from addr on (FC 16).
func WriteRegisters(ctx context.Context, c Client, unit byte, addr uint16, vals []uint16) error {
	req, err := WriteMultipleRegisters(addr, vals)
	if err != nil {
		return err
	}
	_, err = Transact(ctx, c, unit, req)
	return err
}

// deadline is the earlier of now+timeout and ctx's deadline.
func deadline(ctx context.Context, timeout time.Duration) time.Time {
	if timeout <= 0 {
		timeout = DefaultTimeout
	}
	d := time.Now().Add(timeout)
	if cd, ok := ctx.Deadline(); ok && cd.Before(d) {
		d = cd
	}
	return d
}
