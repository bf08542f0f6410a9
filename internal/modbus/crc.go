package modbus

// crcTable is CRC-16/MODBUS (reflected polynomial 0xA001) for each byte.
var crcTable = func() (t [256]uint16) {
	for i := range t {
		crc := uint16(i)
		for range 8 {
			if crc&1 != 0 {
				crc = crc>>1 ^ 0xA001
			} else {
				crc >>= 1
			}
		}
		t[i] = crc
	}
	return t
}()

// CRC16 is the CRC-16/MODBUS of b: polynomial 0xA001 (reflected 0x8005),
// initial value 0xFFFF. An RTU frame carries it low byte first.
func CRC16(b []byte) uint16 {
	crc := uint16(0xFFFF)
	for _, c := range b {
		crc = crc>>8 ^ crcTable[byte(crc)^c]
	}
	return crc
}
