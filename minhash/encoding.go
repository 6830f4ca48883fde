package minhash

import (
	"encoding/binary"
	"errors"
	"fmt"
	"hash/crc32"
	"io"
)

// Binary formats. All integers are little-endian.
//
// Signature (8 + 4k bytes):
//
//	"NDSG" | version uint16 | k uint16 | k × value uint32
//
// Index (28 + 12n bytes for n entries):
//
//	"NDLX" | version uint32 | bands uint32 | rows uint32 | n uint64 |
//	n × key uint64 | n × id uint32 | CRC-32C of everything before it, uint32
//
// Entries are stored sorted by (key, id) without repeats, as Build leaves
// them; reading checks it. A version covers both the layout and the hash
// functions that produced the values (see Signer and bandKey): signatures
// or indexes made under another version cannot be compared with these.
const (
	SignatureVersion = 1
	IndexVersion     = 1
)

const (
	signatureMagic  = "NDSG"
	indexMagic      = "NDLX"
	signatureHeader = 8
	indexHeader     = 24
	// maxEntries bounds the entry count a header may claim, far above any
	// real index, so that sizes computed from it cannot overflow.
	maxEntries = 1 << 48
)

var (
	// ErrBadFormat is wrapped by errors for input that is not a valid
	// encoding (wrong magic, impossible sizes, truncation, bad checksum,
	// unsorted entries) and by Index.Validate.
	ErrBadFormat = errors.New("minhash: bad format")
	// ErrVersion is wrapped by errors for input with the right magic but a
	// format version this package does not read.
	ErrVersion = errors.New("minhash: unsupported format version")
)

var castagnoli = crc32.MakeTable(crc32.Castagnoli)

// AppendBinary appends the encoding of s to b (see encoding.BinaryAppender).
// It fails only for a length outside [1, MaxSize].
func (s Signature) AppendBinary(b []byte) ([]byte, error) {
	if len(s) < 1 || len(s) > MaxSize {
		return b, fmt.Errorf("%w: signature of %d values is not in [1, %d]", ErrInvalidSize, len(s), MaxSize)
	}
	b = append(b, signatureMagic...)
	b = binary.LittleEndian.AppendUint16(b, SignatureVersion)
	b = binary.LittleEndian.AppendUint16(b, uint16(len(s)))
	for _, v := range s {
		b = binary.LittleEndian.AppendUint32(b, v)
	}
	return b, nil
}

// MarshalBinary returns the encoding of s.
func (s Signature) MarshalBinary() ([]byte, error) {
	return s.AppendBinary(make([]byte, 0, signatureHeader+4*len(s)))
}

// UnmarshalBinary sets *s to the signature encoded in data, which must hold
// exactly one encoding. It reuses the capacity of *s.
func (s *Signature) UnmarshalBinary(data []byte) error {
	sig, rest, err := DecodeSignature((*s)[:0], data)
	if err != nil {
		return err
	}
	if len(rest) != 0 {
		return fmt.Errorf("%w: %d bytes after the signature", ErrBadFormat, len(rest))
	}
	*s = sig
	return nil
}

// DecodeSignature decodes the signature at the start of data, appends its
// values to dst, and returns the extended slice and the bytes after the
// encoding, so that a stream of concatenated signatures can be read without
// copying. On error dst is returned unchanged.
func DecodeSignature(dst Signature, data []byte) (Signature, []byte, error) {
	if len(data) < signatureHeader {
		return dst, data, fmt.Errorf("%w: signature truncated at %d bytes", ErrBadFormat, len(data))
	}
	if string(data[:4]) != signatureMagic {
		return dst, data, fmt.Errorf("%w: not a signature (magic %q)", ErrBadFormat, data[:4])
	}
	if v := binary.LittleEndian.Uint16(data[4:]); v != SignatureVersion {
		return dst, data, fmt.Errorf("%w: signature version %d (this package reads %d)", ErrVersion, v, SignatureVersion)
	}
	k := int(binary.LittleEndian.Uint16(data[6:]))
	if k < 1 || k > MaxSize {
		return dst, data, fmt.Errorf("%w: signature length %d is not in [1, %d]", ErrBadFormat, k, MaxSize)
	}
	end := signatureHeader + 4*k
	if len(data) < end {
		return dst, data, fmt.Errorf("%w: signature of %d values truncated at %d bytes", ErrBadFormat, k, len(data))
	}
	body := data[signatureHeader:end]
	// A Signer writes EmptyValue everywhere or nowhere; IsEmpty relies on it.
	empties := 0
	for i := 0; i < len(body); i += 4 {
		if binary.LittleEndian.Uint32(body[i:]) == EmptyValue {
			empties++
		}
	}
	if empties != 0 && empties != k {
		return dst, data, fmt.Errorf("%w: signature holds %d empty-set values out of %d", ErrBadFormat, empties, k)
	}
	n0 := len(dst)
	for i := 0; i < len(body); i += 4 {
		dst = append(dst, binary.LittleEndian.Uint32(body[i:]))
	}
	return dst[:n0+k], data[end:], nil
}

// chunkEntries is how many entries WriteTo and ReadFrom move per buffer.
const chunkEntries = 4096

// WriteTo writes the index in its binary format and returns the bytes
// written. It calls Build first, so pending entries are written sorted.
func (x *Index) WriteTo(w io.Writer) (int64, error) {
	if x.bands == 0 {
		return 0, fmt.Errorf("%w: index has no band layout", ErrInvalidSize)
	}
	x.Build()
	buf := make([]byte, 0, 8*chunkEntries)
	var written int64
	crc := uint32(0)
	flush := func() error {
		crc = crc32.Update(crc, castagnoli, buf)
		n, err := w.Write(buf)
		written += int64(n)
		buf = buf[:0]
		return err
	}
	buf = append(buf, indexMagic...)
	buf = binary.LittleEndian.AppendUint32(buf, IndexVersion)
	buf = binary.LittleEndian.AppendUint32(buf, uint32(x.bands))
	buf = binary.LittleEndian.AppendUint32(buf, uint32(x.rows))
	buf = binary.LittleEndian.AppendUint64(buf, uint64(len(x.keys)))
	for _, k := range x.keys {
		if len(buf)+8 > cap(buf) {
			if err := flush(); err != nil {
				return written, err
			}
		}
		buf = binary.LittleEndian.AppendUint64(buf, k)
	}
	for _, id := range x.ids {
		if len(buf)+4 > cap(buf) {
			if err := flush(); err != nil {
				return written, err
			}
		}
		buf = binary.LittleEndian.AppendUint32(buf, id)
	}
	if err := flush(); err != nil {
		return written, err
	}
	n, err := w.Write(binary.LittleEndian.AppendUint32(buf, crc))
	return written + int64(n), err
}

// ReadFrom replaces the contents of x, layout included, with an index read
// from r, and returns the bytes read. It reads exactly one encoding, so r
// may hold more data after it. It checks magic, version, sizes, checksum
// and order, and returns errors wrapping ErrBadFormat or ErrVersion for
// invalid input (other errors are r's); on any error x is left empty
// without a layout. Memory grows with the data actually read, never with a
// size the header merely claims.
func (x *Index) ReadFrom(r io.Reader) (int64, error) {
	keys, ids := x.keys[:0], x.ids[:0]
	*x = Index{}
	var read int64
	buf := make([]byte, 8*chunkEntries)
	fill := func(p []byte, what string) error {
		n, err := io.ReadFull(r, p)
		read += int64(n)
		if errors.Is(err, io.EOF) || errors.Is(err, io.ErrUnexpectedEOF) {
			return fmt.Errorf("%w: index truncated in the %s after %d bytes", ErrBadFormat, what, read)
		}
		return err
	}
	head := buf[:indexHeader]
	if err := fill(head, "header"); err != nil {
		return read, err
	}
	if string(head[:4]) != indexMagic {
		return read, fmt.Errorf("%w: not an index (magic %q)", ErrBadFormat, head[:4])
	}
	if v := binary.LittleEndian.Uint32(head[4:]); v != IndexVersion {
		return read, fmt.Errorf("%w: index version %d (this package reads %d)", ErrVersion, v, IndexVersion)
	}
	bands := binary.LittleEndian.Uint32(head[8:])
	rows := binary.LittleEndian.Uint32(head[12:])
	if bands > MaxSize || rows > MaxSize {
		return read, fmt.Errorf("%w: %d bands of %d rows", ErrBadFormat, bands, rows)
	}
	if err := checkLayout(int(bands), int(rows)); err != nil {
		return read, fmt.Errorf("%w: %w", ErrBadFormat, err)
	}
	count := binary.LittleEndian.Uint64(head[16:])
	if count > maxEntries || count > uint64(maxInt/12) {
		return read, fmt.Errorf("%w: %d entries", ErrBadFormat, count)
	}
	n := int(count)
	crc := crc32.Update(0, castagnoli, head)

	keys = keys[:0]
	for len(keys) < n {
		p := buf[:8*min(n-len(keys), chunkEntries)]
		if err := fill(p, "keys"); err != nil {
			return read, err
		}
		crc = crc32.Update(crc, castagnoli, p)
		for i := 0; i < len(p); i += 8 {
			keys = append(keys, binary.LittleEndian.Uint64(p[i:]))
		}
	}
	ids = ids[:0]
	for len(ids) < n {
		p := buf[:4*min(n-len(ids), 2*chunkEntries)]
		if err := fill(p, "ids"); err != nil {
			return read, err
		}
		crc = crc32.Update(crc, castagnoli, p)
		for i := 0; i < len(p); i += 4 {
			ids = append(ids, binary.LittleEndian.Uint32(p[i:]))
		}
	}
	tail := buf[:4]
	if err := fill(tail, "checksum"); err != nil {
		return read, err
	}
	if got := binary.LittleEndian.Uint32(tail); got != crc {
		return read, fmt.Errorf("%w: index checksum %#08x, want %#08x", ErrBadFormat, got, crc)
	}
	y := Index{bands: int(bands), rows: int(rows), keys: keys, ids: ids, sorted: n}
	if err := y.Validate(); err != nil {
		return read, err
	}
	*x = y
	return read, nil
}

const maxInt = int(^uint(0) >> 1)
