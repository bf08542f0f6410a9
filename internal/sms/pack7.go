package sms

// Pack7 packs septets into octets the way TS 23.038 6.1.2.1.1 lays them
// out: the first septet in the low bits of the first octet, each next septet
// continuing where the previous one ended. fillBits (0-6) zero bits come
// first; they align text that follows a user data header on a septet
// boundary. Bit 7 of each septet is ignored. The result is
// ceil((fillBits+7*len(septets))/8) octets; unused high bits of the last
// octet are zero. Pack7 returns nil if fillBits is outside 0-6.
func Pack7(septets []byte, fillBits int) []byte {
	if fillBits < 0 || fillBits > 6 {
		return nil
	}
	out := make([]byte, (fillBits+7*len(septets)+7)/8)
	for i, s := range septets {
		s &= 0x7F
		bit := fillBits + 7*i
		idx, shift := bit/8, uint(bit%8)
		out[idx] |= s << shift
		if shift > 1 {
			out[idx+1] |= s >> (8 - shift)
		}
	}
	return out
}

// Unpack7 is the inverse of Pack7: it reads count septets from b after
// skipping fillBits (0-6) bits. If b holds fewer than count septets, it
// returns as many as b holds. Unpack7 returns nil if count is negative or
// fillBits is outside 0-6.
func Unpack7(b []byte, count, fillBits int) []byte {
	if count < 0 || fillBits < 0 || fillBits > 6 {
		return nil
	}
	avail := (8*len(b) - fillBits) / 7 // never negative: fillBits < 7
	if count > avail {
		count = avail
	}
	out := make([]byte, count)
	for i := range out {
		bit := fillBits + 7*i
		idx, shift := bit/8, uint(bit%8)
		v := b[idx] >> shift
		if shift > 1 {
			v |= b[idx+1] << (8 - shift)
		}
		out[i] = v & 0x7F
	}
	return out
}
