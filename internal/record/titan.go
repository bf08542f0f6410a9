package record

import (
	"encoding/json"
	"fmt"
	"strconv"
	"time"
)

// TitanTime is the layout of a Titan record's TS field: day/month/year, no
// zone.
const TitanTime = "02/01/2006 15:04:05"

// TypeModbus is the TYPE of a Titan Modbus reading.
const TypeModbus = "MODB"

// Titan is a Titan router logger record, such as
//
//	{TYPE:MODB,ID:2,TS:17/06/2017 17:01:05,IMEI:357044060009633,P:12345678,A:2,ST:10,N:5,V:[10,11,12,0,0]}
type Titan struct {
	Type string    // TYPE: MODB for Modbus
	ID   int       // ID: the device's number in the router's list
	TS   time.Time // TS: when read, written in TS's own location
	IMEI string    // IMEI: the router's modem
	P    string    // P: the configured ID field
	A    int       // A: the device's Modbus address
	// Blocks are the register blocks read: one is written as ST and N,
	// several as STX, NX and PX (each block's position in V).
	Blocks []Block
	V      []int // V: the values, block after block
	// Seq, when HasSeq is set, is written as a trailing SEQ field; it is off
	// by default so that records stay byte-compatible with Titan servers.
	Seq    uint64
	HasSeq bool
}

// Block is a run of Count registers from Start.
type Block struct{ Start, Count int }

// check reports a record whose blocks and values disagree.
func (t Titan) check() error {
	if t.Type == "" {
		return fmt.Errorf("%w: no TYPE", ErrInvalid)
	}
	if len(t.Blocks) == 0 {
		return fmt.Errorf("%w: no register block", ErrInvalid)
	}
	n := 0
	for _, b := range t.Blocks {
		if b.Count < 0 || b.Start < 0 {
			return fmt.Errorf("%w: block %+v", ErrInvalid, b)
		}
		n += b.Count
	}
	if n != len(t.V) {
		return fmt.Errorf("%w: blocks hold %d values, V has %d", ErrInvalid, n, len(t.V))
	}
	return nil
}

// positions is PX: each block's first index in V.
func (t Titan) positions() []int {
	px := make([]int, len(t.Blocks))
	at := 0
	for i, b := range t.Blocks {
		px[i] = at
		at += b.Count
	}
	return px
}

// FormatTitan writes the record in the Titan's unquoted form, without
// blanks: {TYPE:MODB,ID:2,TS:17/06/2017 17:01:05,IMEI:...,P:...,A:2,ST:10,N:5,V:[...]}.
func FormatTitan(t Titan) (string, error) {
	if err := t.check(); err != nil {
		return "", err
	}
	b := make([]byte, 0, 128+8*len(t.V))
	b = append(b, "{TYPE:"...)
	b = append(b, t.Type...)
	b = append(b, ",ID:"...)
	b = strconv.AppendInt(b, int64(t.ID), 10)
	b = append(b, ",TS:"...)
	b = t.TS.AppendFormat(b, TitanTime)
	b = append(b, ",IMEI:"...)
	b = append(b, t.IMEI...)
	b = append(b, ",P:"...)
	b = append(b, t.P...)
	b = append(b, ",A:"...)
	b = strconv.AppendInt(b, int64(t.A), 10)
	if len(t.Blocks) == 1 {
		b = append(b, ",ST:"...)
		b = strconv.AppendInt(b, int64(t.Blocks[0].Start), 10)
		b = append(b, ",N:"...)
		b = strconv.AppendInt(b, int64(t.Blocks[0].Count), 10)
	} else {
		st, nx := make([]int, len(t.Blocks)), make([]int, len(t.Blocks))
		for i, bl := range t.Blocks {
			st[i], nx[i] = bl.Start, bl.Count
		}
		b = appendList(append(b, ",STX:"...), st)
		b = appendList(append(b, ",NX:"...), nx)
		b = appendList(append(b, ",PX:"...), t.positions())
	}
	b = appendList(append(b, ",V:"...), t.V)
	if t.HasSeq {
		b = append(b, ",SEQ:"...)
		b = strconv.AppendUint(b, t.Seq, 10)
	}
	return string(append(b, '}')), nil
}

func appendList(b []byte, xs []int) []byte {
	b = append(b, '[')
	for i, x := range xs {
		if i > 0 {
			b = append(b, ',')
		}
		b = strconv.AppendInt(b, int64(x), 10)
	}
	return append(b, ']')
}

// titanJSON is the strict-JSON form, fields in the Titan's order.
type titanJSON struct {
	TYPE string  `json:"TYPE"`
	ID   int     `json:"ID"`
	TS   string  `json:"TS"`
	IMEI string  `json:"IMEI"`
	P    string  `json:"P"`
	A    int     `json:"A"`
	ST   *int    `json:"ST,omitempty"`
	N    *int    `json:"N,omitempty"`
	STX  []int   `json:"STX,omitempty"`
	NX   []int   `json:"NX,omitempty"`
	PX   []int   `json:"PX,omitempty"`
	V    []int   `json:"V"`
	SEQ  *uint64 `json:"SEQ,omitempty"`
}

// FormatTitanJSON writes the record as strict JSON with the Titan's field
// names and order; TS, IMEI and P are strings.
func FormatTitanJSON(t Titan) (string, error) {
	if err := t.check(); err != nil {
		return "", err
	}
	j := titanJSON{TYPE: t.Type, ID: t.ID, TS: t.TS.Format(TitanTime), IMEI: t.IMEI, P: t.P, A: t.A, V: t.V}
	if j.V == nil {
		j.V = []int{}
	}
	if len(t.Blocks) == 1 {
		j.ST, j.N = &t.Blocks[0].Start, &t.Blocks[0].Count
	} else {
		for _, b := range t.Blocks {
			j.STX, j.NX = append(j.STX, b.Start), append(j.NX, b.Count)
		}
		j.PX = t.positions()
	}
	if t.HasSeq {
		j.SEQ = &t.Seq
	}
	b, err := json.Marshal(j)
	return string(b), err
}

// ToRecord converts a Titan record to cellgate's JSON record: the device is
// the IMEI, the source "modbus:<A>", one value per register named by its
// address; TS is taken as UTC when it has no zone of its own.
func (t Titan) ToRecord(seq uint64) Record {
	r := Record{Device: t.IMEI, Seq: seq, TS: t.TS.UTC(), Type: "modbus", Source: fmt.Sprintf("modbus:%d", t.A)}
	i := 0
	for _, b := range t.Blocks {
		for k := 0; k < b.Count && i < len(t.V); k++ {
			r.Values = append(r.Values, Value{Name: strconv.Itoa(b.Start + k), Value: t.V[i], Raw: []uint16{uint16(t.V[i])}})
			i++
		}
	}
	return r
}
