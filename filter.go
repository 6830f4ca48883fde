package neardup

// repeatFilter tells the keys met more than once among many from those
// certainly met once, in two passes over them and one cache-friendly bit
// array: two bits a slot (met, met again), eight slots a key. Most keys the
// pipeline groups (band keys, line keys) are unique, and a key that is
// unique cannot pair with anything: only the few keys the filter lets
// through need a table or a sort. A unique key shares its slot with
// another key about once in eight and then gets through too, which costs
// time, not results.
type repeatFilter struct {
	bits []uint64
	mask uint64
}

// reset empties the filter and sizes it for n keys.
func (f *repeatFilter) reset(n int) {
	b := uint(6) // one word at least
	for 1<<b < 8*n {
		b++
	}
	if len(f.bits) != 1<<b/32 {
		f.bits = make([]uint64, 1<<b/32)
	} else {
		clear(f.bits)
	}
	f.mask = 1<<b - 1
}

// add counts key h, whose low bits must be well mixed.
func (f *repeatFilter) add(h uint64) {
	s := h & f.mask
	v := f.bits[s>>5]
	sh := s & 31 * 2
	f.bits[s>>5] = v | (1|v>>sh&1<<1)<<sh
}

// repeated reports whether key h may have been added more than once; false
// means it was added once at most.
func (f *repeatFilter) repeated(h uint64) bool {
	s := h & f.mask
	return f.bits[s>>5]>>(s&31*2+1)&1 != 0
}
