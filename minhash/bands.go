package minhash

import (
	"errors"
	"fmt"
	"math"
)

// ErrInvalidParameter is wrapped by errors for a threshold or weight out of
// range.
var ErrInvalidParameter = errors.New("minhash: invalid parameter")

// Probability returns the probability that two sets of Jaccard similarity s
// share at least one of bands buckets of rows values each: 1-(1-s^rows)^bands.
func Probability(s float64, bands, rows int) float64 {
	return 1 - math.Pow(1-math.Pow(s, float64(rows)), float64(bands))
}

// DefaultBands is Bands with equal weights for false positives and false
// negatives.
func DefaultBands(threshold float64, k int) (bands, rows int, err error) {
	return Bands(threshold, k, 0.5, 0.5)
}

// simpsonSteps is the number of Simpson intervals on each side of the
// threshold; 256 keeps the integrals of the steepest curves (r and b in the
// hundreds) accurate to far better than the gaps between candidates.
const simpsonSteps = 256

// Bands chooses the LSH layout for signatures of k values and a Jaccard
// threshold in (0, 1]: bands·rows ≤ k, minimising
//
//	fpWeight·∫₀ᵗ P(s) ds + fnWeight·∫ₜ¹ (1-P(s)) ds,  P(s) = 1-(1-s^rows)^bands,
//
// the weighted areas of false positives below the threshold and false
// negatives above it. Weights must be finite, non-negative and not both
// zero. The integrals are computed by Simpson's rule; among equal errors the
// smallest rows, then the fewest bands, wins. Positions past bands·rows are
// left unused by the index.
//
// Every product is rounded explicitly so that no platform fuses operations
// and the choice is the same on every machine.
func Bands(threshold float64, k int, fpWeight, fnWeight float64) (bands, rows int, err error) {
	switch {
	case k < 1 || k > MaxSize:
		return 0, 0, fmt.Errorf("%w: signature length %d is not in [1, %d]", ErrInvalidSize, k, MaxSize)
	case !(threshold > 0 && threshold <= 1):
		return 0, 0, fmt.Errorf("%w: threshold %v is not in (0, 1]", ErrInvalidParameter, threshold)
	case !(fpWeight >= 0 && fnWeight >= 0) || math.IsInf(fpWeight, 0) || math.IsInf(fnWeight, 0) || fpWeight+fnWeight == 0:
		return 0, 0, fmt.Errorf("%w: weights %v and %v must be finite, non-negative and not both zero", ErrInvalidParameter, fpWeight, fnWeight)
	}
	// Grid points and Simpson weights: indices [0, n] cover [0, t] and
	// [n+1, 2n+1] cover [t, 1].
	const n = simpsonSteps
	var s, w [2 * (n + 1)]float64
	for side, span := range [2][2]float64{{0, threshold}, {threshold, 1}} {
		lo, h := span[0], (span[1]-span[0])/n
		for j := 0; j <= n; j++ {
			c := 2.0
			switch {
			case j == 0 || j == n:
				c = 1
			case j%2 == 1:
				c = 4
			}
			s[side*(n+1)+j] = lo + float64(float64(j)*h)
			w[side*(n+1)+j] = float64(c*h) / 3
		}
	}
	// For each r, q = 1-s^r; raising it to successive powers b walks all
	// band counts with one multiplication per grid point.
	var q, pw [2 * (n + 1)]float64
	best := math.Inf(1)
	for r := 1; r <= k; r++ {
		for j := range s {
			q[j] = 1 - math.Pow(s[j], float64(r))
			pw[j] = 1
		}
		for b := 1; b*r <= k; b++ {
			var fp, fn float64
			for j := 0; j <= n; j++ {
				pw[j] = float64(pw[j] * q[j])
				fp += float64(w[j] * (1 - pw[j]))
			}
			for j := n + 1; j < len(pw); j++ {
				pw[j] = float64(pw[j] * q[j])
				fn += float64(w[j] * pw[j])
			}
			e := float64(fpWeight*fp) + float64(fnWeight*fn)
			if e < best {
				best, bands, rows = e, b, r
			}
		}
	}
	return bands, rows, nil
}
