package main

import (
	"bytes"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/neardup/neardup"
)

// fakeClock is a clock tests move by hand.
type fakeClock struct{ t time.Time }

func (c *fakeClock) now() time.Time          { return c.t }
func (c *fakeClock) advance(d time.Duration) { c.t = c.t.Add(d) }

func TestMeterThrottlesAndClears(t *testing.T) {
	var buf bytes.Buffer
	c := &fakeClock{t: time.Date(2024, 1, 1, 0, 0, 0, 0, time.UTC)}
	m := newMeterClock(&buf, 200, c.now)

	// Nothing is drawn before the first interval has passed: short runs
	// show no progress at all.
	m.reading(1, 1e6)
	assert.Empty(t, buf.String())

	c.advance(2 * time.Second)
	m.reading(10, 20e6)
	assert.Equal(t, "\rreading: 10 docs, 20.0 MB, 10.0 MB/s, 0:02 elapsed\x1b[K", buf.String())

	// Calls within the interval are dropped.
	buf.Reset()
	for range 100 {
		c.advance(time.Millisecond)
		m.reading(11, 21e6)
	}
	assert.Empty(t, buf.String(), "at most five redraws a second")

	m.setTotals(20, 40e6)
	c.advance(time.Second)
	m.update(neardup.Progress{Stage: "detect", Done: 0, Total: 20}) // a new stage starts its clock
	buf.Reset()
	c.advance(4 * time.Second)
	m.update(neardup.Progress{Stage: "detect", Done: 5, Total: 20, Bytes: 10e6})
	// 10 MB of 40 MB in 4 s: 12 s left.
	assert.Equal(t, "\rdetect: 5/20 docs, 10.0 MB, 2.5 MB/s, 0:07 elapsed, ~0:12 left\x1b[K", buf.String())

	buf.Reset()
	m.clear()
	assert.Equal(t, "\r\x1b[K", buf.String())
	buf.Reset()
	m.clear()
	assert.Empty(t, buf.String(), "nothing to clear twice")
}

func TestMeterFitsTerminal(t *testing.T) {
	var buf bytes.Buffer
	c := &fakeClock{t: time.Unix(0, 0)}
	m := newMeterClock(&buf, 20, c.now)
	c.advance(time.Second)
	m.reading(123456, 987654321)
	line := strings.TrimSuffix(strings.TrimPrefix(buf.String(), "\r"), "\x1b[K")
	assert.Len(t, line, 19, "one column spare so the cursor does not wrap")
}

func TestMeterWarningClearsLine(t *testing.T) {
	var buf bytes.Buffer
	c := &fakeClock{t: time.Unix(0, 0)}
	m := newMeterClock(&buf, 80, c.now)
	c.advance(time.Second)
	m.reading(1, 10)
	buf.Reset()
	m.println(&buf, "neardup: warning: skipping binary file x.txt")
	assert.Equal(t, "\r\x1b[Kneardup: warning: skipping binary file x.txt\n", buf.String())
}

func TestNilMeter(t *testing.T) {
	var m *meter
	var buf bytes.Buffer
	require.NotPanics(t, func() {
		m.reading(1, 1)
		m.setTotals(1, 1)
		m.update(neardup.Progress{Stage: "detect"})
		m.clear()
		m.println(&buf, "warning")
	})
	assert.Equal(t, "warning\n", buf.String(), "warnings still print without a meter")
}

func TestMeterConcurrentUpdates(t *testing.T) {
	// Run under -race: the library calls Progress from several goroutines.
	var buf bytes.Buffer
	m := newMeter(&buf, 80)
	var wg sync.WaitGroup
	for g := range 4 {
		wg.Go(func() {
			for i := range 1000 {
				m.update(neardup.Progress{Stage: "detect", Done: i, Total: 1000, Bytes: int64(g * i)})
			}
		})
	}
	wg.Wait()
	m.clear()
}

func TestClock(t *testing.T) {
	assert.Equal(t, "0:00", clock(0))
	assert.Equal(t, "0:00", clock(-time.Second))
	assert.Equal(t, "1:05", clock(65*time.Second))
	assert.Equal(t, "59:59", clock(time.Hour-time.Second))
	assert.Equal(t, "2:03:04", clock(2*time.Hour+3*time.Minute+4*time.Second))
}
