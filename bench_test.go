package neardup_test

import (
	"context"
	"flag"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"runtime/debug"
	"sync"
	"testing"
	"time"

	"github.com/neardup/neardup"
	"github.com/neardup/neardup/internal/corpus"
	"github.com/neardup/neardup/internal/floor"
	"github.com/neardup/neardup/minhash"
	"github.com/neardup/neardup/report"
	"github.com/neardup/neardup/shingle"
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
//	/usr/bin/time -v /tmp/neardup -format json -o /tmp/r.json /tmp/c1g.jsonl
//
// "Maximum resident set size" is the peak. Unless GOMEMLIMIT is set, the
// tool sets a soft memory limit of 4/3 of neardup.HeapEstimate plus
// 512 MiB, which keeps the collector from letting the heap grow to twice
// its live size (at 1 GB, the live heap peaks near 2.3 times the text).
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
				wholeJob(b, docs)
			}
		})
	}
}

// wholeJob is what BenchmarkRun times: detection with the default
// options, then the JSON report, written to io.Discard.
func wholeJob(b *testing.B, docs []neardup.Document) {
	r, err := neardup.Run(context.Background(), docs, neardup.Options{})
	if err != nil {
		b.Fatal(err)
	}
	if err := report.WriteJSON(io.Discard, r); err != nil {
		b.Fatal(err)
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
				sink ^= floor.Read(docs)
			}
			_ = sink
		})
		b.Run(fmt.Sprintf("fields/%dMB", size>>20), func(b *testing.B) {
			b.SetBytes(n)
			b.ReportAllocs()
			words := 0
			for b.Loop() {
				words += floor.Split(docs)
			}
			_ = words
		})
	}
}

// BenchmarkAgainstFloor runs the whole job (as BenchmarkRun) and the floor
// (as BenchmarkFloor: one xxhash pass and one word split) one after the
// other in every iteration, so that both meet the machine at the same
// speed, and reports the job's time over the floor's as x-floor. The
// machine's speed moves from one minute to the next; two benchmarks run
// minutes apart give a ratio of their spells as much as of their work.
//
// In the fresh case every iteration first returns the free memory to the
// operating system (debug.FreeOSMemory, not timed), so that the job
// starts from the heap a new process has, and pays for every page it
// touches; otherwise it reuses the memory the iteration before freed.
//
//	go test -run '^$' -bench AgainstFloor -count 10 . | benchstat -
func BenchmarkAgainstFloor(b *testing.B) {
	for _, size := range benchSizes() {
		for _, fresh := range []bool{false, true} {
			name := fmt.Sprintf("%dMB", size>>20)
			if fresh {
				name += "/fresh"
			}
			b.Run(name, func(b *testing.B) {
				docs, _ := benchDocs(b, size)
				b.ReportAllocs()
				var jobTime, floorTime time.Duration
				var sink uint64
				words := 0
				for b.Loop() {
					if fresh {
						debug.FreeOSMemory()
					}
					t0 := time.Now()
					wholeJob(b, docs)
					t1 := time.Now()
					sink ^= floor.Read(docs)
					words += floor.Split(docs)
					jobTime += t1.Sub(t0)
					floorTime += time.Since(t1)
				}
				_, _ = sink, words
				b.ReportMetric(float64(jobTime)/float64(floorTime), "x-floor")
			})
		}
	}
}

// BenchmarkShingleSign is sketching on one core: tokenise, shingle and
// sign, with nothing kept, on English news (the karabakh articles, 1 MB of
// repeats) and on the 10 MB generated corpus, whose larger vocabulary
// makes the tokeniser's word cache miss more often.
//
//   - documents: one 64-value signature per document, the job MinHash
//     libraries are usually given.
//   - windows: what the pipeline's sketch stage does: a signature of the
//     default length for every window of Window words, every Stride words,
//     with the window's LSH band keys.
func BenchmarkShingleSign(b *testing.B) {
	gen, n := benchDocs(b, 10<<20)
	news, nn := karabakhNews(b, 1<<20)
	for _, c := range []struct {
		name string
		docs []neardup.Document
		n    int64
	}{{"news", news, nn}, {"generated", gen, n}} {
		b.Run(c.name+"/documents", func(b *testing.B) { benchSign(b, c.docs, c.n, false) })
		b.Run(c.name+"/windows", func(b *testing.B) { benchSign(b, c.docs, c.n, true) })
	}
}

// karabakhNews returns the karabakh articles repeated to about size bytes.
func karabakhNews(b *testing.B, size int) ([]neardup.Document, int64) {
	files, err := filepath.Glob("testdata/karabakh/*.txt")
	if err != nil || len(files) == 0 {
		b.Fatalf("no karabakh articles: %v", err)
	}
	var docs []neardup.Document
	var n int64
	for n < int64(size) {
		for _, f := range files {
			text, err := os.ReadFile(f)
			if err != nil {
				b.Fatal(err)
			}
			docs = append(docs, neardup.Document{ID: fmt.Sprint(len(docs)), Text: string(text)})
			n += int64(len(text))
		}
	}
	return docs, n
}

func benchSign(b *testing.B, docs []neardup.Document, n int64, windows bool) {
	o := neardup.DefaultOptions()
	var s *minhash.Signer
	var err error
	if windows {
		s, err = minhash.NewGroupedSigner(o.Hashes, o.Seed)
	} else {
		s, err = minhash.NewSigner(64, o.Seed)
	}
	if err != nil {
		b.Fatal(err)
	}
	bands, rows, err := minhash.Bands(o.Threshold, o.Hashes, 0.5, 0.5)
	if err != nil {
		b.Fatal(err)
	}
	ix, err := minhash.NewIndex(bands, rows)
	if err != nil {
		b.Fatal(err)
	}
	win := o.Window - o.Shingle + 1
	var (
		tok    shingle.Tokenizer
		words  []shingle.Word
		hashes []uint64
		sig    minhash.Signature
		keys   []uint64
	)
	b.SetBytes(n)
	b.ReportAllocs()
	for b.Loop() {
		for _, d := range docs {
			words = tok.AppendWords(words[:0], d.Text)
			hashes = shingle.AppendShingleHashes(hashes[:0], words, o.Shingle, o.Seed)
			if !windows {
				sig = s.AppendSignature(sig[:0], hashes)
				continue
			}
			for lo := 0; ; lo += o.Stride {
				hi := min(lo+win, len(hashes))
				sig = s.AppendSignature(sig[:0], hashes[max(0, hi-win):hi])
				keys = ix.AppendKeys(keys[:0], sig)
				if hi == len(hashes) {
					break
				}
			}
		}
	}
}
