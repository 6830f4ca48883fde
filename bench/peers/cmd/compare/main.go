// Command compare times neardup, the paragraph job on
// github.com/ekzhu/minhash-lsh and on github.com/dgryski/go-minhash, and two
// floors on one generated news corpus, scores their detections against the
// corpus's ground truth, and prints a Markdown table with the command that
// made it. Run it from the repository root:
//
//	go run ./bench/peers/cmd/compare -mb 10 -runs 5
//
// -window, -stride and -hashes run neardup with other options than its
// defaults, to see what they trade: its speed against the others' and
// its scores.
//
//	go run ./bench/peers/cmd/compare -mb 10 -runs 9 -stride 16
package main

import (
	"context"
	"flag"
	"fmt"
	"os"
	"runtime"
	"strings"
	"time"

	"github.com/neardup/neardup"
	"github.com/neardup/neardup/bench/peers"
)

func main() {
	mb := flag.Int("mb", 10, "size of the generated corpus in MB")
	seed := flag.Uint64("seed", 1, "corpus seed")
	runs := flag.Int("runs", 3, "runs per tool; times and allocations are medians")
	minTime := flag.Duration("mintime", 500*time.Millisecond, "keep running a tool until this much time has passed (for the fast floors)")
	var opts neardup.Options
	flag.IntVar(&opts.Window, "window", 0, "neardup's window, in words (0: its default)")
	flag.IntVar(&opts.Stride, "stride", 0, "neardup's stride, in words (0: its default, half the window)")
	flag.IntVar(&opts.Hashes, "hashes", 0, "neardup's signature length (0: its default)")
	flag.Parse()
	if err := run(*mb, *seed, *runs, *minTime, opts); err != nil {
		fmt.Fprintln(os.Stderr, "compare:", err)
		os.Exit(1)
	}
}

func run(mb int, seed uint64, runs int, minTime time.Duration, opts neardup.Options) error {
	if mb < 1 {
		return fmt.Errorf("-mb %d: the corpus must be at least 1 MB", mb)
	}
	if runs < 1 {
		return fmt.Errorf("-runs %d: at least one run is needed", runs)
	}
	// Bad options fail here, before minutes of peers' runs.
	if _, err := neardup.Run(context.Background(), nil, opts); err != nil {
		return err
	}
	docs, truth, err := peers.Generate(seed, mb<<20)
	if err != nil {
		return err
	}
	cfg := peers.DefaultConfig()
	t, err := peers.Measure(context.Background(), docs, truth, peers.Contenders(cfg, opts), runs, minTime)
	if err != nil {
		return err
	}
	bands, rows := peers.EkzhuBands(cfg.Hashes, cfg.Threshold)
	fmt.Printf("Command (from the repository root): `%s`\n\n", strings.Join(append([]string{"go run ./bench/peers/cmd/compare"}, os.Args[1:]...), " "))
	fmt.Printf("%s %s/%s, %d CPUs, GOMAXPROCS=%d. Corpus: seed %d, %.1f MB of text in %d documents, %d true cases (rewrites left out). "+
		"Median of %d runs per tool (more for the floors). neardup: %s. Peers: %d hashes, %d bands × %d rows, threshold %.2f, word %d-shingles, paragraphs of at least %d words.\n\n",
		runtime.Version(), runtime.GOOS, runtime.GOARCH, runtime.NumCPU(), runtime.GOMAXPROCS(0),
		seed, float64(t.Bytes)/(1<<20), t.Docs, t.Cases, runs, describe(opts), cfg.Hashes, bands, rows, cfg.Threshold, cfg.Shingle, cfg.MinWords)
	return t.WriteMarkdown(os.Stdout)
}

// describe names the options that differ from neardup's defaults.
func describe(o neardup.Options) string {
	var parts []string
	for _, f := range []struct {
		name string
		v    int
	}{{"window", o.Window}, {"stride", o.Stride}, {"hashes", o.Hashes}} {
		if f.v != 0 {
			parts = append(parts, fmt.Sprintf("%s %d", f.name, f.v))
		}
	}
	if len(parts) == 0 {
		return "default options"
	}
	return "options " + strings.Join(parts, ", ")
}
