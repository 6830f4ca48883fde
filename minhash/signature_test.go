package minhash

import (
	"errors"
	"fmt"
	"math"
	"math/rand/v2"
	"slices"
	"sync"
	"testing"
)

// randomSet returns n distinct random hashes.
func randomSet(rng *rand.Rand, n int) []uint64 {
	seen := make(map[uint64]bool, n)
	s := make([]uint64, 0, n)
	for len(s) < n {
		x := rng.Uint64()
		if !seen[x] {
			seen[x] = true
			s = append(s, x)
		}
	}
	return s
}

// setPair returns two sets of sizes na and nb sharing shared elements.
func setPair(rng *rand.Rand, na, nb, shared int) (a, b []uint64) {
	all := randomSet(rng, na+nb-shared)
	a = slices.Clone(all[:na])
	b = append(slices.Clone(all[:shared]), all[na:]...)
	rng.Shuffle(len(b), func(i, j int) { b[i], b[j] = b[j], b[i] })
	return a, b
}

// jaccard is the exact Jaccard similarity of two sets of distinct values.
func jaccard(a, b []uint64) float64 {
	in := make(map[uint64]bool, len(a))
	for _, x := range a {
		in[x] = true
	}
	shared := 0
	for _, x := range b {
		if in[x] {
			shared++
		}
	}
	union := len(a) + len(b) - shared
	if union == 0 {
		return 0
	}
	return float64(shared) / float64(union)
}

// referenceSignature follows the definition in the Signer documentation
// literally, with none of the shortcuts of the real code (no probe table,
// no bit set, no single-bin case, quadratic first pass).
func referenceSignature(k int, seed uint64, shingles []uint64) Signature {
	state := seed
	a := splitmix64(&state)
	p := splitmix64(&state)
	first := make(Signature, k)
	for i := range first {
		first[i] = EmptyValue
		for _, x := range shingles {
			h := mix64(x ^ a)
			if int((h>>32)*uint64(k)>>32) == i {
				first[i] = min(first[i], uint32(h), EmptyValue-1)
			}
		}
	}
	out := slices.Clone(first)
	if len(shingles) == 0 {
		return out // the empty set's signature, by definition
	}
	for i := range out {
		if first[i] != EmptyValue {
			continue
		}
		for t := 0; t < probeLimit; t++ {
			j := int((mix64(p^(uint64(i)<<32|uint64(t))) >> 32) * uint64(k) >> 32)
			if first[j] != EmptyValue {
				out[i] = first[j]
				break
			}
		}
	}
	return out
}

func mustSigner(t testing.TB, k int, seed uint64) *Signer {
	t.Helper()
	s, err := NewSigner(k, seed)
	if err != nil {
		t.Fatal(err)
	}
	return s
}

func TestNewSignerValidatesSize(t *testing.T) {
	for _, k := range []int{-1, 0, MaxSize + 1} {
		if _, err := NewSigner(k, 1); !errors.Is(err, ErrInvalidSize) {
			t.Errorf("NewSigner(%d): err = %v, want ErrInvalidSize", k, err)
		}
	}
	for _, k := range []int{1, 64, MaxSize} {
		s, err := NewSigner(k, 1)
		if err != nil {
			t.Fatalf("NewSigner(%d): %v", k, err)
		}
		if s.Size() != k {
			t.Errorf("Size() = %d, want %d", s.Size(), k)
		}
	}
}

// TestSignatureGolden pins the format contract: the expected values were
// computed by an independent Python transcription of the definition in the
// Signer documentation, not by this package.
func TestSignatureGolden(t *testing.T) {
	cases := []struct {
		k        int
		seed     uint64
		shingles []uint64
		want     Signature
	}{
		{8, 42, []uint64{1, 2, 3}, Signature{3993653775, 2696782355, 2696782355, 3993653775, 2696782355, 3177838700, 3993653775, 3993653775}},
		{4, 42, []uint64{1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20}, Signature{1893501319, 1455783948, 657544602, 994959668}},
		{16, 0x6e656172647570, []uint64{10, 20, 30, 40, 50}, Signature{1093906812, 3554205612, 2883525134, 4285897690, 3554205612, 4285897690, 4285897690, 3311019501, 1093906812, 2883525134, 3311019501, 3311019501, 3554205612, 1093906812, 4285897690, 3311019501}},
	}
	for _, c := range cases {
		got := mustSigner(t, c.k, c.seed).AppendSignature(nil, c.shingles)
		if !slices.Equal(got, c.want) {
			t.Errorf("k=%d seed=%d %v:\n got %v\nwant %v", c.k, c.seed, c.shingles, got, c.want)
		}
	}
}

func TestSignatureMatchesReference(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 2))
	for _, k := range []int{1, 2, 7, 64, 100, 128, 1024, MaxSize} {
		for _, m := range []int{0, 1, 2, 3, 5, 20, 64, 300} {
			if k == MaxSize && m > 5 {
				continue // the reference is quadratic
			}
			seed := rng.Uint64()
			set := randomSet(rng, m)
			want := referenceSignature(k, seed, set)
			got := mustSigner(t, k, seed).AppendSignature(nil, set)
			if !slices.Equal(got, want) {
				t.Fatalf("k=%d m=%d seed=%d: signature differs from the reference", k, m, seed)
			}
		}
	}
}

func TestSignatureIgnoresOrderAndRepeats(t *testing.T) {
	rng := rand.New(rand.NewPCG(3, 4))
	s := mustSigner(t, 64, 7)
	for _, m := range []int{1, 5, 30, 500} {
		set := randomSet(rng, m)
		want := s.AppendSignature(nil, set)
		noisy := append(slices.Clone(set), set[:m/2+1]...)
		noisy = append(noisy, set[0], set[0])
		rng.Shuffle(len(noisy), func(i, j int) { noisy[i], noisy[j] = noisy[j], noisy[i] })
		if got := s.AppendSignature(nil, noisy); !slices.Equal(got, want) {
			t.Errorf("m=%d: repeats and order changed the signature", m)
		}
	}
}

func TestAppendSignatureKeepsPrefix(t *testing.T) {
	s := mustSigner(t, 16, 1)
	a := s.AppendSignature(nil, []uint64{1, 2, 3})
	b := s.AppendSignature(nil, []uint64{4, 5, 6})
	both := s.AppendSignature(s.AppendSignature(nil, []uint64{1, 2, 3}), []uint64{4, 5, 6})
	if !slices.Equal(both, append(slices.Clone(a), b...)) {
		t.Fatalf("appending two signatures gave %v, want %v then %v", both, a, b)
	}
}

func TestEmptySet(t *testing.T) {
	s := mustSigner(t, 64, 1)
	empty := s.AppendSignature(nil, nil)
	if len(empty) != 64 {
		t.Fatalf("len = %d, want 64", len(empty))
	}
	for i, v := range empty {
		if v != EmptyValue {
			t.Fatalf("position %d = %d, want EmptyValue", i, v)
		}
	}
	if !empty.IsEmpty() || !Signature(nil).IsEmpty() {
		t.Error("IsEmpty is false for an empty signature")
	}
	full := s.AppendSignature(nil, []uint64{42})
	if full.IsEmpty() {
		t.Error("IsEmpty is true for a one-element set")
	}
	if got := Similarity(empty, empty); got != 0 {
		t.Errorf("Similarity(empty, empty) = %v, want 0", got)
	}
	if got := Similarity(empty, full); got != 0 {
		t.Errorf("Similarity(empty, full) = %v, want 0", got)
	}
	if got := Similarity(full, full); got != 1 {
		t.Errorf("Similarity(full, full) = %v, want 1", got)
	}
}

// invMix64 inverts mix64, to build inputs whose hash is chosen.
func invMix64(x uint64) uint64 {
	inv := func(a uint64) uint64 { // Newton's iteration for a⁻¹ mod 2⁶⁴
		y := a
		for range 6 {
			y *= 2 - a*y
		}
		return y
	}
	x ^= x >> 33
	x *= inv(0xc4ceb9fe1a85ec53)
	x ^= x >> 33
	x *= inv(0xff51afd7ed558ccd)
	x ^= x >> 33
	return x
}

func TestNoValueIsEmptyValue(t *testing.T) {
	s := mustSigner(t, 8, 99)
	// A shingle whose hash has all low bits set would store EmptyValue
	// itself if it were not lowered.
	h := uint64(0x12345678_ffffffff)
	x := invMix64(h) ^ s.key
	if mix64(x^s.key) != h {
		t.Fatal("invMix64 does not invert mix64")
	}
	sig := s.AppendSignature(nil, []uint64{x})
	for i, v := range sig {
		if v != EmptyValue-1 {
			t.Errorf("position %d = %d, want EmptyValue-1", i, v)
		}
	}
}

func TestSimilarityPanicsOnLengthMismatch(t *testing.T) {
	defer func() {
		if recover() == nil {
			t.Error("no panic")
		}
	}()
	Similarity(make(Signature, 3), make(Signature, 4))
}

// TestCollisionProbabilityPerPosition checks the LSH property position by
// position on sets so small that most bins are filled by densification:
// over many seeds, each position must agree with frequency J.
func TestCollisionProbabilityPerPosition(t *testing.T) {
	testCollisionProbability(t, func(seed uint64) *Signer { return mustSigner(t, 64, seed) })
}

func testCollisionProbability(t *testing.T, newSigner func(seed uint64) *Signer) {
	const k, seeds = 64, 3000
	cases := []struct {
		a, b []uint64
		j    float64
	}{
		{[]uint64{1, 2}, []uint64{2, 3}, 1.0 / 3},
		{[]uint64{1}, []uint64{1, 2}, 0.5},
		{[]uint64{1, 2, 3, 4, 5, 6}, []uint64{4, 5, 6, 7}, 3.0 / 7},
	}
	for _, c := range cases {
		agree := make([]int, k)
		var sa, sb Signature
		for seed := range uint64(seeds) {
			s := newSigner(seed)
			sa = s.AppendSignature(sa[:0], c.a)
			sb = s.AppendSignature(sb[:0], c.b)
			for i := range agree {
				if sa[i] == sb[i] {
					agree[i]++
				}
			}
		}
		// Five standard deviations of a binomial frequency.
		tol := 5 * math.Sqrt(c.j*(1-c.j)/seeds)
		total := 0
		for i, n := range agree {
			total += n
			if f := float64(n) / seeds; math.Abs(f-c.j) > tol {
				t.Errorf("%v vs %v: position %d agrees with frequency %.3f, want %.3f ± %.3f", c.a, c.b, i, f, c.j, tol)
			}
		}
		if f := float64(total) / (k * seeds); math.Abs(f-c.j) > 0.01 {
			t.Errorf("%v vs %v: mean agreement %.4f, want %.4f", c.a, c.b, f, c.j)
		}
	}
}

// TestEstimateAccuracy compares Similarity with the exact Jaccard
// similarity over many random pairs of sets with true similarities spread
// over [0, 1].
func TestEstimateAccuracy(t *testing.T) {
	cases := []accuracyCase{
		{64, 5, 30, 3000},
		{64, 100, 400, 1000},
		{128, 5, 30, 2000},
		{128, 1000, 3000, 300},
		{256, 50, 200, 500},
	}
	for _, c := range cases {
		testEstimateAccuracy(t, c, func(seed uint64) *Signer { return mustSigner(t, c.k, seed) })
	}
}

type accuracyCase struct{ k, minSize, maxSize, pairs int }

func testEstimateAccuracy(t *testing.T, c accuracyCase, newSigner func(seed uint64) *Signer) {
	t.Run(fmt.Sprintf("k=%d/size=%d-%d", c.k, c.minSize, c.maxSize), func(t *testing.T) {
		rng := rand.New(rand.NewPCG(uint64(c.k), uint64(c.minSize)))
		s := newSigner(rng.Uint64())
		var sum, sumSq float64
		var sa, sb Signature
		for range c.pairs {
			na := c.minSize + rng.IntN(c.maxSize-c.minSize+1)
			nb := c.minSize + rng.IntN(c.maxSize-c.minSize+1)
			target := rng.Float64()
			// J = i/(na+nb-i) solved for the intersection i.
			shared := min(int(math.Round(target*float64(na+nb)/(1+target))), na, nb)
			a, b := setPair(rng, na, nb, shared)
			sa = s.AppendSignature(sa[:0], a)
			sb = s.AppendSignature(sb[:0], b)
			e := Similarity(sa, sb) - jaccard(a, b)
			sum += e
			sumSq += e * e
		}
		n := float64(c.pairs)
		mean := sum / n
		sd := math.Sqrt(sumSq/n - mean*mean)
		t.Logf("mean error %+.4f, sd %.4f (bound %.4f)", mean, sd, 1.2/math.Sqrt(float64(c.k)))
		if math.Abs(mean) > 0.01 {
			t.Errorf("mean error %.4f exceeds 0.01", mean)
		}
		if sd > 1.2/math.Sqrt(float64(c.k)) {
			t.Errorf("sd %.4f exceeds 1.2/sqrt(k) = %.4f", sd, 1.2/math.Sqrt(float64(c.k)))
		}
	})
}

func TestAppendSignatureAllocatesNothing(t *testing.T) {
	rng := rand.New(rand.NewPCG(5, 6))
	s := mustSigner(t, 64, 1)
	set := randomSet(rng, 20)
	dst := make(Signature, 0, 64)
	if n := testing.AllocsPerRun(100, func() { dst = s.AppendSignature(dst[:0], set) }); n != 0 {
		t.Errorf("AppendSignature allocates %v times per call", n)
	}
}

func TestSignerConcurrentUse(t *testing.T) {
	rng := rand.New(rand.NewPCG(7, 8))
	s := mustSigner(t, 64, 3)
	sets := make([][]uint64, 200)
	want := make([]Signature, len(sets))
	for i := range sets {
		sets[i] = randomSet(rng, 1+rng.IntN(40))
		want[i] = s.AppendSignature(nil, sets[i])
	}
	var wg sync.WaitGroup
	errs := make([]int, 4)
	for g := range errs {
		wg.Go(func() {
			var sig Signature
			for i, set := range sets {
				sig = s.AppendSignature(sig[:0], set)
				if !slices.Equal(sig, want[i]) {
					errs[g]++
				}
			}
		})
	}
	wg.Wait()
	for g, n := range errs {
		if n != 0 {
			t.Errorf("goroutine %d got %d wrong signatures", g, n)
		}
	}
}

func BenchmarkAppendSignature(b *testing.B) {
	for _, c := range []struct {
		k       int
		grouped bool
	}{{64, false}, {128, false}, {64, true}, {40, true}} {
		k := c.k
		for _, m := range []int{16, 24, 256, 4096} {
			name := fmt.Sprintf("k=%d/shingles=%d", k, m)
			if c.grouped {
				name = "grouped/" + name
			}
			b.Run(name, func(b *testing.B) {
				rng := rand.New(rand.NewPCG(uint64(k), uint64(m)))
				s := mustSigner(b, k, 1)
				if c.grouped {
					s = mustGrouped(b, k, 1)
				}
				set := randomSet(rng, m)
				dst := make(Signature, 0, k)
				b.SetBytes(int64(8 * m))
				b.ReportAllocs()
				for b.Loop() {
					dst = s.AppendSignature(dst[:0], set)
				}
				b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N*m), "ns/shingle")
			})
		}
	}
}

func BenchmarkSimilarity(b *testing.B) {
	rng := rand.New(rand.NewPCG(1, 1))
	s := mustSigner(b, 64, 1)
	x, y := setPair(rng, 20, 20, 15)
	sx, sy := s.AppendSignature(nil, x), s.AppendSignature(nil, y)
	b.ReportAllocs()
	for b.Loop() {
		Similarity(sx, sy)
	}
}

// referenceGrouped follows the definition of NewGroupedSigner literally:
// the bins of NewSigner's first pass, densified group by group along
// explicit sequences, then interleaved.
func referenceGrouped(k int, seed uint64, shingles []uint64) Signature {
	state := seed
	a := splitmix64(&state)
	p := splitmix64(&state)
	const n = groupSize
	groups := k / n
	bins := make(Signature, k)
	for i := range bins {
		bins[i] = EmptyValue
	}
	for _, x := range shingles {
		h := mix64(x ^ a)
		c := int((h >> 32) * uint64(k) >> 32)
		bins[c] = min(bins[c], uint32(h), EmptyValue-1)
	}
	if len(shingles) == 0 {
		return bins
	}
	seq := func(i, m int, probe func(t uint64) uint64, ok func(j int) bool) int {
		for t := range uint64(probeLimit) {
			if j := int((probe(t) >> 32) * uint64(m) >> 32); ok(j) {
				return j
			}
		}
		for t := 1; ; t++ {
			if j := (i + t) % m; ok(j) {
				return j
			}
		}
	}
	groupFilled := func(g int) bool {
		for i := range n {
			if bins[g*n+i] != EmptyValue {
				return true
			}
		}
		return false
	}
	dense := make(Signature, k)
	for c := range bins {
		g, i := c/n, c%n
		if bins[c] != EmptyValue {
			dense[c] = bins[c]
			continue
		}
		from := g
		if !groupFilled(g) {
			from = seq(g, groups, func(t uint64) uint64 { return mix64(p ^ (1<<63 | uint64(g)<<32 | t)) }, groupFilled)
		}
		j := seq(i, n, func(t uint64) uint64 { return mix64(p ^ (uint64(i)<<32 | t)) },
			func(j int) bool { return bins[from*n+j] != EmptyValue })
		dense[c] = bins[from*n+j]
	}
	out := make(Signature, k)
	for s := range out {
		out[s] = dense[n*(s%groups)+s/groups]
	}
	return out
}

func mustGrouped(t testing.TB, k int, seed uint64) *Signer {
	t.Helper()
	s, err := NewGroupedSigner(k, seed)
	if err != nil {
		t.Fatal(err)
	}
	return s
}

func TestGroupedMatchesReference(t *testing.T) {
	rng := rand.New(rand.NewPCG(11, 12))
	for _, k := range []int{8, 16, 24, 40, 56, 64} {
		for _, m := range []int{0, 1, 2, 3, 5, 9, 20, 24, 64, 300} {
			for range 20 {
				seed := rng.Uint64()
				set := randomSet(rng, m)
				want := referenceGrouped(k, seed, set)
				if got := mustGrouped(t, k, seed).AppendSignature(nil, set); !slices.Equal(got, want) {
					t.Fatalf("k=%d m=%d seed=%d: grouped signature %v differs from the reference %v", k, m, seed, got, want)
				}
			}
		}
	}
}

func TestNewGroupedSignerValidatesSize(t *testing.T) {
	for _, k := range []int{0, 4, 12, 72, 128} {
		if _, err := NewGroupedSigner(k, 1); !errors.Is(err, ErrInvalidSize) {
			t.Errorf("NewGroupedSigner(%d): error %v, want ErrInvalidSize", k, err)
		}
	}
}

// TestGroupedCollisionProbability checks the LSH property position by
// position for grouped signatures on small sets, where most bins and
// sometimes whole groups are densified.
func TestGroupedCollisionProbability(t *testing.T) {
	testCollisionProbability(t, func(seed uint64) *Signer { return mustGrouped(t, 64, seed) })
}

func TestGroupedEstimateAccuracy(t *testing.T) {
	for _, c := range []accuracyCase{{64, 5, 30, 3000}, {64, 100, 400, 1000}, {32, 5, 30, 3000}} {
		testEstimateAccuracy(t, c, func(seed uint64) *Signer { return mustGrouped(t, c.k, seed) })
	}
}

func TestGroupedAllocatesNothing(t *testing.T) {
	rng := rand.New(rand.NewPCG(5, 6))
	s := mustGrouped(t, 64, 1)
	set := randomSet(rng, 20)
	dst := make(Signature, 0, 64)
	if n := testing.AllocsPerRun(100, func() { dst = s.AppendSignature(dst[:0], set) }); n != 0 {
		t.Errorf("AppendSignature allocates %v times per call", n)
	}
}

// Signing hashed shingles gives AppendSignature's signature, for every
// kind of signer, and neither call allocates once dst has room.
func TestAppendSignatureHashed(t *testing.T) {
	rng := rand.New(rand.NewPCG(11, 12))
	for _, c := range []struct {
		k       int
		grouped bool
	}{{1, false}, {40, false}, {64, false}, {200, false}, {8, true}, {40, true}, {64, true}} {
		s := mustSigner(t, c.k, 9)
		if c.grouped {
			s = mustGrouped(t, c.k, 9)
		}
		for _, n := range []int{0, 1, 5, 22, 300} {
			set := randomSet(rng, n)
			hashed := s.AppendHashed([]uint64{42}, set)
			if hashed[0] != 42 || len(hashed) != n+1 {
				t.Fatalf("k=%d n=%d: AppendHashed did not append", c.k, n)
			}
			for i, x := range set {
				if s.Hash(x) != hashed[1+i] {
					t.Fatalf("k=%d n=%d: Hash(%#x) = %#x, AppendHashed gave %#x", c.k, n, x, s.Hash(x), hashed[1+i])
				}
			}
			want := s.AppendSignature(nil, set)
			got := s.AppendSignatureHashed(Signature{7}, hashed[1:])
			if got[0] != 7 || !slices.Equal(got[1:], want) {
				t.Errorf("k=%d grouped=%v n=%d: signature of hashed shingles differs", c.k, c.grouped, n)
			}
		}
	}
	s := mustGrouped(t, 40, 1)
	set := randomSet(rng, 24)
	hashed := make([]uint64, 0, 24)
	dst := make(Signature, 0, 40)
	if n := testing.AllocsPerRun(100, func() {
		hashed = s.AppendHashed(hashed[:0], set)
		dst = s.AppendSignatureHashed(dst[:0], hashed)
	}); n != 0 {
		t.Errorf("hashing and signing allocate %v times per call", n)
	}
}
