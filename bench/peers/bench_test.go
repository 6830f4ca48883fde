package peers_test

import (
	"context"
	"flag"
	"fmt"
	"sync"
	"testing"

	"github.com/neardup/neardup"
	"github.com/neardup/neardup/bench/peers"
	"github.com/neardup/neardup/internal/floor"
)

// corpusMB sizes the generated corpus every benchmark here runs on; run
// with -corpus.mb 100 for the large comparison.
var corpusMB = flag.Int("corpus.mb", 10, "size in MB of the generated corpus the benchmarks run on")

var (
	benchOnce sync.Once
	benchCorp []neardup.Document
	benchErr  error
)

// benchDocs returns the benchmark corpus, generated once per process, and
// the name of the sub-benchmark that says its size.
func benchDocs(b *testing.B) ([]neardup.Document, string) {
	benchOnce.Do(func() {
		benchCorp, _, benchErr = peers.Generate(1, *corpusMB<<20)
	})
	if benchErr != nil {
		b.Fatal(benchErr)
	}
	return benchCorp, fmt.Sprintf("%dMB", *corpusMB)
}

// bench runs job on the benchmark corpus as a sub-benchmark named for its
// size, counting the corpus's text as the bytes processed.
func bench(b *testing.B, job func(docs []neardup.Document) error) {
	docs, name := benchDocs(b)
	b.Run(name, func(b *testing.B) {
		b.SetBytes(peers.TextBytes(docs))
		b.ReportAllocs()
		for b.Loop() {
			if err := job(docs); err != nil {
				b.Fatal(err)
			}
		}
	})
}

// BenchmarkNeardup is neardup's whole job with default options: detection
// and the JSON report (to io.Discard).
func BenchmarkNeardup(b *testing.B) {
	bench(b, func(docs []neardup.Document) error {
		_, err := peers.Neardup(context.Background(), docs, neardup.Options{})
		return err
	})
}

// BenchmarkEkzhuParagraphs is the paragraph job on ekzhu/minhash-lsh.
func BenchmarkEkzhuParagraphs(b *testing.B) {
	bench(b, func(docs []neardup.Document) error {
		r, err := peers.Ekzhu(docs, peers.DefaultConfig())
		if err == nil {
			r.Cases(docs)
		}
		return err
	})
}

// BenchmarkDgryskiParagraphs is the paragraph job on dgryski/go-minhash
// signatures and this package's band index.
func BenchmarkDgryskiParagraphs(b *testing.B) {
	bench(b, func(docs []neardup.Document) error {
		r, err := peers.Dgryski(docs, peers.DefaultConfig())
		if err == nil {
			r.Cases(docs)
		}
		return err
	})
}

var sink uint64

// BenchmarkFloorXXHash reads all the text once.
func BenchmarkFloorXXHash(b *testing.B) {
	bench(b, func(docs []neardup.Document) error {
		sink ^= floor.Read(docs)
		return nil
	})
}

// BenchmarkFloorWordSplit splits all the text into words once.
func BenchmarkFloorWordSplit(b *testing.B) {
	bench(b, func(docs []neardup.Document) error {
		sink += uint64(floor.Split(docs))
		return nil
	})
}
