package plc

import "time"

func period(d time.Duration) Duration { return Duration(d) }

// AN32Spec is the map of the Titan AN32 application note's two PLCs on a
// 9600 8N1 RS-485 bus. PLC1 (unit 1) defines exactly the holding registers
// its poll reads, as the eleven blocks at 1, 10, 55, 69, 72, 100, 120, 130,
// 152, 160 and 170 of 1, 3, 2, 2, 9, 10, 5, 4, 3, 7 and 1 registers, so
// that every address in between is illegal; 32-bit values are CDAB. PLC2
// (unit 2) defines holding registers 10 to 14. Both also have a few coils,
// discrete inputs and input registers.
func AN32Spec() MapSpec {
	return MapSpec{Units: []UnitSpec{
		{
			ID: 1, Name: "PLC1",
			Coils: []Block{
				{Addr: 0, Name: "outputs Q0.0-Q0.7", Values: []float64{1, 0, 1, 1, 0, 0, 0, 1}},
			},
			DiscreteInputs: []Block{
				{Addr: 0, Name: "inputs I0.0-I0.3", Values: []float64{1, 1, 0, 0}},
				{Addr: 4, Name: "pulse inputs I0.4-I0.7", Count: 4, Kind: "counter", Period: period(time.Second)},
			},
			InputRegisters: []Block{
				{Addr: 0, Name: "analog inputs AI0-AI3 (0-27648)", Count: 4, Kind: "sine", Min: 4000, Max: 24000, Period: period(2 * time.Minute)},
			},
			HoldingRegisters: []Block{
				{Addr: 1, Name: "run state (1 running)", Value: 1},
				{Addr: 10, Name: "produced parts", Kind: "counter", Start: 1000, Period: period(2 * time.Second)},
				{Addr: 11, Name: "rejected parts", Kind: "counter", Start: 12, Period: period(time.Minute)},
				{Addr: 12, Name: "operating minutes", Kind: "counter", Start: 5400, Period: period(time.Minute)},
				{Addr: 55, Name: "tank temperature °C", Type: "float32", Kind: "sine", Min: 18.5, Max: 24.5, Period: period(10 * time.Minute)},
				{Addr: 69, Name: "line pressure bar", Type: "float32", Kind: "sine", Min: 1.8, Max: 2.4, Period: period(3 * time.Minute)},
				{Addr: 72, Name: "flow m³/h", Type: "float32", Kind: "sine", Min: 3.2, Max: 4.1, Period: period(5 * time.Minute)},
				{Addr: 74, Name: "totalised volume l", Type: "uint32", Kind: "counter", Start: 125000, Step: 1, Period: period(time.Second)},
				{Addr: 76, Name: "motor speeds rpm M1-M5", Count: 5, Kind: "sine", Min: 1420, Max: 1480, Period: period(time.Minute)},
				{Addr: 100, Name: "setpoints (writable)", Values: []float64{220, 250, 180, 2, 40, 60, 1500, 1500, 0, 1}},
				{Addr: 120, Name: "zone temperatures 0.1 °C", Type: "int16", Count: 5, Kind: "sine", Min: 195, Max: 235, Period: period(4 * time.Minute)},
				{Addr: 130, Name: "mains voltage V", Type: "float32", Kind: "sine", Min: 228, Max: 234, Period: period(90 * time.Second)},
				{Addr: 132, Name: "motor current A", Type: "float32", Kind: "sine", Min: 11.5, Max: 14, Period: period(40 * time.Second)},
				{Addr: 152, Name: "alarm words", Values: []float64{0, 0, 0}},
				{Addr: 160, Name: "valve positions %", Count: 7, Kind: "ramp", Min: 0, Max: 100, Period: period(5 * time.Minute)},
				{Addr: 170, Name: "heartbeat", Kind: "counter", Period: period(time.Second)},
			},
		},
		{
			ID: 2, Name: "PLC2",
			HoldingRegisters: []Block{
				{Addr: 10, Name: "batch counter", Kind: "counter", Start: 10, Period: period(5 * time.Second)},
				{Addr: 11, Name: "temperature 0.1 °C", Type: "int16", Kind: "sine", Min: 110, Max: 130, Period: period(2 * time.Minute)},
				{Addr: 12, Name: "mode", Value: 12},
				{Addr: 13, Name: "level %", Type: "float32", Kind: "ramp", Min: 0, Max: 100, Period: period(10 * time.Minute)},
			},
		},
	}}
}

// AN32Map is the map of AN32Spec.
func AN32Map() *Map {
	m, err := NewMap(AN32Spec())
	if err != nil {
		panic(err)
	}
	return m
}
