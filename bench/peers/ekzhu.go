package peers

import (
	"encoding/binary"

	minhashlsh "github.com/ekzhu/minhash-lsh"
	"github.com/neardup/neardup"
)

// Ekzhu runs the paragraph job with github.com/ekzhu/minhash-lsh: its
// Minhash (two seeded FNV-1a hashes combined into cfg.Hashes functions)
// signs each paragraph, and its MinhashLSH index, which picks its own bands
// and rows for cfg.Hashes and cfg.Threshold, finds candidates: every
// paragraph is added, the index is built, and every paragraph is queried.
func Ekzhu(docs []neardup.Document, cfg Config) (*Result, error) {
	if err := cfg.validate(); err != nil {
		return nil, err
	}
	dates, err := parseDates(docs)
	if err != nil {
		return nil, err
	}
	p := paragraphs(docs, cfg)
	sigs := signAll(p, cfg, func() func(dst, set []uint64) {
		var key [8]byte
		return func(dst, set []uint64) {
			// The library's Minhash has no reset, so each paragraph gets a
			// new one, as its users write it.
			mh := minhashlsh.NewMinhash(cfg.Seed, cfg.Hashes)
			for _, h := range set {
				binary.LittleEndian.PutUint64(key[:], h)
				mh.Push(key[:])
			}
			copy(dst, mh.Signature())
		}
	})
	k := cfg.Hashes
	lsh := minhashlsh.NewMinhashLSH(k, cfg.Threshold)
	for i := range p.paras {
		lsh.Add(i, sigs[i*k:(i+1)*k])
	}
	lsh.Index()
	var cands []pair
	for i := range p.paras {
		for _, key := range lsh.Query(sigs[i*k : (i+1)*k]) {
			if j := key.(int); j != i {
				cands = append(cands, makePair(i, j))
			}
		}
	}
	return families(docs, dates, p, cands, cfg), nil
}

// EkzhuBands returns the bands and rows per band that ekzhu/minhash-lsh
// chooses for a signature of hashes values at threshold.
func EkzhuBands(hashes int, threshold float64) (bands, rows int) {
	rows, bands = minhashlsh.NewMinhashLSH(hashes, threshold).Params()
	return bands, rows
}
