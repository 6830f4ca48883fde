package neardup

import (
	"math"
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

// A band key depends on every value of its band and on nothing else, for
// bands of four rows and of other sizes.
func TestSetBandKeys(t *testing.T) {
	rng := rand.New(rand.NewPCG(15, 16))
	for _, rows := range []int{1, 3, 4, 5} {
		const bands = 6
		sig := make([]uint32, bands*rows+2) // values past the bands are ignored
		for i := range sig {
			sig[i] = rng.Uint32()
		}
		keys := bandKeys(t, sig, bands, rows)
		sig[len(sig)-1]++
		if again := bandKeys(t, sig, bands, rows); !slices.Equal(again, keys) {
			t.Errorf("rows=%d: a value outside the bands changed a key", rows)
		}
		// Changing any one value changes its band's key, and only it.
		for i := range bands * rows {
			changed := slices.Clone(sig)
			changed[i] ^= 1 << rng.IntN(32)
			got := bandKeys(t, changed, bands, rows)
			for b := range bands {
				if same := got[b] == keys[b]; same != (b != i/rows) {
					t.Errorf("rows=%d: changing value %d: band %d key same=%v", rows, i, b, same)
				}
			}
		}
	}
	// Different bands of random values almost never share a key.
	seen := map[uint32]bool{}
	sig := make([]uint32, 4)
	for range 100000 {
		for i := range sig {
			sig[i] = rng.Uint32()
		}
		seen[bandKeys(t, sig, 1, 4)[0]] = true
	}
	if len(seen) < 99990 {
		t.Errorf("%d distinct keys for 100000 random bands", len(seen))
	}
}

// bandKeys returns the band keys setBandKeys gives sig, set for the second
// of three windows; it fails the test if the others' keys are touched.
func bandKeys(t *testing.T, sig []uint32, bands, rows int) []uint32 {
	bkeys := make([][]uint32, bands)
	for b := range bkeys {
		bkeys[b] = []uint32{7, 7, 7}
	}
	setBandKeys(bkeys, 1, sig, rows)
	keys := make([]uint32, bands)
	for b, band := range bkeys {
		if band[0] != 7 || band[2] != 7 {
			t.Fatalf("rows=%d: band %d: keys of other windows changed: %v", rows, b, band)
		}
		keys[b] = band[1]
	}
	return keys
}

// A window's key depends on its shingles' hashes in order and on nothing
// else: not on where the window lies in its document, nor on what
// surrounds it. Any change of one hash, swapping two, or dropping the last
// changes it.
func TestWindowKey(t *testing.T) {
	rng := rand.New(rand.NewPCG(17, 18))
	const l, stride = 22, 12
	pow := uint64(1)
	for range l {
		pow *= keyBase
	}
	// key returns the key of sh as a document of its own.
	key := func(sh []shingle.Shingle) uint64 {
		pre := make([]uint64, len(sh)+1)
		keyPrefixes(pre, sh)
		return windowKey(pre, 0, len(sh), pow)
	}
	random := func(n int) []shingle.Shingle {
		sh := make([]shingle.Shingle, n)
		for i := range sh {
			sh[i] = shingle.Shingle{Hash: rng.Uint64(), First: uint32(i), Last: uint32(i + 2)}
		}
		return sh
	}
	for _, n := range []int{1, 5, l, l + 1, 60, 200} {
		doc := random(n)
		pre := make([]uint64, n+1)
		keyPrefixes(pre, doc)
		for w := range windowCount(n, l, stride) {
			lo, hi := windowBounds(w, n, l, stride)
			got := windowKey(pre, lo, hi, pow)
			win := slices.Clone(doc[lo:hi])
			if want := key(win); got != want {
				t.Fatalf("n=%d window %d: key %#x in its document, %#x alone", n, w, got, want)
			}
			// The same shingles after other ones, in a longer document.
			moved := append(random(rng.IntN(30)+1), win...)
			mpre := make([]uint64, len(moved)+1)
			keyPrefixes(mpre, moved)
			if k := windowKey(mpre, len(moved)-len(win), len(moved), pow); len(win) == l && k != got {
				t.Fatalf("n=%d window %d: key %#x after other shingles, %#x in place", n, w, k, got)
			}
			for i := range win {
				changed := slices.Clone(win)
				changed[i].Hash ^= 1 << rng.IntN(64)
				if key(changed) == got {
					t.Errorf("n=%d window %d: changing shingle %d kept the key", n, w, i)
				}
				if i > 0 {
					swapped := slices.Clone(win)
					swapped[i-1], swapped[i] = swapped[i], swapped[i-1]
					if key(swapped) == got {
						t.Errorf("n=%d window %d: swapping shingles %d and %d kept the key", n, w, i-1, i)
					}
				}
			}
			if len(win) > 1 && key(win[:len(win)-1]) == got {
				t.Errorf("n=%d window %d: dropping the last shingle kept the key", n, w)
			}
		}
	}
	// Windows of zeros, which add nothing to the polynomial, still differ
	// by length.
	zeros := make([]shingle.Shingle, 3)
	if key(zeros[:1]) == key(zeros[:2]) || key(zeros[:2]) == key(zeros) {
		t.Error("runs of zero hashes of different lengths share a key")
	}
}

// A line's key follows its words in order; a short line's key follows its
// shape, with numbers and months as wildcards, and never equals an exact
// key.
func TestUnitKey(t *testing.T) {
	key := func(line string, shape bool) uint64 {
		words := shingle.AppendWords(nil, line)
		if shape {
			return shapeKey(line, words)
		}
		_, k := lineKey(words, math.MaxUint32)
		return k
	}
	lines := []string{
		"the harbour reopened after the storm damaged two piers",
		"the harbour reopened after the storm damaged two piers and",
		"harbour the reopened after the storm damaged two piers",
		"the harbour reopened after the storm damaged piers two",
		"The HARBOUR reopened, after the storm damaged two piers.",
	}
	seen := map[uint64]string{}
	for _, l := range lines[:4] {
		k := key(l, false)
		if other, ok := seen[k]; ok {
			t.Errorf("%q and %q share a key", l, other)
		}
		seen[k] = l
	}
	if key(lines[0], false) != key(lines[4], false) {
		t.Error("case and punctuation changed a key")
	}
	a, b := key("Last update: July 20, 2024 14:02", true), key("Last update: June 21, 2024 23:23", true)
	if a != b {
		t.Error("two dated lines of one shape have different keys")
	}
	if a == key("Last update: July 20, 2024 14:02", false) || a == key("Last edit: July 20, 2024 14:02", true) {
		t.Error("a shape key equals an exact key or another shape's")
	}
	// lineKey stops at the line's end, and keys the words before it as it
	// keys them alone.
	text := lines[0] + "\n" + lines[1]
	words := shingle.AppendWords(nil, text)
	for _, c := range []struct{ end, n int }{
		{len(lines[0]), 9}, {len(lines[0]) - 1, 8}, {len(lines[0]) - len("piers"), 8}, {0, 0}, {len(text), 19},
	} {
		end, n := c.end, c.n
		gotN, gotKey := lineKey(words, uint32(end))
		_, want := lineKey(words[:n], math.MaxUint32)
		if gotN != n || gotKey != want {
			t.Errorf("line ending at %d: %d words, key %x; want %d, %x", end, gotN, gotKey, n, want)
		}
	}
}
