package neardup_test

import (
	"context"
	"flag"
	"fmt"
	"io"
	"strings"
	"sync"
	"testing"

	"github.com/cespare/xxhash/v2"
	"github.com/neardup/neardup"
	"github.com/neardup/neardup/internal/corpus"
	"github.com/neardup/neardup/report"
)

// The whole-job benchmarks run on a generated 10 MB corpus; -bench.large
// adds 100 MB. BenchmarkStage (stage_bench_test.go) splits the job into
// its stages. Before/after comparisons:
//
//	go test -run XXX -bench 'Run|Floor' -benchtime 3x -count 6 . > new.txt
//	benchstat old.txt new.txt
//
// Peak memory of the 1 GB case is measured on the command-line tool, end
// to end (read, detect, write the JSON report), with GNU time:
//
//	go run ./internal/cmd/gencorpus -bytes 1000000000 -seed 1 -o /tmp/c1g.jsonl
//	go build -o /tmp/neardup ./cmd/neardup
//	GOMEMLIMIT=3300MiB /usr/bin/time -v /tmp/neardup -format json -o /tmp/r.json /tmp/c1g.jsonl
//
// "Maximum resident set size" is the peak. GOMEMLIMIT keeps the garbage
// collector from letting the heap grow to twice its live size, which it
// otherwise does (the live heap peaks near 3 GB: the text, then the
// windows' band keys, then the candidate pairs and shingle hashes).
var benchLarge = flag.Bool("bench.large", false, "also benchmark a 100 MB generated corpus")

var (
	benchMu      sync.Mutex
	benchCorpora = map[int][]neardup.Document{}
)

// benchDocs returns a generated corpus of about size bytes, made once per
// process.
func benchDocs(b *testing.B, size int) ([]neardup.Document, int64) {
	benchMu.Lock()
	defer benchMu.Unlock()
	docs, ok := benchCorpora[size]
	if !ok {
		cfg := corpus.DefaultConfig()
		cfg.Bytes = size
		for d, err := range corpus.Docs(cfg) {
			if err != nil {
				b.Fatal(err)
			}
			docs = append(docs, neardup.Document{ID: d.ID, Text: d.Text, Title: d.Title, Source: d.Source, Date: d.Date, URL: d.URL})
		}
		benchCorpora[size] = docs
	}
	var n int64
	for _, d := range docs {
		n += int64(len(d.Text))
	}
	return docs, n
}

func benchSizes() []int {
	s := []int{10 << 20}
	if *benchLarge {
		s = append(s, 100<<20)
	}
	return s
}

// BenchmarkRun is the whole job: detect and write the JSON report.
func BenchmarkRun(b *testing.B) {
	for _, size := range benchSizes() {
		b.Run(fmt.Sprintf("%dMB", size>>20), func(b *testing.B) {
			docs, n := benchDocs(b, size)
			b.SetBytes(n)
			b.ReportAllocs()
			for b.Loop() {
				r, err := neardup.Run(context.Background(), docs, neardup.Options{})
				if err != nil {
					b.Fatal(err)
				}
				if err := report.WriteJSON(io.Discard, r); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}

// BenchmarkFloor is what any tool must at least do: read every byte once
// (one xxhash pass) and split it into words once.
func BenchmarkFloor(b *testing.B) {
	for _, size := range benchSizes() {
		docs, n := benchDocs(b, size)
		b.Run(fmt.Sprintf("xxhash/%dMB", size>>20), func(b *testing.B) {
			b.SetBytes(n)
			b.ReportAllocs()
			var sink uint64
			for b.Loop() {
				for _, d := range docs {
					sink ^= xxhash.Sum64String(d.Text)
				}
			}
			_ = sink
		})
		b.Run(fmt.Sprintf("fields/%dMB", size>>20), func(b *testing.B) {
			b.SetBytes(n)
			b.ReportAllocs()
			words := 0
			for b.Loop() {
				for _, d := range docs {
					for range strings.FieldsSeq(d.Text) {
						words++
					}
				}
			}
			_ = words
		})
	}
}
