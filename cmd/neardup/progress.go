package main

import (
	"fmt"
	"io"
	"strings"
	"sync"
	"time"

	"github.com/neardup/neardup"
)

// redrawEvery bounds how often the progress line is redrawn (five times a
// second): drawing on every callback would cost more than the work shown.
const redrawEvery = 200 * time.Millisecond

// meter draws one progress line on a terminal, redrawn in place with \r.
// A nil *meter does nothing, so callers need not check whether progress is
// on. Its methods are safe to call from several goroutines, as
// neardup.Options.Progress requires.
type meter struct {
	mu    sync.Mutex
	w     io.Writer
	width int // terminal columns; lines are cut to fit so that \r still works
	now   func() time.Time

	start      time.Time // of the whole run
	stage      string
	stageStart time.Time
	last       time.Time // of the last draw
	drawn      bool      // a line is on screen

	totalDocs  int
	totalBytes int64
}

func newMeter(w io.Writer, width int) *meter {
	return newMeterClock(w, width, time.Now)
}

// newMeterClock is newMeter with a clock, for tests.
func newMeterClock(w io.Writer, width int, now func() time.Time) *meter {
	t := now()
	return &meter{w: w, width: width, now: now, start: t, stageStart: t, last: t}
}

// reading shows the files read so far; it is an inputHooks.read.
func (m *meter) reading(docs int, bytes int64) {
	if m == nil {
		return
	}
	m.mu.Lock()
	defer m.mu.Unlock()
	t := m.now()
	if !m.due(t) {
		return
	}
	el := t.Sub(m.start)
	m.draw(t, fmt.Sprintf("reading: %d docs, %s, %s, %s elapsed",
		docs, mb(bytes), rate(bytes, el), clock(el)))
}

// setTotals records the size of the corpus once it is read, for estimates.
func (m *meter) setTotals(docs int, bytes int64) {
	if m == nil {
		return
	}
	m.mu.Lock()
	m.totalDocs, m.totalBytes = docs, bytes
	m.mu.Unlock()
}

// update shows the library's progress; it is a neardup.Options.Progress.
func (m *meter) update(p neardup.Progress) {
	if m == nil {
		return
	}
	m.mu.Lock()
	defer m.mu.Unlock()
	t := m.now()
	if p.Stage != m.stage {
		// Rates and estimates are per stage: stages run at different speeds.
		m.stage, m.stageStart = p.Stage, t
	}
	if !m.due(t) {
		return
	}
	total := p.Total
	if total == 0 {
		total = m.totalDocs
	}
	el := t.Sub(m.stageStart)
	var b strings.Builder
	fmt.Fprintf(&b, "%s: %d/%d docs", p.Stage, p.Done, total)
	if p.Bytes > 0 {
		fmt.Fprintf(&b, ", %s, %s", mb(p.Bytes), rate(p.Bytes, el))
	}
	fmt.Fprintf(&b, ", %s elapsed", clock(t.Sub(m.start)))
	// The estimate scales the stage's time so far by the share of work left,
	// in bytes when the stage counts them, else in documents.
	var done, all float64
	switch {
	case p.Bytes > 0 && m.totalBytes >= p.Bytes:
		done, all = float64(p.Bytes), float64(m.totalBytes)
	case p.Done > 0 && total >= p.Done:
		done, all = float64(p.Done), float64(total)
	}
	if done > 0 && el >= time.Second {
		left := time.Duration(float64(el) * (all - done) / done)
		fmt.Fprintf(&b, ", ~%s left", clock(left))
	}
	m.draw(t, b.String())
}

// due reports whether enough time has passed since the last draw.
func (m *meter) due(t time.Time) bool {
	return t.Sub(m.last) >= redrawEvery
}

// draw replaces the line on screen with s. The caller holds m.mu.
func (m *meter) draw(t time.Time, s string) {
	if m.width > 1 && len(s) > m.width-1 {
		s = s[:m.width-1] // the text is ASCII; one column spare keeps the cursor off the edge
	}
	fmt.Fprintf(m.w, "\r%s\x1b[K", s)
	m.last, m.drawn = t, true
}

// clear erases the line, if one is drawn, leaving the cursor at its start.
func (m *meter) clear() {
	if m == nil {
		return
	}
	m.mu.Lock()
	defer m.mu.Unlock()
	m.clearLocked()
}

func (m *meter) clearLocked() {
	if m.drawn {
		io.WriteString(m.w, "\r\x1b[K")
		m.drawn = false
	}
}

// println writes a line to w (a warning), first erasing the progress line
// so that the two do not mix. It works on a nil *meter too.
func (m *meter) println(w io.Writer, s string) {
	if m != nil {
		m.mu.Lock()
		defer m.mu.Unlock()
		m.clearLocked()
	}
	fmt.Fprintln(w, s)
}

// mb formats a byte count in megabytes.
func mb(n int64) string {
	return fmt.Sprintf("%.1f MB", float64(n)/1e6)
}

// rate formats bytes per second over d.
func rate(n int64, d time.Duration) string {
	if d <= 0 {
		return "- MB/s"
	}
	return fmt.Sprintf("%.1f MB/s", float64(n)/1e6/d.Seconds())
}

// clock formats a duration as m:ss, or h:mm:ss past an hour.
func clock(d time.Duration) string {
	s := int64(d.Round(time.Second) / time.Second)
	if s < 0 {
		s = 0
	}
	if s >= 3600 {
		return fmt.Sprintf("%d:%02d:%02d", s/3600, s/60%60, s%60)
	}
	return fmt.Sprintf("%d:%02d", s/60, s%60)
}
