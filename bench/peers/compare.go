package peers

import (
	"context"
	"fmt"
	"io"
	"maps"
	"runtime"
	"runtime/debug"
	"slices"
	"strings"
	"time"

	"github.com/neardup/neardup"
	"github.com/neardup/neardup/internal/corpus"
	"github.com/neardup/neardup/internal/cputime"
	"github.com/neardup/neardup/internal/floor"
	"github.com/neardup/neardup/internal/pan"
)

// Generate returns the documents of the generated news corpus of the given
// seed and size (corpus.DefaultConfig otherwise) and its true reuse cases,
// leaving out rewritten copies, which no tool here is meant to find:
// the corpus and truth neardup's own evaluation uses.
func Generate(seed uint64, bytes int) ([]neardup.Document, []pan.LabelledCase, error) {
	cfg := corpus.DefaultConfig()
	cfg.Seed = seed
	cfg.Bytes = bytes
	c, err := corpus.Generate(cfg)
	if err != nil {
		return nil, nil, err
	}
	docs := make([]neardup.Document, len(c.Docs))
	for i, d := range c.Docs {
		docs[i] = neardup.Document{ID: d.ID, Text: d.Text, Title: d.Title, Source: d.Source, Date: d.Date, URL: d.URL}
	}
	return docs, c.Cases(corpus.KindReuse, corpus.EditRewrite), nil
}

// TextBytes is the total length of the documents' texts.
func TextBytes(docs []neardup.Document) int64 {
	var n int64
	for _, d := range docs {
		n += int64(len(d.Text))
	}
	return n
}

// Contender is one tool of the comparison.
type Contender struct {
	Name string
	// Floor marks a lower bound on time that detects nothing.
	Floor bool
	// Run does the tool's whole job on docs and returns its detections
	// (nil for a floor).
	Run func(ctx context.Context, docs []neardup.Document) ([]pan.Case, error)
}

// Contender names, as they appear in the table.
const (
	NameNeardup   = "neardup"
	NameEkzhu     = "ekzhu/minhash-lsh"
	NameDgryski   = "dgryski/go-minhash + band index"
	NameXXHash    = "floor: xxhash"
	NameWordSplit = "floor: strings.FieldsSeq"
)

// Contenders returns neardup with opts (the zero value holds its
// defaults), the two peers with cfg, and the two floors, in that order.
func Contenders(cfg Config, opts neardup.Options) []Contender {
	peer := func(run func([]neardup.Document, Config) (*Result, error)) func(context.Context, []neardup.Document) ([]pan.Case, error) {
		return func(_ context.Context, docs []neardup.Document) ([]pan.Case, error) {
			r, err := run(docs, cfg)
			if err != nil {
				return nil, err
			}
			return r.Cases(docs), nil
		}
	}
	return []Contender{
		{Name: NameNeardup, Run: func(ctx context.Context, docs []neardup.Document) ([]pan.Case, error) {
			r, err := Neardup(ctx, docs, opts)
			if err != nil {
				return nil, err
			}
			return NeardupCases(r), nil
		}},
		{Name: NameEkzhu, Run: peer(Ekzhu)},
		{Name: NameDgryski, Run: peer(Dgryski)},
		{Name: NameXXHash, Floor: true, Run: func(_ context.Context, docs []neardup.Document) ([]pan.Case, error) {
			floor.Read(docs)
			return nil, nil
		}},
		{Name: NameWordSplit, Floor: true, Run: func(_ context.Context, docs []neardup.Document) ([]pan.Case, error) {
			floor.Split(docs)
			return nil, nil
		}},
	}
}

// Row is what Measure found for one contender.
type Row struct {
	Name  string
	Floor bool
	Runs  int
	// Time, CPU, SystemCPU and Alloc are the medians over the runs of the
	// wall time, of the CPU time of the process (user and system, all
	// goroutines, garbage collection included; zero where not measured),
	// of the system part of it (the kernel's work for the run, mostly
	// page faults on memory the run touches first) and of the bytes
	// allocated (runtime.MemStats.TotalAlloc) of one run.
	Time      time.Duration
	CPU       time.Duration
	SystemCPU time.Duration
	Alloc     uint64
	// Rounds holds the contender's time in each round (for a floor, the
	// median of its runs in that round).
	Rounds []time.Duration
	// Scores and ByLabel are the PAN measures of the first run's
	// detections and the recall per kind of edit (zero for a floor).
	Scores  pan.Scores
	ByLabel map[string]float64
	// CrossOutlet is the precision of the detections that pair documents
	// of two different sources: the paragraph job reports the outlets'
	// repeated site furniture as reuse, which neardup sets apart as
	// boilerplate, and this shows the precision without it.
	CrossOutlet float64
}

// Table is a comparison's outcome.
type Table struct {
	Docs  int
	Bytes int64 // of text
	Cases int   // true cases
	Rows  []Row
}

// Measure runs every contender on docs in runs rounds, one contender after
// another in each round, and scores the detections of the first round
// against truth. A floor runs again within its round until its share of
// minTime has passed. Each run starts after a garbage collection that also
// returns the free memory to the operating system (debug.FreeOSMemory):
// no run's garbage is collected in another's time, and every run starts
// from the same heap, as in a new process, whichever tool ran before it.
//
// The machine's speed may change from one minute to the next: rounds put
// the contenders' runs side by side, so that the ratio of two contenders'
// times in one round compares them at one speed (see Table.RoundRatios).
func Measure(ctx context.Context, docs []neardup.Document, truth []pan.LabelledCase, cs []Contender, runs int, minTime time.Duration) (*Table, error) {
	t := &Table{Docs: len(docs), Bytes: TextBytes(docs), Cases: len(truth)}
	plain := pan.Cases(truth)
	runs = max(1, runs)
	type samples struct {
		times, cpus, syss []time.Duration
		allocs            []uint64
	}
	all := make([]samples, len(cs))
	t.Rows = make([]Row, len(cs))
	for i, c := range cs {
		t.Rows[i] = Row{Name: c.Name, Floor: c.Floor}
	}
	var ms runtime.MemStats
	for round := range runs {
		for i, c := range cs {
			row, sm := &t.Rows[i], &all[i]
			var inRound []time.Duration
			var spent time.Duration
			for k := 0; k == 0 || c.Floor && spent < minTime/time.Duration(runs) && k < 10000; k++ {
				debug.FreeOSMemory()
				runtime.ReadMemStats(&ms)
				before := ms.TotalAlloc
				cpu, sys, _ := cputime.Process() // zero where not measured
				start := time.Now()
				det, err := c.Run(ctx, docs)
				d := time.Since(start)
				cpu1, sys1, _ := cputime.Process()
				sm.cpus = append(sm.cpus, cpu1-cpu)
				sm.syss = append(sm.syss, sys1-sys)
				if err != nil {
					return nil, fmt.Errorf("%s: %w", c.Name, err)
				}
				runtime.ReadMemStats(&ms)
				sm.times = append(sm.times, d)
				sm.allocs = append(sm.allocs, ms.TotalAlloc-before)
				inRound = append(inRound, d)
				spent += d
				if round == 0 && k == 0 && !c.Floor {
					row.Scores = pan.Measure(plain, det)
					row.ByLabel = pan.RecallByLabel(truth, det)
					row.CrossOutlet = pan.Measure(plain, crossOutlet(docs, det)).Precision
				}
			}
			row.Rounds = append(row.Rounds, median(inRound))
		}
	}
	for i := range t.Rows {
		row, sm := &t.Rows[i], &all[i]
		row.Runs = len(sm.times)
		row.Time = median(sm.times)
		row.CPU = median(sm.cpus)
		row.SystemCPU = median(sm.syss)
		row.Alloc = median(sm.allocs)
	}
	return t, nil
}

// RoundRatios returns, for each round, the time of the named contender
// divided by neardup's (or, for FloorName, neardup's time divided by the
// sum of the floors' times), sorted; nil if either is missing.
func (t *Table) RoundRatios(name string) []float64 {
	nd, ok := t.row(NameNeardup)
	if !ok {
		return nil
	}
	var ratios []float64
	for k, n := range nd.Rounds {
		var other time.Duration
		for _, r := range t.Rows {
			if r.Name == name || name == FloorName && r.Floor {
				if k >= len(r.Rounds) {
					return nil
				}
				other += r.Rounds[k]
			}
		}
		if other == 0 || n == 0 {
			return nil
		}
		if name == FloorName {
			ratios = append(ratios, n.Seconds()/other.Seconds())
		} else {
			ratios = append(ratios, other.Seconds()/n.Seconds())
		}
	}
	slices.Sort(ratios)
	return ratios
}

// FloorName stands for the floors together in RoundRatios.
const FloorName = "the floor"

// crossOutlet returns the detections whose two documents have different
// sources.
func crossOutlet(docs []neardup.Document, det []pan.Case) []pan.Case {
	src := make(map[string]string, len(docs))
	for _, d := range docs {
		src[d.ID] = d.Source
	}
	var out []pan.Case
	for _, c := range det {
		if src[c.A.Doc] != src[c.B.Doc] {
			out = append(out, c)
		}
	}
	return out
}

func median[T int64 | uint64 | float64 | time.Duration](xs []T) T {
	s := slices.Clone(xs)
	slices.Sort(s)
	n := len(s)
	if n%2 == 1 {
		return s[n/2]
	}
	return (s[n/2-1] + s[n/2]) / 2
}

// row returns the row of the named contender, if any.
func (t *Table) row(name string) (Row, bool) {
	for _, r := range t.Rows {
		if r.Name == name {
			return r, true
		}
	}
	return Row{}, false
}

// WriteMarkdown writes the table of times and scores, neardup's speed
// against each other row's, and recall per kind of edit.
func (t *Table) WriteMarkdown(w io.Writer) error {
	var b strings.Builder
	mb := float64(t.Bytes) / (1 << 20)
	nd, hasND := t.row(NameNeardup)
	fmt.Fprintf(&b, "| tool | time | CPU time | of it, system | MB/s | allocated MB | recall | precision | granularity | plagdet | precision across outlets | time ÷ neardup's |\n")
	fmt.Fprintf(&b, "| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |\n")
	for _, r := range t.Rows {
		ratio := "—"
		if hasND && nd.Time > 0 {
			ratio = fmt.Sprintf("%.2f", r.Time.Seconds()/nd.Time.Seconds())
		}
		score := func(x float64) string {
			if r.Floor {
				return "—"
			}
			return fmt.Sprintf("%.3f", x)
		}
		fmt.Fprintf(&b, "| %s | %s | %s | %s | %.1f | %.1f | %s | %s | %s | %s | %s | %s |\n",
			r.Name, fmtDuration(r.Time), fmtDuration(r.CPU), fmtDuration(r.SystemCPU), mb/r.Time.Seconds(), float64(r.Alloc)/(1<<20),
			score(r.Scores.Recall), score(r.Scores.Precision), score(r.Scores.Granularity), score(r.Scores.Plagdet),
			score(r.CrossOutlet), ratio)
	}
	if hasND {
		b.WriteString("\n")
		var floor time.Duration
		var floors []string
		for _, r := range t.Rows {
			if r.Name == NameNeardup {
				continue
			}
			if r.Floor {
				floor += r.Time
				floors = append(floors, r.Name)
				continue
			}
			fmt.Fprintf(&b, "- neardup vs %s: %s (wall time), %s; %s\n", r.Name, speed(nd.Time, r.Time), cpuUse(nd.CPU, r.CPU),
				ratioSpread(t.RoundRatios(r.Name), "faster"))
		}
		if floor > 0 {
			fmt.Fprintf(&b, "- neardup vs the floor (%s, %s): %.1f× the floor's time; %s\n",
				strings.Join(floors, " + "), fmtDuration(floor), nd.Time.Seconds()/floor.Seconds(),
				ratioSpread(t.RoundRatios(FloorName), "the floor's time"))
		}
	}
	labels := map[string]bool{}
	var tools []Row
	for _, r := range t.Rows {
		if r.Floor {
			continue
		}
		tools = append(tools, r)
		for l := range r.ByLabel {
			labels[l] = true
		}
	}
	if len(labels) > 0 {
		b.WriteString("\nRecall by kind of edit:\n\n| edit |")
		for _, r := range tools {
			fmt.Fprintf(&b, " %s |", r.Name)
		}
		b.WriteString("\n| --- |")
		for range tools {
			b.WriteString(" ---: |")
		}
		b.WriteString("\n")
		for _, l := range slices.Sorted(maps.Keys(labels)) {
			fmt.Fprintf(&b, "| %s |", l)
			for _, r := range tools {
				fmt.Fprintf(&b, " %.3f |", r.ByLabel[l])
			}
			b.WriteString("\n")
		}
	}
	_, err := io.WriteString(w, b.String())
	return err
}

// ratioSpread describes sorted per-round ratios: their median and range.
func ratioSpread(ratios []float64, what string) string {
	n := len(ratios)
	switch n {
	case 0:
		return "no rounds"
	case 1:
		return fmt.Sprintf("in its one round %.1f× %s", ratios[0], what)
	}
	return fmt.Sprintf("round by round %.1f× %s (median of %d rounds; %.1f-%.1f×)", median(ratios), what, n, ratios[0], ratios[n-1])
}

// speed says how much faster (or slower) a run of time a is than one of b.
func speed(a, b time.Duration) string {
	if a <= 0 || b <= 0 {
		return "not measured"
	}
	if r := a.Seconds() / b.Seconds(); r > 1/1.05 && r < 1.05 {
		return "about as fast"
	}
	if a <= b {
		return fmt.Sprintf("%.1f× faster", b.Seconds()/a.Seconds())
	}
	return fmt.Sprintf("%.1f× slower", a.Seconds()/b.Seconds())
}

// cpuUse says how much less (or more) CPU time a is than b.
func cpuUse(a, b time.Duration) string {
	switch {
	case a <= 0 || b <= 0:
		return "CPU time not measured"
	case a.Seconds()/b.Seconds() > 1/1.05 && a.Seconds()/b.Seconds() < 1.05:
		return "about as much CPU time"
	case a <= b:
		return fmt.Sprintf("%.1f× less CPU time", b.Seconds()/a.Seconds())
	}
	return fmt.Sprintf("%.1f× more CPU time", a.Seconds()/b.Seconds())
}

func fmtDuration(d time.Duration) string {
	switch {
	case d >= time.Second:
		return fmt.Sprintf("%.2f s", d.Seconds())
	case d >= time.Millisecond:
		return fmt.Sprintf("%.1f ms", float64(d)/float64(time.Millisecond))
	default:
		return fmt.Sprintf("%.0f µs", float64(d)/float64(time.Microsecond))
	}
}
