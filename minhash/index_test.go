package minhash

import (
	"cmp"
	"errors"
	"fmt"
	"math/rand/v2"
	"slices"
	"sync"
	"testing"
)

// corpus is a set of signatures with planted near-duplicates: variants of
// a few bases with each value replaced with probability noise.
func corpus(rng *rand.Rand, k, bases, perBase int) []Signature {
	var sigs []Signature
	for range bases {
		base := make(Signature, k)
		for i := range base {
			base[i] = rng.Uint32N(EmptyValue)
		}
		for v := range perBase {
			noise := []float64{0, 0.05, 0.2, 0.5, 1}[v%5]
			s := slices.Clone(base)
			for i := range s {
				if rng.Float64() < noise {
					s[i] = rng.Uint32N(EmptyValue)
				}
			}
			sigs = append(sigs, s)
		}
	}
	rng.Shuffle(len(sigs), func(i, j int) { sigs[i], sigs[j] = sigs[j], sigs[i] })
	return sigs
}

// buckets groups ids by band contents, independently of the index's keys.
func buckets(sigs []Signature, ids []uint32, bands, rows int) [][]uint32 {
	m := map[string][]uint32{}
	for n, sig := range sigs {
		if sig.IsEmpty() {
			continue
		}
		for b := range bands {
			k := fmt.Sprint(b, sig[b*rows:(b+1)*rows])
			m[k] = append(m[k], ids[n])
		}
	}
	var out [][]uint32
	for _, ids := range m {
		slices.Sort(ids)
		out = append(out, slices.Compact(ids))
	}
	return out
}

// expectedPairs applies the documented maxBucket rule to each bucket.
func expectedPairs(bs [][]uint32, maxBucket int) []Pair {
	set := map[Pair]bool{}
	for _, ids := range bs {
		for p := range ids {
			for q := range p {
				if maxBucket < 1 || p-q <= maxBucket {
					set[Pair{ids[q], ids[p]}] = true
				}
			}
		}
	}
	out := make([]Pair, 0, len(set))
	for p := range set {
		out = append(out, p)
	}
	slices.SortFunc(out, func(a, b Pair) int { return cmp.Or(cmp.Compare(a.A, b.A), cmp.Compare(a.B, b.B)) })
	return out
}

func mustIndex(t testing.TB, bands, rows int) *Index {
	t.Helper()
	x, err := NewIndex(bands, rows)
	if err != nil {
		t.Fatal(err)
	}
	return x
}

func sequentialIDs(n int) []uint32 {
	ids := make([]uint32, n)
	for i := range ids {
		ids[i] = uint32(i)
	}
	return ids
}

func TestNewIndexValidatesLayout(t *testing.T) {
	for _, c := range [][2]int{{0, 4}, {4, 0}, {-1, 4}, {MaxSize + 1, 1}, {65, 64}} {
		if _, err := NewIndex(c[0], c[1]); !errors.Is(err, ErrInvalidSize) {
			t.Errorf("NewIndex(%d, %d): err = %v, want ErrInvalidSize", c[0], c[1], err)
		}
	}
	x := mustIndex(t, 14, 4)
	if x.Bands() != 14 || x.Rows() != 4 {
		t.Errorf("layout %d×%d, want 14×4", x.Bands(), x.Rows())
	}
}

func TestIndexPairsAndQueriesMatchBruteForce(t *testing.T) {
	rng := rand.New(rand.NewPCG(21, 22))
	const bands, rows = 8, 4
	sigs := corpus(rng, 40, 30, 10) // longer than 32: the tail is ignored
	// A run of exact duplicates makes a big bucket.
	for range 12 {
		sigs = append(sigs, slices.Clone(sigs[0]))
	}
	ids := make([]uint32, len(sigs))
	for i := range ids {
		ids[i] = uint32(3 * i) // not dense
	}
	x := mustIndex(t, bands, rows)
	for i, s := range sigs {
		x.Add(ids[i], s)
	}
	x.Build()
	if err := x.Validate(); err != nil {
		t.Fatal(err)
	}
	bs := buckets(sigs, ids, bands, rows)
	for _, maxBucket := range []int{0, 1, 3, 100} {
		got := x.AppendPairs(nil, maxBucket)
		want := expectedPairs(bs, maxBucket)
		if !slices.Equal(got, want) {
			t.Errorf("maxBucket %d: %d pairs, want %d", maxBucket, len(got), len(want))
		}
		for _, p := range got {
			if p.A >= p.B {
				t.Fatalf("pair %v has A ≥ B", p)
			}
		}
	}
	for i, s := range sigs {
		var want []uint32
		for _, b := range bs {
			if slices.Contains(b, ids[i]) {
				want = append(want, b...)
			}
		}
		slices.Sort(want)
		want = slices.Compact(want)
		if got := x.AppendQuery(nil, s); !slices.Equal(got, want) {
			t.Fatalf("query %d: got %v, want %v", i, got, want)
		}
	}
}

func TestIndexIgnoresAddOrder(t *testing.T) {
	rng := rand.New(rand.NewPCG(23, 24))
	sigs := corpus(rng, 32, 40, 8)
	ids := sequentialIDs(len(sigs))
	build := func(order []int, builds int) *Index {
		x := mustIndex(t, 8, 4)
		for n, i := range order {
			x.Add(ids[i], sigs[i])
			if builds > 0 && n%(len(order)/builds+1) == 0 {
				x.Build() // merge into an already built index
			}
		}
		x.Build()
		if err := x.Validate(); err != nil {
			t.Fatal(err)
		}
		return x
	}
	order := make([]int, len(sigs))
	for i := range order {
		order[i] = i
	}
	ref := build(order, 0)
	refPairs := ref.AppendPairs(nil, 4)
	if len(refPairs) == 0 {
		t.Fatal("the corpus yields no pairs; the test would prove nothing")
	}
	for trial := range 4 {
		rng.Shuffle(len(order), func(i, j int) { order[i], order[j] = order[j], order[i] })
		// Some signatures twice: repeated entries must merge away.
		again := append(slices.Clone(order), order[:len(order)/4]...)
		x := build(again, trial*3)
		if !slices.Equal(x.keys, ref.keys) || !slices.Equal(x.ids, ref.ids) {
			t.Fatalf("trial %d: entries differ from those of the ordered build", trial)
		}
		if got := x.AppendPairs(nil, 4); !slices.Equal(got, refPairs) {
			t.Fatalf("trial %d: pairs differ", trial)
		}
	}
}

func TestBigBucketIsBounded(t *testing.T) {
	const copies, maxBucket = 1000, 5
	sig := make(Signature, 16)
	for i := range sig {
		sig[i] = uint32(i * 7)
	}
	x := mustIndex(t, 4, 4)
	for i := range copies {
		x.Add(uint32(copies-1-i), sig) // added backwards
	}
	got := x.AppendPairs(nil, maxBucket)
	// Id p pairs with the min(p, maxBucket) ids before it.
	if want := maxBucket*copies - maxBucket*(maxBucket+1)/2; len(got) != want {
		t.Fatalf("%d pairs, want %d", len(got), want)
	}
	for i := 1; i < copies; i++ {
		if _, ok := slices.BinarySearchFunc(got, Pair{uint32(i - 1), uint32(i)}, func(a, b Pair) int {
			return cmp.Or(cmp.Compare(a.A, b.A), cmp.Compare(a.B, b.B))
		}); !ok {
			t.Fatalf("copies %d and %d are not chained", i-1, i)
		}
	}
	if all := x.AppendPairs(nil, 0); len(all) != copies*(copies-1)/2 {
		t.Errorf("without a bound: %d pairs, want %d", len(all), copies*(copies-1)/2)
	}
}

// TestPairsCompaction makes AppendPairs gather more than compactPairs
// pairs, repeated across bands, so that it merges repeats midway.
func TestPairsCompaction(t *testing.T) {
	if testing.Short() {
		t.Skip("gathers millions of pairs")
	}
	const copies = 1600 // 1,279,200 distinct pairs, each found by 3 bands
	sig := make(Signature, 6)
	x := mustIndex(t, 3, 2)
	for i := range copies {
		x.Add(uint32(i), sig)
	}
	got := x.AppendPairs([]Pair{{7, 7}}, 0)
	if got[0] != (Pair{7, 7}) {
		t.Error("AppendPairs changed what dst held before")
	}
	got = got[1:]
	if len(got) != copies*(copies-1)/2 {
		t.Fatalf("%d pairs, want %d", len(got), copies*(copies-1)/2)
	}
	for i := 1; i < len(got); i++ {
		if got[i-1].A > got[i].A || got[i-1].A == got[i].A && got[i-1].B >= got[i].B {
			t.Fatalf("pairs %v and %v out of order", got[i-1], got[i])
		}
	}
}

func TestEmptySignaturesAreNotIndexed(t *testing.T) {
	s := mustSigner(t, 16, 1)
	empty := s.AppendSignature(nil, nil)
	x := mustIndex(t, 4, 4)
	x.Add(1, empty)
	x.Add(2, empty)
	x.Add(3, s.AppendSignature(nil, []uint64{1, 2, 3}))
	if got := x.AppendPairs(nil, 0); len(got) != 0 {
		t.Errorf("pairs %v, want none", got)
	}
	if got := x.AppendQuery(nil, empty); len(got) != 0 {
		t.Errorf("query of the empty set found %v", got)
	}
	if x.Entries() != 4 {
		t.Errorf("%d entries, want 4 (one signature)", x.Entries())
	}
}

func TestIndexPanicsOnMisuse(t *testing.T) {
	expectPanic := func(name string, f func()) {
		t.Helper()
		defer func() {
			if recover() == nil {
				t.Errorf("%s did not panic", name)
			}
		}()
		f()
	}
	x := mustIndex(t, 4, 4)
	expectPanic("Add of a short signature", func() { x.Add(1, make(Signature, 15)) })
	expectPanic("AppendQuery of a short signature", func() { x.AppendQuery(nil, make(Signature, 15)) })
	var zero Index
	expectPanic("Add to the zero Index", func() { zero.Add(1, make(Signature, 16)) })
}

func TestZeroIndex(t *testing.T) {
	var x Index
	if err := x.Validate(); err != nil {
		t.Errorf("Validate: %v", err)
	}
	if got := x.AppendQuery(nil, make(Signature, 8)); len(got) != 0 {
		t.Errorf("AppendQuery = %v", got)
	}
	if got := x.AppendPairs(nil, 0); len(got) != 0 {
		t.Errorf("AppendPairs = %v", got)
	}
	if x.SizeBytes() != 0 {
		t.Errorf("SizeBytes = %d", x.SizeBytes())
	}
}

func TestValidateFindsDisorder(t *testing.T) {
	rng := rand.New(rand.NewPCG(25, 26))
	x := mustIndex(t, 4, 2)
	for i, s := range corpus(rng, 8, 5, 5) {
		x.Add(uint32(i), s)
	}
	x.Build()
	if err := x.Validate(); err != nil {
		t.Fatal(err)
	}
	i := 0
	for x.keys[i] == x.keys[i+1] {
		i++
	}
	x.keys[i], x.keys[i+1] = x.keys[i+1], x.keys[i]
	if err := x.Validate(); !errors.Is(err, ErrBadFormat) {
		t.Errorf("swapped keys: err = %v, want ErrBadFormat", err)
	}
	x.keys[i], x.keys[i+1] = x.keys[i+1], x.keys[i]
	// The corpus holds exact copies, so some bucket has two ids.
	j := 0
	for x.keys[j] != x.keys[j+1] {
		j++
	}
	x.ids[j], x.ids[j+1] = x.ids[j+1], x.ids[j]
	if err := x.Validate(); !errors.Is(err, ErrBadFormat) {
		t.Errorf("swapped ids of one bucket: err = %v, want ErrBadFormat", err)
	}
	x.ids[j], x.ids[j+1] = x.ids[j+1], x.ids[j]
	x.ids = x.ids[:len(x.ids)-1]
	if err := x.Validate(); !errors.Is(err, ErrBadFormat) {
		t.Errorf("short ids: err = %v, want ErrBadFormat", err)
	}
}

func TestBandKeys(t *testing.T) {
	x := mustIndex(t, 4, 2)
	sig := Signature{1, 2, 1, 2, 1, 2, 9, 9}
	keys := x.AppendKeys(nil, sig)
	if len(keys) != 4 {
		t.Fatalf("%d keys, want 4", len(keys))
	}
	// Equal contents in different bands must not share a key.
	if keys[0] == keys[1] || keys[1] == keys[2] || keys[0] == keys[2] {
		t.Errorf("bands with equal values share keys: %x", keys)
	}
	other := x.AppendKeys(nil, Signature{1, 2, 5, 5, 1, 3, 9, 9})
	if other[0] != keys[0] || other[3] != keys[3] {
		t.Error("equal bands got different keys")
	}
	if other[1] == keys[1] || other[2] == keys[2] {
		t.Error("different bands got equal keys")
	}
}

// AppendKeys has a written-out path for bands of 4 rows; every layout must
// give bandKey's keys.
func TestAppendKeysMatchesBandKey(t *testing.T) {
	rng := rand.New(rand.NewPCG(21, 22))
	for _, br := range [][2]int{{10, 4}, {14, 4}, {1, 4}, {5, 3}, {8, 2}, {3, 5}, {2, 1}} {
		x := mustIndex(t, br[0], br[1])
		sig := make(Signature, br[0]*br[1]+3)
		for range 50 {
			for i := range sig {
				sig[i] = rng.Uint32()
			}
			got := x.AppendKeys([]uint64{7}, sig)
			if len(got) != 1+br[0] || got[0] != 7 {
				t.Fatalf("%dx%d: AppendKeys did not append %d keys: %v", br[0], br[1], br[0], got)
			}
			for b := range br[0] {
				if want := bandKey(b, sig[b*br[1]:(b+1)*br[1]]); got[1+b] != want {
					t.Fatalf("%dx%d: band %d key %x, bandKey %x", br[0], br[1], b, got[1+b], want)
				}
			}
		}
	}
}

func TestSizeBytesPerSignature(t *testing.T) {
	b, r, err := DefaultBands(0.5, 64)
	if err != nil {
		t.Fatal(err)
	}
	if b != 14 || r != 4 {
		t.Fatalf("DefaultBands(0.5, 64) = %d×%d; the SizeBytes documentation assumes 14×4", b, r)
	}
	const n = 20000
	rng := rand.New(rand.NewPCG(27, 28))
	s := mustSigner(t, 64, 1)
	x := mustIndex(t, b, r)
	x.Grow(n)
	var sig Signature
	for i := range n {
		sig = s.AppendSignature(sig[:0], randomSet(rng, 20))
		x.Add(uint32(i), sig)
	}
	x.Build()
	per := float64(x.SizeBytes()) / n
	t.Logf("%.1f bytes per signature", per)
	if per > 200 {
		t.Errorf("%.1f bytes per signature, want at most 200", per)
	}
	// 12 bytes per band, plus the rounding of Grow to a size class.
	if per < 12*14 || per > 12*14+2 {
		t.Errorf("%.1f bytes per signature, want 12 per band = 168", per)
	}
}

func TestIndexAllocations(t *testing.T) {
	rng := rand.New(rand.NewPCG(29, 30))
	sigs := corpus(rng, 16, 20, 10)
	x := mustIndex(t, 4, 4)
	x.Grow(2 * len(sigs)) // AllocsPerRun runs the function twice
	if n := testing.AllocsPerRun(1, func() {
		for i, s := range sigs {
			x.Add(uint32(i), s)
		}
	}); n != 0 {
		t.Errorf("Add after Grow allocates %v times", n)
	}
	x.Build()
	q := make([]uint32, 0, 1024)
	if n := testing.AllocsPerRun(50, func() { q = x.AppendQuery(q[:0], sigs[3]) }); n != 0 {
		t.Errorf("AppendQuery allocates %v times", n)
	}
	ps := make([]Pair, 0, 1<<16)
	if n := testing.AllocsPerRun(10, func() { ps = x.AppendPairs(ps[:0], 8) }); n != 0 {
		t.Errorf("AppendPairs allocates %v times", n)
	}
	if len(ps) == 0 {
		t.Error("no pairs: the allocation test proves nothing")
	}
}

func TestIndexConcurrentQueries(t *testing.T) {
	rng := rand.New(rand.NewPCG(31, 32))
	sigs := corpus(rng, 16, 20, 10)
	x := mustIndex(t, 4, 4)
	for i, s := range sigs {
		x.Add(uint32(i), s)
	}
	x.Build()
	want := make([][]uint32, len(sigs))
	for i, s := range sigs {
		want[i] = x.AppendQuery(nil, s)
	}
	wantPairs := x.AppendPairs(nil, 3)
	var wg sync.WaitGroup
	bad := make([]bool, 4)
	for g := range bad {
		wg.Go(func() {
			var q []uint32
			for i, s := range sigs {
				q = x.AppendQuery(q[:0], s)
				bad[g] = bad[g] || !slices.Equal(q, want[i])
			}
			bad[g] = bad[g] || !slices.Equal(x.AppendPairs(nil, 3), wantPairs)
		})
	}
	wg.Wait()
	for g, b := range bad {
		if b {
			t.Errorf("goroutine %d got different answers", g)
		}
	}
}

// benchCorpus is n signatures of k = 64 from windows of 20 shingles where
// groups of ten windows share 0–19 of their shingles with a base.
func benchCorpus(b *testing.B, n int) []Signature {
	rng := rand.New(rand.NewPCG(1, 2))
	s := mustSigner(b, 64, 1)
	sigs := make([]Signature, n)
	var base []uint64
	for i := range sigs {
		if i%10 == 0 {
			base = randomSet(rng, 20)
		}
		set := slices.Clone(base)
		for j := range rng.IntN(20) {
			set[j] = rng.Uint64()
		}
		sigs[i] = s.AppendSignature(nil, set)
	}
	return sigs
}

func BenchmarkIndexAdd(b *testing.B) {
	const n = 100000
	sigs := benchCorpus(b, n)
	x := mustIndex(b, 14, 4)
	b.SetBytes(64 * 4) // a signature's values
	b.ReportAllocs()
	i := 0
	for b.Loop() {
		if i == n {
			x.keys, x.ids, i = x.keys[:0], x.ids[:0], 0
		}
		x.Add(uint32(i), sigs[i])
		i++
	}
}

func BenchmarkIndexBuild(b *testing.B) {
	const n = 100000
	sigs := benchCorpus(b, n)
	x := mustIndex(b, 14, 4)
	for i, s := range sigs {
		x.Add(uint32(i), s)
	}
	keys, ids := slices.Clone(x.keys), slices.Clone(x.ids)
	b.SetBytes(12 * int64(len(keys)))
	b.ReportAllocs()
	for b.Loop() {
		copy(x.keys, keys)
		copy(x.ids, ids)
		x.sorted = 0
		x.Build()
	}
	b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N*n), "ns/signature")
}

func BenchmarkAppendPairs(b *testing.B) {
	const n = 100000
	sigs := benchCorpus(b, n)
	x := mustIndex(b, 14, 4)
	for i, s := range sigs {
		x.Add(uint32(i), s)
	}
	x.Build()
	ps := x.AppendPairs(nil, 64)
	b.Logf("%d signatures, %d pairs", n, len(ps))
	b.ReportAllocs()
	for b.Loop() {
		ps = x.AppendPairs(ps[:0], 64)
	}
	b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N*n), "ns/signature")
}

func BenchmarkAppendQuery(b *testing.B) {
	const n = 100000
	sigs := benchCorpus(b, n)
	x := mustIndex(b, 14, 4)
	for i, s := range sigs {
		x.Add(uint32(i), s)
	}
	x.Build()
	q := make([]uint32, 0, 1024)
	b.ReportAllocs()
	i := 0
	for b.Loop() {
		q = x.AppendQuery(q[:0], sigs[i%n])
		i++
	}
}

func TestQueriesBuildLazily(t *testing.T) {
	x := mustIndex(t, 2, 2)
	a, b := Signature{1, 2, 3, 4}, Signature{1, 2, 7, 8}
	x.Add(5, a)
	x.Add(9, b)
	if got := x.AppendQuery(nil, Signature{1, 2, 0, 0}); !slices.Equal(got, []uint32{5, 9}) {
		t.Errorf("query before Build = %v, want [5 9]", got)
	}
	x.Add(7, Signature{0, 0, 3, 4}) // after a build: merged into it
	if got := x.AppendPairs(nil, 0); !slices.Equal(got, []Pair{{5, 7}, {5, 9}}) {
		t.Errorf("pairs = %v, want [{5 7} {5 9}]", got)
	}
	if err := x.Validate(); err != nil {
		t.Error(err)
	}
}
