package minhash

import (
	"bytes"
	"encoding"
	"encoding/binary"
	"errors"
	"hash/crc32"
	"io"
	"math/rand/v2"
	"slices"
	"testing"
)

var (
	_ encoding.BinaryAppender    = Signature(nil)
	_ encoding.BinaryMarshaler   = Signature(nil)
	_ encoding.BinaryUnmarshaler = (*Signature)(nil)
	_ io.WriterTo                = (*Index)(nil)
	_ io.ReaderFrom              = (*Index)(nil)
)

func TestSignatureEncoding(t *testing.T) {
	sig := Signature{0, 1, 0xdeadbeef, EmptyValue - 1}
	data, err := sig.MarshalBinary()
	if err != nil {
		t.Fatal(err)
	}
	// Written out by hand from the documented layout.
	want := []byte{
		'N', 'D', 'S', 'G', 1, 0, 4, 0,
		0, 0, 0, 0,
		1, 0, 0, 0,
		0xef, 0xbe, 0xad, 0xde,
		0xfe, 0xff, 0xff, 0xff,
	}
	if !bytes.Equal(data, want) {
		t.Fatalf("encoding\n% x\nwant\n% x", data, want)
	}
	var back Signature
	if err := back.UnmarshalBinary(data); err != nil {
		t.Fatal(err)
	}
	if !slices.Equal(back, sig) {
		t.Errorf("round trip gave %v, want %v", back, sig)
	}
}

func TestSignatureStream(t *testing.T) {
	rng := rand.New(rand.NewPCG(41, 42))
	s := mustSigner(t, 64, 1)
	var data []byte
	var want []Signature
	for i := range 5 {
		sig := s.AppendSignature(nil, randomSet(rng, i*7)) // the first is empty
		want = append(want, sig)
		var err error
		if data, err = sig.AppendBinary(data); err != nil {
			t.Fatal(err)
		}
	}
	var got Signature
	for i, w := range want {
		var err error
		got, data, err = DecodeSignature(got[:0], data)
		if err != nil {
			t.Fatalf("signature %d: %v", i, err)
		}
		if !slices.Equal(got, w) {
			t.Fatalf("signature %d differs", i)
		}
	}
	if len(data) != 0 {
		t.Errorf("%d bytes left", len(data))
	}
	if !want[0].IsEmpty() {
		t.Error("the first signature should be the empty set's")
	}
}

func TestSignatureDecodingErrors(t *testing.T) {
	good, _ := Signature{5, 6, 7}.MarshalBinary()
	edit := func(f func(b []byte) []byte) []byte { return f(slices.Clone(good)) }
	cases := []struct {
		name string
		data []byte
		want error
	}{
		{"empty", nil, ErrBadFormat},
		{"short header", good[:5], ErrBadFormat},
		{"bad magic", edit(func(b []byte) []byte { b[0] = 'X'; return b }), ErrBadFormat},
		{"version", edit(func(b []byte) []byte { b[4] = 2; return b }), ErrVersion},
		{"zero length", edit(func(b []byte) []byte { b[6] = 0; return b[:8] }), ErrBadFormat},
		{"too long", edit(func(b []byte) []byte { binary.LittleEndian.PutUint16(b[6:], MaxSize+1); return b }), ErrBadFormat},
		{"truncated", good[:len(good)-1], ErrBadFormat},
		{"trailing", append(slices.Clone(good), 0), ErrBadFormat},
		{"partly empty", edit(func(b []byte) []byte { copy(b[8:], []byte{0xff, 0xff, 0xff, 0xff}); return b }), ErrBadFormat},
	}
	for _, c := range cases {
		var s Signature
		if err := s.UnmarshalBinary(c.data); !errors.Is(err, c.want) {
			t.Errorf("%s: err = %v, want %v", c.name, err, c.want)
		}
	}
	if _, err := (Signature{}).AppendBinary(nil); !errors.Is(err, ErrInvalidSize) {
		t.Errorf("encoding a zero-length signature: err = %v, want ErrInvalidSize", err)
	}
}

func TestSignatureUnmarshalAllocatesNothing(t *testing.T) {
	data, _ := make(Signature, 64).MarshalBinary()
	s := make(Signature, 0, 64)
	if n := testing.AllocsPerRun(50, func() {
		if err := s.UnmarshalBinary(data); err != nil {
			t.Fatal(err)
		}
	}); n != 0 {
		t.Errorf("UnmarshalBinary allocates %v times", n)
	}
}

func testIndex(t testing.TB, n int) *Index {
	rng := rand.New(rand.NewPCG(43, 44))
	x := mustIndex(t, 8, 4)
	for i, s := range corpus(rng, 32, n/5+1, 5)[:n] {
		x.Add(uint32(i), s)
	}
	return x
}

func encode(t testing.TB, x *Index) []byte {
	var buf bytes.Buffer
	n, err := x.WriteTo(&buf)
	if err != nil {
		t.Fatal(err)
	}
	if n != int64(buf.Len()) {
		t.Fatalf("WriteTo reported %d bytes, wrote %d", n, buf.Len())
	}
	return buf.Bytes()
}

func TestIndexEncodingLayout(t *testing.T) {
	x := testIndex(t, 3)
	data := encode(t, x)
	entries := x.Entries()
	if entries != 3*8 {
		t.Fatalf("%d entries, want 24", entries)
	}
	if len(data) != 24+12*entries+4 {
		t.Fatalf("%d bytes, want %d", len(data), 24+12*entries+4)
	}
	le := binary.LittleEndian
	if string(data[:4]) != "NDLX" || le.Uint32(data[4:]) != 1 || le.Uint32(data[8:]) != 8 ||
		le.Uint32(data[12:]) != 4 || le.Uint64(data[16:]) != uint64(entries) {
		t.Fatalf("header % x", data[:24])
	}
	for i := range entries {
		if k := le.Uint64(data[24+8*i:]); k != x.keys[i] {
			t.Fatalf("key %d = %#x, want %#x", i, k, x.keys[i])
		}
		if id := le.Uint32(data[24+8*entries+4*i:]); id != x.ids[i] {
			t.Fatalf("id %d = %d, want %d", i, id, x.ids[i])
		}
	}
	body := data[:len(data)-4]
	if got, want := le.Uint32(data[len(body):]), crc32.Checksum(body, crc32.MakeTable(crc32.Castagnoli)); got != want {
		t.Errorf("checksum %#x, want CRC-32C %#x", got, want)
	}
}

func TestIndexRoundTrip(t *testing.T) {
	for _, n := range []int{0, 1, 100, 3000} { // 3000×8 entries span several chunks
		x := testIndex(t, n)
		data := encode(t, x)
		// Trailing data belongs to the next reader.
		r := bytes.NewReader(append(slices.Clone(data), "next"...))
		var y Index
		read, err := y.ReadFrom(r)
		if err != nil {
			t.Fatalf("n=%d: %v", n, err)
		}
		if read != int64(len(data)) || r.Len() != 4 {
			t.Errorf("n=%d: read %d bytes, want %d", n, read, len(data))
		}
		if err := y.Validate(); err != nil {
			t.Fatal(err)
		}
		if y.Bands() != x.Bands() || y.Rows() != x.Rows() || !slices.Equal(y.keys, x.keys) || !slices.Equal(y.ids, x.ids) {
			t.Fatalf("n=%d: read index differs", n)
		}
		if !slices.Equal(y.AppendPairs(nil, 10), x.AppendPairs(nil, 10)) {
			t.Fatalf("n=%d: pairs differ", n)
		}
		if again := encode(t, &y); !bytes.Equal(again, data) {
			t.Fatalf("n=%d: re-encoding differs", n)
		}
	}
	var zero Index
	if _, err := zero.WriteTo(io.Discard); !errors.Is(err, ErrInvalidSize) {
		t.Errorf("writing the zero Index: err = %v, want ErrInvalidSize", err)
	}
}

func TestIndexReadingRejectsCorruption(t *testing.T) {
	data := encode(t, testIndex(t, 20))
	check := func(what string, d []byte, want ...error) {
		t.Helper()
		x := testIndex(t, 5) // reading must replace, or on error empty, this
		_, err := x.ReadFrom(bytes.NewReader(d))
		ok := false
		for _, w := range want {
			ok = ok || errors.Is(err, w)
		}
		if !ok {
			t.Fatalf("%s: err = %v, want one of %v", what, err, want)
		}
		if x.Bands() != 0 || x.Entries() != 0 {
			t.Fatalf("%s: index not left empty after an error", what)
		}
	}
	for n := range len(data) {
		check("truncated", data[:n], ErrBadFormat)
	}
	for i := range data {
		d := slices.Clone(data)
		d[i] ^= 0x10
		check("flipped byte", d, ErrBadFormat, ErrVersion)
	}
	// Entries out of order under a correct checksum.
	d := slices.Clone(data)
	le := binary.LittleEndian
	k0, k1 := le.Uint64(d[24:]), le.Uint64(d[32:])
	le.PutUint64(d[24:], k1)
	le.PutUint64(d[32:], k0)
	le.PutUint32(d[len(d)-4:], crc32.Checksum(d[:len(d)-4], castagnoli))
	check("unsorted", d, ErrBadFormat)
	// A header that claims far more entries than follow.
	d = slices.Clone(data[:24])
	le.PutUint64(d[16:], 1<<47)
	check("huge count", d, ErrBadFormat)
	le.PutUint64(d[16:], 1<<62)
	check("impossible count", d, ErrBadFormat)
	d = slices.Clone(data)
	le.PutUint32(d[4:], 2)
	check("version", d, ErrVersion)
}

// errWriter fails after n bytes.
type errWriter struct{ n int }

func (w *errWriter) Write(p []byte) (int, error) {
	if len(p) > w.n {
		k := w.n
		w.n = 0
		return k, io.ErrShortWrite
	}
	w.n -= len(p)
	return len(p), nil
}

func TestIndexWriteErrors(t *testing.T) {
	x := testIndex(t, 3000)
	total := len(encode(t, x))
	for _, limit := range []int{0, 10, 40000, total - 2} {
		n, err := x.WriteTo(&errWriter{limit})
		if !errors.Is(err, io.ErrShortWrite) {
			t.Errorf("limit %d: err = %v, want the writer's", limit, err)
		}
		if n != int64(limit) {
			t.Errorf("limit %d: reported %d bytes written", limit, n)
		}
	}
}

func FuzzReadIndex(f *testing.F) {
	f.Add(encode(f, testIndex(f, 4)))
	f.Add(encode(f, testIndex(f, 0)))
	f.Add([]byte("NDLX"))
	f.Add([]byte{})
	f.Fuzz(func(t *testing.T, data []byte) {
		var x Index
		n, err := x.ReadFrom(bytes.NewReader(data))
		if err != nil {
			if !errors.Is(err, ErrBadFormat) && !errors.Is(err, ErrVersion) {
				t.Fatalf("error %v wraps neither ErrBadFormat nor ErrVersion", err)
			}
			return
		}
		if err := x.Validate(); err != nil {
			t.Fatalf("read an invalid index: %v", err)
		}
		if again := encode(t, &x); !bytes.Equal(again, data[:n]) {
			t.Fatal("re-encoding differs from the input")
		}
		x.AppendPairs(nil, 4)
		x.AppendQuery(nil, make(Signature, x.Bands()*x.Rows()))
	})
}

func FuzzDecodeSignature(f *testing.F) {
	good, _ := Signature{1, 2, 3}.MarshalBinary()
	f.Add(good)
	f.Add([]byte("NDSG\x01\x00\x00\x00"))
	f.Fuzz(func(t *testing.T, data []byte) {
		sig, rest, err := DecodeSignature(nil, data)
		if err != nil {
			if !errors.Is(err, ErrBadFormat) && !errors.Is(err, ErrVersion) {
				t.Fatalf("error %v wraps neither ErrBadFormat nor ErrVersion", err)
			}
			return
		}
		again, err := sig.AppendBinary(nil)
		if err != nil || !bytes.Equal(again, data[:len(data)-len(rest)]) {
			t.Fatalf("re-encoding differs: %v", err)
		}
	})
}

func BenchmarkIndexWriteRead(b *testing.B) {
	x := testIndex(b, 20000)
	data := encode(b, x)
	b.SetBytes(int64(len(data)))
	b.ReportAllocs()
	var y Index
	for b.Loop() {
		if _, err := x.WriteTo(io.Discard); err != nil {
			b.Fatal(err)
		}
		if _, err := y.ReadFrom(bytes.NewReader(data)); err != nil {
			b.Fatal(err)
		}
	}
}
