package pan

import (
	"fmt"
	"math"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// The case used by most tests: 100 bytes of doc "a" copied into 100 bytes
// of doc "b", so it weighs 200 characters.
var caseAB = Case{A: Span{"a", 0, 100}, B: Span{"b", 50, 150}}

func det(a0, a1, b0, b1 int) Case {
	return Case{A: Span{"a", a0, a1}, B: Span{"b", b0, b1}}
}

func assertScores(t *testing.T, want, got Scores) {
	t.Helper()
	const eps = 1e-12
	assert.InDelta(t, want.Recall, got.Recall, eps, "recall")
	assert.InDelta(t, want.Precision, got.Precision, eps, "precision")
	assert.InDelta(t, want.Granularity, got.Granularity, eps, "granularity")
	assert.InDelta(t, want.Plagdet, got.Plagdet, eps, "plagdet")
	assert.Equal(t, want.Cases, got.Cases, "cases")
	assert.Equal(t, want.Detections, got.Detections, "detections")
}

func TestMeasurePerfect(t *testing.T) {
	// The detection names the same spans with its sides swapped: order
	// between A and B must not matter. R = P = G = 1, plagdet = 1/log2(2) = 1.
	got := Measure([]Case{caseAB}, []Case{{A: caseAB.B, B: caseAB.A}})
	assertScores(t, Scores{Recall: 1, Precision: 1, Granularity: 1, Plagdet: 1, Cases: 1, Detections: 1}, got)
}

func TestMeasureHalfCovered(t *testing.T) {
	// The detection covers a[0,50) and b[50,100): 100 of the case's 200
	// characters, so R = 0.5; all 100 of its own characters are in the
	// case, so P = 1. F1 = 2*0.5*1/1.5 = 2/3; G = 1, so plagdet = 2/3.
	got := Measure([]Case{caseAB}, []Case{det(0, 50, 50, 100)})
	assertScores(t, Scores{Recall: 0.5, Precision: 1, Granularity: 1, Plagdet: 2.0 / 3, Cases: 1, Detections: 1}, got)
}

func TestMeasureSplitDetection(t *testing.T) {
	// Two detections cover the two halves: together all 200 characters,
	// R = 1, each wholly inside the case, P = 1, but the case is detected
	// twice: G = 2 and plagdet = 1/log2(3) ≈ 0.6309.
	got := Measure([]Case{caseAB}, []Case{det(0, 50, 50, 100), det(50, 100, 100, 150)})
	assertScores(t, Scores{Recall: 1, Precision: 1, Granularity: 2, Plagdet: 1 / math.Log2(3), Cases: 1, Detections: 2}, got)
}

func TestMeasureOverlappingDetectionsCountOnce(t *testing.T) {
	// a[0,60)+a[40,100) cover a[0,100) = 100 characters, not 120;
	// b[50,110)+b[90,150) cover b[50,150) = 100. R = 200/200 = 1, each
	// detection lies inside the case so P = 1, G = 2.
	got := Measure([]Case{caseAB}, []Case{det(0, 60, 50, 110), det(40, 100, 90, 150)})
	assertScores(t, Scores{Recall: 1, Precision: 1, Granularity: 2, Plagdet: 1 / math.Log2(3), Cases: 1, Detections: 2}, got)
}

func TestMeasureFalsePositive(t *testing.T) {
	// A perfect detection plus one between documents with no case: P is
	// the mean of 1 and 0 = 0.5, R = 1, G = 1, plagdet = 2*0.5/1.5 = 2/3.
	spurious := Case{A: Span{"c", 0, 100}, B: Span{"d", 0, 100}}
	got := Measure([]Case{caseAB}, []Case{caseAB, spurious})
	assertScores(t, Scores{Recall: 1, Precision: 0.5, Granularity: 1, Plagdet: 2.0 / 3, Cases: 1, Detections: 2}, got)
}

func TestMeasureOversizedDetection(t *testing.T) {
	// The detection a[0,200) b[50,150) covers the whole case (R = 1) but
	// 300 characters of which 200 are in it: P = 2/3. F1 = 2*(2/3)/(5/3) = 0.8.
	got := Measure([]Case{caseAB}, []Case{det(0, 200, 50, 150)})
	assertScores(t, Scores{Recall: 1, Precision: 2.0 / 3, Granularity: 1, Plagdet: 0.8, Cases: 1, Detections: 1}, got)
}

func TestMeasureOneSideIsNoDetection(t *testing.T) {
	// The detection overlaps a[0,100) fully but names b[200,300), which
	// misses the case's b side: it detects nothing. R = P = 0, G = 1
	// (nothing detected), plagdet = 0.
	got := Measure([]Case{caseAB}, []Case{det(0, 100, 200, 300)})
	assertScores(t, Scores{Recall: 0, Precision: 0, Granularity: 1, Plagdet: 0, Cases: 1, Detections: 1}, got)
}

func TestMeasureTwoCasesOneMissed(t *testing.T) {
	// Two cases, the first found exactly, the second missed: R = (1+0)/2,
	// P = 1, F1 = 2/3, G = 1 (over the one detected case).
	other := Case{A: Span{"c", 10, 20}, B: Span{"d", 30, 40}}
	got := Measure([]Case{caseAB, other}, []Case{caseAB})
	assertScores(t, Scores{Recall: 0.5, Precision: 1, Granularity: 1, Plagdet: 2.0 / 3, Cases: 2, Detections: 1}, got)
}

func TestMeasureEmpty(t *testing.T) {
	assertScores(t, Scores{Recall: 1, Precision: 1, Granularity: 1, Plagdet: 1}, Measure(nil, nil))
	assertScores(t, Scores{Granularity: 1, Cases: 1}, Measure([]Case{caseAB}, nil))
	assertScores(t, Scores{Granularity: 1, Detections: 1}, Measure(nil, []Case{caseAB}))
}

func TestMeasureSameDocument(t *testing.T) {
	// A passage repeated inside one document "a": [0,10) and [20,30). The
	// detection lists the sides the other way round and still matches.
	c := Case{A: Span{"a", 0, 10}, B: Span{"a", 20, 30}}
	d := Case{A: Span{"a", 20, 30}, B: Span{"a", 0, 10}}
	got := Measure([]Case{c}, []Case{d})
	assertScores(t, Scores{Recall: 1, Precision: 1, Granularity: 1, Plagdet: 1, Cases: 1, Detections: 1}, got)
}

func TestCaseRecalls(t *testing.T) {
	other := Case{A: Span{"c", 0, 10}, B: Span{"d", 0, 10}}
	// caseAB half covered (see TestMeasureHalfCovered), other missed.
	got := CaseRecalls([]Case{caseAB, other}, []Case{det(0, 50, 50, 100)})
	assert.Equal(t, []float64{0.5, 0}, got)
}

func TestRecallByLabel(t *testing.T) {
	truth := []LabelledCase{
		{Case: caseAB, Label: "exact"},
		{Case: Case{A: Span{"a", 0, 100}, B: Span{"c", 0, 100}}, Label: "rewrite"},
		{Case: Case{A: Span{"a", 0, 100}, B: Span{"d", 0, 100}}, Label: "exact"},
	}
	// The first case is found whole, the third half (a[0,50) d[0,50):
	// 100 of 200), the rewrite not at all: exact = (1+0.5)/2 = 0.75.
	detected := []Case{caseAB, {A: Span{"d", 0, 50}, B: Span{"a", 0, 50}}}
	got := RecallByLabel(truth, detected)
	assert.Equal(t, map[string]float64{"exact": 0.75, "rewrite": 0}, got)
}

func TestFamilyCases(t *testing.T) {
	origin := Span{"o", 5, 50}
	copies := []LabelledSpan{{Span{"x", 0, 40}, "exact"}, {Span{"y", 7, 70}, "delete"}}
	got := FamilyCases(origin, copies)
	require.Len(t, got, 2)
	assert.Equal(t, LabelledCase{Case{origin, Span{"x", 0, 40}}, "exact"}, got[0])
	assert.Equal(t, LabelledCase{Case{origin, Span{"y", 7, 70}}, "delete"}, got[1])
	assert.Equal(t, []Case{got[0].Case, got[1].Case}, Cases(got))
}

func TestPlagdet(t *testing.T) {
	assert.Equal(t, 0.0, Plagdet(0, 0, 1))
	assert.Equal(t, 0.0, Plagdet(1, 1, 0.5), "granularity below 1 is invalid")
	// R = 1, P = 0.5: F1 = 2/3; G = 3: log2(4) = 2, plagdet = 1/3.
	assert.InDelta(t, 1.0/3, Plagdet(1, 0.5, 3), 1e-12)
}

func ExampleMeasure() {
	truth := []Case{{A: Span{"origin", 0, 100}, B: Span{"copy", 200, 300}}}
	// The detector found the copy in two pieces and missed its last tenth.
	detected := []Case{
		{A: Span{"copy", 200, 250}, B: Span{"origin", 0, 50}},
		{A: Span{"copy", 250, 290}, B: Span{"origin", 50, 90}},
	}
	// R = 180/200 = 0.9, P = 1, F1 = 1.8/1.9 ≈ 0.947, G = 2:
	// plagdet = 0.947/log2(3) ≈ 0.598.
	s := Measure(truth, detected)
	fmt.Printf("recall %.2f precision %.2f granularity %.0f plagdet %.3f\n",
		s.Recall, s.Precision, s.Granularity, s.Plagdet)
	// Output: recall 0.90 precision 1.00 granularity 2 plagdet 0.598
}
