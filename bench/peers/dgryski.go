package peers

import (
	"cmp"
	"encoding/binary"
	"fmt"
	"slices"

	"github.com/cespare/xxhash/v2"
	minhash "github.com/dgryski/go-minhash"
	"github.com/neardup/neardup"
)

// Dgryski runs the paragraph job with github.com/dgryski/go-minhash, which
// makes signatures only: its MinWise signs each paragraph, given two
// 64-bit hashes as its README advises (xxhash, unseeded and seeded from
// cfg.Seed), and a plain banded LSH index of this package (BandIndex) finds
// candidates, with the bands and rows ekzhu/minhash-lsh picks (EkzhuBands)
// so that both peers band alike.
func Dgryski(docs []neardup.Document, cfg Config) (*Result, error) {
	if err := cfg.validate(); err != nil {
		return nil, err
	}
	dates, err := parseDates(docs)
	if err != nil {
		return nil, err
	}
	bands, rows := EkzhuBands(cfg.Hashes, cfg.Threshold)
	p := paragraphs(docs, cfg)
	sigs := signAll(p, cfg, func() func(dst, set []uint64) {
		var key [8]byte
		seed := uint64(cfg.Seed)*0x9E3779B97F4A7C15 + 1
		d := xxhash.NewWithSeed(seed)
		h1 := xxhash.Sum64
		h2 := func(b []byte) uint64 {
			d.ResetWithSeed(seed)
			_, _ = d.Write(b)
			return d.Sum64()
		}
		return func(dst, set []uint64) {
			// MinWise has no reset: one per paragraph, as its users write it.
			mw := minhash.NewMinWise(h1, h2, cfg.Hashes)
			for _, h := range set {
				binary.LittleEndian.PutUint64(key[:], h)
				mw.Push(key[:])
			}
			copy(dst, mw.Signature())
		}
	})
	ix, err := NewBandIndex(bands, rows)
	if err != nil {
		return nil, err
	}
	k := cfg.Hashes
	for i := range p.paras {
		ix.Add(sigs[i*k : (i+1)*k])
	}
	return families(docs, dates, p, ix.pairs(), cfg), nil
}

// BandIndex is the simplest banded MinHash LSH index, written here because
// dgryski/go-minhash has none: band b of a signature is its values
// [b×rows, (b+1)×rows), and two signatures are candidates when any band is
// equal. It keeps one 64-bit hash per band and signature and finds equal
// bands by sorting.
type BandIndex struct {
	bands, rows int
	keys        [][]uint64 // keys[b][i]: hash of band b of signature i
}

// NewBandIndex returns an empty index of bands bands of rows values each.
func NewBandIndex(bands, rows int) (*BandIndex, error) {
	if bands < 1 || rows < 1 {
		return nil, fmt.Errorf("%w: %d bands of %d rows", ErrConfig, bands, rows)
	}
	return &BandIndex{bands: bands, rows: rows, keys: make([][]uint64, bands)}, nil
}

// Add indexes a signature of at least bands×rows values under the next
// number: 0 for the first signature added, then 1, and so on.
func (ix *BandIndex) Add(sig []uint64) {
	for b := range ix.bands {
		h := uint64(0x243F6A8885A308D3)
		for _, v := range sig[b*ix.rows : (b+1)*ix.rows] {
			h = (h ^ v) * 0x9E3779B185EBCA87
			h ^= h >> 29
		}
		ix.keys[b] = append(ix.keys[b], h)
	}
}

// Pairs returns every pair of signature numbers (a < b) that share a
// band, once, in increasing order.
func (ix *BandIndex) Pairs() [][2]int {
	ps := ix.pairs()
	out := make([][2]int, len(ps))
	for i, p := range ps {
		out[i][0], out[i][1] = p.split()
	}
	return out
}

// pairs returns the pairs of every bucket of every band, sorted and
// without repeats. A paragraph repeated in many documents falls in one
// bucket of every band, so each band's pairs are merged into the others'
// as soon as they are found: the pairs are held once, not once per band.
func (ix *BandIndex) pairs() []pair {
	if len(ix.keys[0]) == 0 {
		return nil
	}
	var all, band, merged []pair
	order := make([]int, len(ix.keys[0]))
	for _, keys := range ix.keys {
		for i := range order {
			order[i] = i
		}
		slices.SortFunc(order, func(x, y int) int { return cmp.Or(cmp.Compare(keys[x], keys[y]), cmp.Compare(x, y)) })
		band = band[:0]
		for i := 0; i < len(order); {
			j := i + 1
			for j < len(order) && keys[order[j]] == keys[order[i]] {
				j++
			}
			for a := i; a < j; a++ {
				for b := a + 1; b < j; b++ {
					band = append(band, makePair(order[a], order[b]))
				}
			}
			i = j
		}
		slices.Sort(band)
		merged = mergeUnique(merged[:0], all, band)
		all, merged = merged, all
	}
	return all
}

// mergeUnique appends to dst the union of two sorted lists, each value
// once.
func mergeUnique(dst, a, b []pair) []pair {
	for len(a) > 0 || len(b) > 0 {
		var v pair
		switch {
		case len(b) == 0 || (len(a) > 0 && a[0] <= b[0]):
			v, a = a[0], a[1:]
		default:
			v, b = b[0], b[1:]
		}
		if len(dst) == 0 || dst[len(dst)-1] != v {
			dst = append(dst, v)
		}
	}
	return dst
}
