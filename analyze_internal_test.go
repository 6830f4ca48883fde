package neardup

import (
	"math/rand/v2"
	"slices"
	"strings"
	"testing"

	"github.com/neardup/neardup/shingle"
)

func TestIsVariable(t *testing.T) {
	for w, want := range map[string]bool{
		"2024": true, "14:02": true, "a1": true, "July": true, "JULY": true, "sept": true, "Sep": true,
		"may": true, "ſep": true, "Dec": true, "update": false, "last": false, "mayday": false,
		"ju": false, "september": true, "septembers": false, "xyz": false, "Ǆan": false, "The": false,
	} {
		if got := isVariable(w); got != want {
			t.Errorf("isVariable(%q) = %v, want %v", w, got, want)
		}
	}
	// The first-letter shortcut agrees with comparing every month.
	for _, w := range strings.Fields("Jan jan JAN Feb mar Apr aug Oct nov DEC june July jUlY august Sept October Kelvin kelvin ſept ſep Ｊan SEPTEMBER sEpTeMbEr Septembe Septembre Ma May_ Ju Marc March Marche DEc Nove DEcember jAN") {
		want := false
		for _, m := range months {
			want = want || strings.EqualFold(w, m)
		}
		if got := isVariable(w); got != want {
			t.Errorf("isVariable(%q) = %v, months say %v", w, got, want)
		}
	}
}

func BenchmarkIsVariable(b *testing.B) {
	words := strings.Fields("Last update July 20 2024 Share this article on Facebook Twitter Email More from Daily News Jan march Sept Monday about after")
	b.ReportAllocs()
	for b.Loop() {
		for _, w := range words {
			isVariable(w)
		}
	}
}

// dropMasked drops exactly the shingles that touch a masked word, for
// shingle sequences of every shape: consecutive, with gaps, spanning
// several words each.
func TestDropMasked(t *testing.T) {
	rng := rand.New(rand.NewPCG(13, 14))
	for trial := range 3000 {
		// Shingles in order of first and of last word.
		n := rng.IntN(40)
		var sh []shingle.Shingle
		first, last := uint32(0), uint32(0)
		for i := range n {
			first += uint32(rng.IntN(3))
			last = max(last, first) + uint32(rng.IntN(3))
			sh = append(sh, shingle.Shingle{Hash: uint64(i), First: first, Last: last})
		}
		// Sorted, disjoint word ranges.
		var masked []wordRange
		for w := int32(rng.IntN(4)); w < int32(last)+3 && rng.IntN(5) > 0; {
			w1 := w + int32(rng.IntN(4))
			masked = append(masked, wordRange{w, w1})
			w = w1 + 2 + int32(rng.IntN(6))
		}
		var want []shingle.Shingle
		for _, s := range sh {
			touched := false
			for _, r := range masked {
				touched = touched || r.w0 <= int32(s.Last) && int32(s.First) <= r.w1
			}
			if !touched {
				want = append(want, s)
			}
		}
		got := dropMasked(slices.Clone(sh), masked)
		if !slices.Equal(got, want) {
			t.Fatalf("trial %d: shingles %v, masks %v: got %v, want %v", trial, sh, masked, got, want)
		}
	}
}
