package neardup

import (
	"context"
	"flag"
	"io"
	"sync"
	"testing"
	"time"

	gen "github.com/neardup/neardup/internal/corpus"
	"github.com/neardup/neardup/internal/cputime"
	"github.com/neardup/neardup/report"
)

// The stage benchmarks time each stage of Run on the 10 MB generated
// corpus that BenchmarkRun uses; their sum is about BenchmarkRun. Each
// stage's input is prepared once, outside the timed loop. -stage.mb sets
// another size: the stages that chase pairs across the corpus
// (candidates, verify) slow down per byte as it outgrows the caches.
//
//	go test -run XXX -bench Stage -count 6 . | benchstat -
//	go test -run XXX -bench Stage/verify -stage.mb 100 -count 6 .

var stageMB = flag.Int("stage.mb", 10, "size of the stage benchmarks' generated corpus, in MB")

var (
	stageOnce sync.Once
	stageDocs []Document
	stageSize int64
)

func stageCorpus(b *testing.B) ([]Document, int64) {
	stageOnce.Do(func() {
		cfg := gen.DefaultConfig()
		cfg.Bytes = *stageMB << 20
		for d, err := range gen.Docs(cfg) {
			if err != nil {
				b.Fatal(err)
			}
			stageDocs = append(stageDocs, Document{ID: d.ID, Text: d.Text, Title: d.Title, Source: d.Source, Date: d.Date, URL: d.URL})
			stageSize += int64(len(d.Text))
		}
	})
	return stageDocs, stageSize
}

// stageState runs the pipeline up to (not including) the named stage.
type stageState struct {
	c      *corpus
	boiler []family
	w      *windows
	ident  []uint64
	lsh    []uint64
	pairs  []docPair
	fams   []family
	rep    *report.Report
}

func prepare(b *testing.B, until string) *stageState {
	docs, _ := stageCorpus(b)
	ctx := context.Background()
	c, err := newCorpus(docs, Options{})
	if err != nil {
		b.Fatal(err)
	}
	s := &stageState{c: c}
	if until == "scan" {
		return s
	}
	s.boiler = c.scan(ctx)
	if until == "sketch" {
		return s
	}
	s.w = c.sketch(ctx)
	if until == "candidates" {
		return s
	}
	s.ident, s.lsh = c.candidates(ctx, s.w)
	if until == "verify" {
		return s
	}
	if s.pairs, err = c.verify(ctx, s.w, s.ident, s.lsh); err != nil {
		b.Fatal(err)
	}
	if until == "align" {
		return s
	}
	aligns, err := c.alignAll(ctx, s.pairs)
	if err != nil {
		b.Fatal(err)
	}
	for _, occ := range families(aligns) {
		s.fams = append(s.fams, family{kind: report.KindReuse, occ: occ})
	}
	s.fams = append(s.fams, s.boiler...)
	if until == "build" {
		return s
	}
	if s.rep, err = c.build(ctx, s.fams); err != nil {
		b.Fatal(err)
	}
	return s
}

// coreMeter measures how many cores a stage keeps busy: the process's CPU
// time over the wall time of the timed sections, reported as "cores" (2.0
// on two cores is no idle time at all). Stopped sections, where the next
// iteration's input is made, are left out of both.
type coreMeter struct {
	t0         time.Time
	c0         time.Duration
	wall, cpu  time.Duration
	unreadable bool
}

func (m *coreMeter) start() {
	var ok bool
	m.c0, _, ok = cputime.Process()
	m.unreadable = m.unreadable || !ok
	m.t0 = time.Now()
}

func (m *coreMeter) stop() {
	m.wall += time.Since(m.t0)
	c, _, ok := cputime.Process()
	m.unreadable = m.unreadable || !ok
	m.cpu += c - m.c0
}

func (m *coreMeter) report(b *testing.B) {
	if !m.unreadable && m.wall > 0 {
		b.ReportMetric(float64(m.cpu)/float64(m.wall), "cores")
	}
}

// BenchmarkStage times the stages one by one: scan (tokenise, find
// boilerplate lines), sketch (shingle, window, sign, band keys),
// candidates (collapse identical windows, LSH), verify (exact similarity
// of the candidate window pairs), align (the verified document pairs), build (families into clusters:
// provenance, diffs) and json (write the report).
func BenchmarkStage(b *testing.B) {
	ctx := context.Background()
	_, n := stageCorpus(b)
	b.Run("scan", func(b *testing.B) {
		s := prepare(b, "scan")
		b.SetBytes(n)
		b.ReportAllocs()
		var m coreMeter
		for b.Loop() {
			m.start()
			s.c.store = newDocStore(s.c.docs)
			s.c.scan(ctx)
			m.stop()
		}
		m.report(b)
	})
	b.Run("sketch", func(b *testing.B) {
		s := prepare(b, "sketch")
		b.SetBytes(n)
		b.ReportAllocs()
		var m coreMeter
		for b.Loop() {
			// Sketching consumes what the scan left in the store.
			b.StopTimer()
			s.c.store = newDocStore(s.c.docs)
			s.c.scan(ctx)
			b.StartTimer()
			m.start()
			s.c.sketch(ctx)
			m.stop()
		}
		m.report(b)
	})
	b.Run("candidates", func(b *testing.B) {
		s := prepare(b, "candidates")
		b.SetBytes(n)
		b.ReportAllocs()
		var m coreMeter
		for b.Loop() {
			b.StopTimer()
			w := &windows{first: s.w.first, doc: s.w.doc, key: append([]uint64(nil), s.w.key...), bkeys: make([][]uint32, len(s.w.bkeys))}
			for i, bk := range s.w.bkeys {
				w.bkeys[i] = append([]uint32(nil), bk...)
			}
			b.StartTimer()
			m.start()
			s.c.candidates(ctx, w)
			m.stop()
		}
		m.report(b)
	})
	b.Run("verify", func(b *testing.B) {
		s := prepare(b, "verify")
		b.SetBytes(n)
		b.ReportAllocs()
		var m coreMeter
		for b.Loop() {
			m.start()
			if _, err := s.c.verify(ctx, s.w, s.ident, s.lsh); err != nil {
				b.Fatal(err)
			}
			m.stop()
		}
		m.report(b)
	})
	b.Run("align", func(b *testing.B) {
		s := prepare(b, "align")
		b.SetBytes(n)
		b.ReportAllocs()
		var m coreMeter
		for b.Loop() {
			m.start()
			if _, err := s.c.alignAll(ctx, s.pairs); err != nil {
				b.Fatal(err)
			}
			m.stop()
		}
		m.report(b)
	})
	b.Run("build", func(b *testing.B) {
		s := prepare(b, "build")
		b.SetBytes(n)
		b.ReportAllocs()
		var m coreMeter
		for b.Loop() {
			m.start()
			if _, err := s.c.build(ctx, s.fams); err != nil {
				b.Fatal(err)
			}
			m.stop()
		}
		m.report(b)
	})
	b.Run("json", func(b *testing.B) {
		s := prepare(b, "json")
		b.SetBytes(n)
		b.ReportAllocs()
		var m coreMeter
		for b.Loop() {
			m.start()
			if err := report.WriteJSON(io.Discard, s.rep); err != nil {
				b.Fatal(err)
			}
			m.stop()
		}
		m.report(b)
	})
}
