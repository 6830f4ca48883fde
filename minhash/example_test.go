package minhash_test

import (
	"fmt"
	"slices"

	"github.com/neardup/neardup/minhash"
)

// words stands in for shingle hashes, which in the pipeline come from
// xxhash; any distinct uint64 values will do.
func words(from, to uint64) []uint64 {
	var s []uint64
	for w := from; w < to; w++ {
		s = append(s, w)
	}
	return s
}

func Example() {
	signer, err := minhash.NewSigner(64, 42)
	if err != nil {
		panic(err)
	}
	a := signer.AppendSignature(nil, words(0, 20))  // 20 shingles
	b := signer.AppendSignature(nil, words(4, 24))  // 16 shared: Jaccard 16/24 ≈ 0.67
	c := signer.AppendSignature(nil, words(50, 70)) // nothing shared

	bands, rows, err := minhash.DefaultBands(0.5, 64)
	if err != nil {
		panic(err)
	}
	index, err := minhash.NewIndex(bands, rows)
	if err != nil {
		panic(err)
	}
	index.Add(0, a)
	index.Add(1, b)
	index.Add(2, c)
	index.Build()

	fmt.Printf("%d bands of %d rows\n", bands, rows)
	fmt.Println("candidates of a:", index.AppendQuery(nil, a))
	fmt.Println("all pairs:", index.AppendPairs(nil, 64))
	// Output:
	// 14 bands of 4 rows
	// candidates of a: [0 1]
	// all pairs: [{0 1}]
}

func ExampleSimilarity() {
	signer, err := minhash.NewSigner(64, 42)
	if err != nil {
		panic(err)
	}
	a := signer.AppendSignature(nil, words(0, 20))
	b := signer.AppendSignature(nil, words(4, 24)) // Jaccard 16/24 ≈ 0.67
	repeated := signer.AppendSignature(nil, append(words(0, 20), words(0, 20)...))
	empty := signer.AppendSignature(nil, nil)

	fmt.Printf("a, b: %.2f\n", minhash.Similarity(a, b))
	fmt.Println("a, a twice over:", minhash.Similarity(a, repeated))
	fmt.Println("empty set:", empty.IsEmpty(), minhash.Similarity(empty, empty))
	// Output:
	// a, b: 0.67
	// a, a twice over: 1
	// empty set: true 0
}

func ExampleProbability() {
	// With the default layout for threshold 0.5 at 64 values, how likely
	// is a pair of each similarity to become a candidate?
	for _, s := range []float64{0.2, 0.5, 0.8} {
		fmt.Printf("%.1f: %.3f\n", s, minhash.Probability(s, 14, 4))
	}
	// Output:
	// 0.2: 0.022
	// 0.5: 0.595
	// 0.8: 0.999
}

// A grouped signer suits small sets: here two windows of 22 shingles that
// share 16, Jaccard 16/28 ≈ 0.57.
func ExampleNewGroupedSigner() {
	signer, err := minhash.NewGroupedSigner(40, 42)
	if err != nil {
		panic(err)
	}
	a := signer.AppendSignature(nil, words(0, 22))
	b := signer.AppendSignature(nil, words(6, 28))
	fmt.Printf("estimate %.2f\n", minhash.Similarity(a, b))
	// Output:
	// estimate 0.57
}

// Overlapping windows of one sequence: each shingle is hashed once.
func ExampleSigner_AppendSignatureHashed() {
	signer, err := minhash.NewGroupedSigner(40, 42)
	if err != nil {
		panic(err)
	}
	hashed := signer.AppendHashed(nil, words(0, 34))
	a := signer.AppendSignatureHashed(nil, hashed[0:22])
	b := signer.AppendSignatureHashed(nil, hashed[6:28])
	fmt.Printf("estimate %.2f, same as unhashed: %v\n", minhash.Similarity(a, b),
		slices.Equal(a, signer.AppendSignature(nil, words(0, 22))))
	// Output:
	// estimate 0.57, same as unhashed: true
}
