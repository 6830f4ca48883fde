package minhash

import (
	"errors"
	"fmt"
	"math"
	"testing"
)

func TestProbability(t *testing.T) {
	cases := []struct {
		s          float64
		bands, row int
		want       float64
	}{
		{0.5, 1, 1, 0.5},
		{0.5, 2, 1, 0.75},                         // 1 - 0.5²
		{0.5, 1, 2, 0.25},                         // 0.5²
		{0.5, 20, 5, 1 - math.Pow(31.0/32, 20)},   // 1 - (1 - 1/32)^20 ≈ 0.4701
		{0.8, 3, 2, 1 - 0.36*0.36*0.36},           // 1 - (1 - 0.64)³
		{1, 14, 4, 1},                             // identical sets always meet
		{0, 14, 4, 0},                             // disjoint sets never do
		{0.9, 1, 64, math.Pow(0.9, 64)},           // one band: all 64 rows agree
		{0.25, 64, 1, 1 - math.Pow(0.75, 64)},     // 64 bands of one row
		{0.5, 14, 4, 1 - math.Pow(15.0/16, 14)},   // the default layout at k=64
		{0.3, 25, 5, 1 - math.Pow(1-0.00243, 25)}, // 0.3⁵ = 0.00243
	}
	for _, c := range cases {
		if got := Probability(c.s, c.bands, c.row); math.Abs(got-c.want) > 1e-12 {
			t.Errorf("Probability(%v, %d, %d) = %v, want %v", c.s, c.bands, c.row, got, c.want)
		}
	}
}

func TestBandsRejectsBadInput(t *testing.T) {
	cases := []struct {
		threshold float64
		k         int
		fp, fn    float64
		want      error
	}{
		{0.5, 0, 0.5, 0.5, ErrInvalidSize},
		{0.5, MaxSize + 1, 0.5, 0.5, ErrInvalidSize},
		{0, 64, 0.5, 0.5, ErrInvalidParameter},
		{-0.1, 64, 0.5, 0.5, ErrInvalidParameter},
		{1.01, 64, 0.5, 0.5, ErrInvalidParameter},
		{math.NaN(), 64, 0.5, 0.5, ErrInvalidParameter},
		{0.5, 64, -1, 0.5, ErrInvalidParameter},
		{0.5, 64, 0.5, math.NaN(), ErrInvalidParameter},
		{0.5, 64, math.Inf(1), 0.5, ErrInvalidParameter},
		{0.5, 64, 0, 0, ErrInvalidParameter},
	}
	for _, c := range cases {
		if _, _, err := Bands(c.threshold, c.k, c.fp, c.fn); !errors.Is(err, c.want) {
			t.Errorf("Bands(%v, %d, %v, %v): err = %v, want %v", c.threshold, c.k, c.fp, c.fn, err, c.want)
		}
	}
}

// weightedError integrates the false-positive and false-negative areas
// independently of Bands: the midpoint rule on a fine grid, with
// Probability evaluated directly.
func weightedError(threshold float64, bands, rows int, fpw, fnw float64) float64 {
	const n = 4000
	var fp, fn float64
	h := threshold / n
	for i := range n {
		fp += Probability((float64(i)+0.5)*h, bands, rows) * h
	}
	h = (1 - threshold) / n
	for i := range n {
		fn += (1 - Probability(threshold+(float64(i)+0.5)*h, bands, rows)) * h
	}
	return fpw*fp + fnw*fn
}

func TestBandsMinimisesWeightedError(t *testing.T) {
	cases := []struct {
		threshold float64
		k         int
		fp, fn    float64
	}{
		{0.5, 128, 0.5, 0.5},
		{0.5, 64, 0.5, 0.5},
		{0.8, 64, 0.5, 0.5},
		{0.3, 32, 0.5, 0.5},
		{0.5, 64, 0.9, 0.1},
		{0.5, 64, 0.1, 0.9},
	}
	for _, c := range cases {
		t.Run(fmt.Sprintf("t=%v/k=%d/w=%v,%v", c.threshold, c.k, c.fp, c.fn), func(t *testing.T) {
			b, r, err := Bands(c.threshold, c.k, c.fp, c.fn)
			if err != nil {
				t.Fatal(err)
			}
			if b < 1 || r < 1 || b*r > c.k {
				t.Fatalf("Bands = %d×%d, not a layout of %d values", b, r, c.k)
			}
			got := weightedError(c.threshold, b, r, c.fp, c.fn)
			// Every other layout, neighbours included, must do no better
			// (up to the integration error of the two methods).
			bestB, bestR, best := 0, 0, math.Inf(1)
			for rr := 1; rr <= c.k; rr++ {
				for bb := 1; bb*rr <= c.k; bb++ {
					if e := weightedError(c.threshold, bb, rr, c.fp, c.fn); e < best {
						bestB, bestR, best = bb, rr, e
					}
				}
			}
			t.Logf("Bands = %d×%d (error %.6f); exhaustive minimum %d×%d (error %.6f)", b, r, got, bestB, bestR, best)
			if got > best+1e-7 {
				t.Errorf("Bands = %d×%d with error %.7f, but %d×%d has %.7f", b, r, got, bestB, bestR, best)
			}
			for _, nb := range [][2]int{{b - 1, r}, {b + 1, r}, {b, r - 1}, {b, r + 1}, {b - 1, r + 1}, {b + 1, r - 1}} {
				if nb[0] < 1 || nb[1] < 1 || nb[0]*nb[1] > c.k {
					continue
				}
				if e := weightedError(c.threshold, nb[0], nb[1], c.fp, c.fn); e < got-1e-7 {
					t.Errorf("neighbour %d×%d has error %.7f below the chosen %.7f", nb[0], nb[1], e, got)
				}
			}
		})
	}
}

func TestBandsProperties(t *testing.T) {
	for _, k := range []int{32, 64, 128, 256} {
		prevRows := 0
		for _, th := range []float64{0.2, 0.3, 0.5, 0.7, 0.8, 0.9, 0.95} {
			b, r, err := DefaultBands(th, k)
			if err != nil {
				t.Fatal(err)
			}
			if r < prevRows {
				t.Errorf("k=%d: threshold %v gives %d rows, fewer than the %d of a lower threshold", k, th, r, prevRows)
			}
			prevRows = r
			// The S-curve rises steepest near (1/b)^(1/r); it must sit
			// near the threshold.
			if mid := math.Pow(1/float64(b), 1/float64(r)); math.Abs(mid-th) > 0.12 {
				t.Errorf("k=%d threshold %v: %d×%d has its midpoint at %.3f", k, th, b, r, mid)
			}
			// Equal weights do not make the threshold itself likely to be
			// found (the area below it weighs as much as the area above),
			// but pairs far below it must rarely be candidates.
			if p := Probability(th/3, b, r); p > 0.2 {
				t.Errorf("k=%d threshold %v: %d×%d finds pairs at a third of it with probability %.3f", k, th, b, r, p)
			}
		}
		_, rLow, _ := DefaultBands(0.3, k)
		_, rHigh, _ := DefaultBands(0.9, k)
		if rLow >= rHigh {
			t.Errorf("k=%d: %d rows at threshold 0.3, not fewer than %d at 0.9", k, rLow, rHigh)
		}
	}
	// Weighting false positives more makes candidates below the threshold
	// rarer; weighting false negatives more makes them likelier above it.
	b1, r1, _ := Bands(0.5, 128, 0.9, 0.1)
	b2, r2, _ := Bands(0.5, 128, 0.1, 0.9)
	if Probability(0.3, b1, r1) >= Probability(0.3, b2, r2) {
		t.Errorf("fp-heavy %d×%d is not stricter below the threshold than fn-heavy %d×%d", b1, r1, b2, r2)
	}
	if Probability(0.7, b1, r1) >= Probability(0.7, b2, r2) {
		t.Errorf("fn-heavy %d×%d is not more lenient above the threshold than fp-heavy %d×%d", b2, r2, b1, r1)
	}
	// Threshold 1 leaves no false-negative area, so only false positives
	// count: a single band of all values is the strictest layout.
	if b, r, _ := DefaultBands(1, 64); b != 1 || r != 64 {
		t.Errorf("DefaultBands(1, 64) = %d×%d, want 1×64", b, r)
	}
	// Only false negatives count: at threshold 0.5 with fpWeight 0, one
	// row per band and every band maximises the probability everywhere.
	if b, r, _ := Bands(0.5, 64, 0, 1); b != 64 || r != 1 {
		t.Errorf("Bands(0.5, 64, 0, 1) = %d×%d, want 64×1", b, r)
	}
}

func BenchmarkDefaultBands(b *testing.B) {
	for _, k := range []int{64, 256} {
		b.Run(fmt.Sprintf("k=%d", k), func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				if _, _, err := DefaultBands(0.5, k); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}

func TestBandsExtremeSizes(t *testing.T) {
	if b, r, err := DefaultBands(0.5, 1); err != nil || b != 1 || r != 1 {
		t.Errorf("DefaultBands(0.5, 1) = %d×%d, %v; want 1×1", b, r, err)
	}
	if testing.Short() {
		t.Skip("k = MaxSize takes a quarter of a second")
	}
	b, r, err := DefaultBands(0.5, MaxSize)
	if err != nil || b < 1 || r < 1 || b*r > MaxSize {
		t.Fatalf("DefaultBands(0.5, MaxSize) = %d×%d, %v", b, r, err)
	}
	if mid := math.Pow(1/float64(b), 1/float64(r)); math.Abs(mid-0.5) > 0.05 {
		t.Errorf("%d×%d has its midpoint at %.3f, far from 0.5", b, r, mid)
	}
}
