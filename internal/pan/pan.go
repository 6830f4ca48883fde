// Package pan scores text-reuse detections against known reuse cases with
// the character-level measures of the PAN text-alignment task (Potthast,
// Stein, Barrón-Cedeño and Rosso, "An Evaluation Framework for Plagiarism
// Detection", COLING 2010): macro-averaged recall and precision,
// granularity, and their combination plagdet.
//
// A case and a detection are both a pair of byte spans in two documents.
// Each is treated as the set of characters it covers on both sides, so a
// case of 100 bytes copied into a span of 120 bytes weighs 220 characters.
// A detection counts for a case only when it overlaps the case on both
// sides: finding the copy without its source, or the source alone, finds
// nothing.
//
// The package holds plain data and depends on the standard library only,
// so ground truth from any generator and detections from any engine can be
// compared without either knowing the other.
package pan

import (
	"math"
	"slices"
	"strings"
)

// Span is a run of bytes [Start, End) in the text of document Doc.
type Span struct {
	Doc        string
	Start, End int
}

// Len is the number of bytes the span covers; an inverted span covers none.
func (s Span) Len() int { return max(0, s.End-s.Start) }

// Case is a pair of spans that hold the same reused passage: a true case of
// reuse, or a detection claiming one. A and B may come in either order.
type Case struct {
	A, B Span
}

// LabelledCase is a true case with a label, typically the kind of edit the
// copy went through, by which recall can be broken down.
type LabelledCase struct {
	Case
	Label string
}

// LabelledSpan is one occurrence of a passage and the label its pair with
// the origin should carry.
type LabelledSpan struct {
	Span
	Label string
}

// Scores are the PAN measures of one set of detections against one set of
// cases.
type Scores struct {
	// Recall is the mean, over cases, of the share of each case's
	// characters covered by the detections that detect it.
	Recall float64
	// Precision is the mean, over detections, of the share of each
	// detection's characters that lie in cases it detects.
	Precision float64
	// Granularity is the mean number of detections per detected case; 1
	// is ideal, and 1 when nothing is detected.
	Granularity float64
	// Plagdet is F1(Recall, Precision) / log2(1 + Granularity).
	Plagdet float64
	// Cases and Detections count the inputs.
	Cases, Detections int
}

// Measure scores detections against the true cases.
//
// With no cases and no detections, recall and precision are 1; with only
// one of the two empty, both are 0 (the conventions of the PAN evaluation
// scripts).
func Measure(truth, detected []Case) Scores {
	m := match(truth, detected)
	sc := Scores{Cases: len(truth), Detections: len(detected), Granularity: 1}
	switch {
	case len(truth) == 0 && len(detected) == 0:
		sc.Recall, sc.Precision = 1, 1
	case len(truth) == 0 || len(detected) == 0:
		// both stay 0
	default:
		sc.Recall = mean(m.caseCover)
		sc.Precision = mean(m.detCover)
	}
	found, dets := 0, 0
	for _, n := range m.caseDets {
		if n > 0 {
			found++
			dets += n
		}
	}
	if found > 0 {
		sc.Granularity = float64(dets) / float64(found)
	}
	sc.Plagdet = Plagdet(sc.Recall, sc.Precision, sc.Granularity)
	return sc
}

// Plagdet combines recall, precision and granularity into PAN's single
// ranking score: their F1 divided by log2(1 + granularity).
func Plagdet(recall, precision, granularity float64) float64 {
	if recall+precision <= 0 || granularity < 1 {
		return 0
	}
	f1 := 2 * recall * precision / (recall + precision)
	return f1 / math.Log2(1+granularity)
}

// CaseRecalls returns, for each true case in order, the share of its
// characters covered by the detections that detect it (0 for a case no
// detection touches on both sides). Tests use it to find which cases a
// detector missed.
func CaseRecalls(truth, detected []Case) []float64 {
	return match(truth, detected).caseCover
}

// RecallByLabel returns the macro-averaged recall of the detections over
// the cases of each label.
func RecallByLabel(truth []LabelledCase, detected []Case) map[string]float64 {
	plain := Cases(truth)
	cover := match(plain, detected).caseCover
	sum := make(map[string]float64)
	n := make(map[string]int)
	for i, c := range truth {
		sum[c.Label] += cover[i]
		n[c.Label]++
	}
	for l := range sum {
		sum[l] /= float64(n[l])
	}
	return sum
}

// Cases drops the labels.
func Cases(lc []LabelledCase) []Case {
	out := make([]Case, len(lc))
	for i, c := range lc {
		out[i] = c.Case
	}
	return out
}

// FamilyCases turns one family of occurrences of a passage into true
// cases: one (origin, copy) pair per copy, labelled with the copy's label.
// Pairs between two copies are not cases: a copy is measured against the
// text it was taken from.
func FamilyCases(origin Span, copies []LabelledSpan) []LabelledCase {
	out := make([]LabelledCase, 0, len(copies))
	for _, c := range copies {
		out = append(out, LabelledCase{Case: Case{A: origin, B: c.Span}, Label: c.Label})
	}
	return out
}

// matching holds, per case and per detection, what the detections and
// cases cover of it.
type matching struct {
	caseCover []float64 // share of each case's characters detected
	caseDets  []int     // detections that detect each case
	detCover  []float64 // share of each detection's characters in cases it detects
}

// match relates cases and detections. Only a case and a detection over the
// same two documents can overlap on both sides, so they are grouped by
// their (unordered) pair of documents and compared within each group.
func match(truth, detected []Case) matching {
	m := matching{
		caseCover: make([]float64, len(truth)),
		caseDets:  make([]int, len(truth)),
		detCover:  make([]float64, len(detected)),
	}
	type group struct{ cases, dets []int }
	groups := make(map[[2]string]*group)
	get := func(c Case) *group {
		k := pairKey(c)
		g := groups[k]
		if g == nil {
			g = &group{}
			groups[k] = g
		}
		return g
	}
	for i, c := range truth {
		g := get(c)
		g.cases = append(g.cases, i)
	}
	for i, d := range detected {
		if g := groups[pairKey(d)]; g != nil {
			g.dets = append(g.dets, i)
		}
	}
	caseHits := make([][]interval, len(truth))
	detHits := make([][]interval, len(detected))
	for _, g := range groups {
		for _, ci := range g.cases {
			for _, di := range g.dets {
				hits, ok := overlap(truth[ci], detected[di])
				if !ok {
					continue
				}
				m.caseDets[ci]++
				caseHits[ci] = append(caseHits[ci], hits...)
				detHits[di] = append(detHits[di], hits...)
			}
		}
	}
	for i, c := range truth {
		m.caseCover[i] = share(caseHits[i], c)
	}
	for i, d := range detected {
		m.detCover[i] = share(detHits[i], d)
	}
	return m
}

func pairKey(c Case) [2]string {
	if c.A.Doc <= c.B.Doc {
		return [2]string{c.A.Doc, c.B.Doc}
	}
	return [2]string{c.B.Doc, c.A.Doc}
}

// interval is a run of characters of one document.
type interval struct {
	doc        string
	start, end int
}

func clip(a, b Span) (interval, bool) {
	s, e := max(a.Start, b.Start), min(a.End, b.End)
	if a.Doc != b.Doc || s >= e {
		return interval{}, false
	}
	return interval{a.Doc, s, e}, true
}

// overlap reports whether detection d detects case c, and if so the
// characters they share. Sides are paired by document; when both sides of
// the case lie in one document both pairings are tried and the one sharing
// more characters is kept.
func overlap(c, d Case) ([]interval, bool) {
	best, bestLen, found := []interval(nil), -1, false
	for _, swap := range [2]bool{false, true} {
		da, db := d.A, d.B
		if swap {
			da, db = db, da
		}
		ia, okA := clip(c.A, da)
		ib, okB := clip(c.B, db)
		if !okA || !okB {
			continue
		}
		if n := (ia.end - ia.start) + (ib.end - ib.start); n > bestLen {
			best, bestLen, found = []interval{ia, ib}, n, true
		}
	}
	return best, found
}

// share is the number of distinct characters of hits divided by the
// number of distinct characters of c. The two sides of a case in the same
// document may overlap; their shared characters count once, as PAN treats
// a case as a set of characters.
func share(hits []interval, c Case) float64 {
	total := covered([]interval{{c.A.Doc, c.A.Start, c.A.End}, {c.B.Doc, c.B.Start, c.B.End}})
	if total == 0 || len(hits) == 0 {
		return 0
	}
	return float64(covered(hits)) / float64(total)
}

// covered counts the distinct characters of a set of intervals.
func covered(iv []interval) int {
	iv = slices.Clone(iv)
	slices.SortFunc(iv, func(a, b interval) int {
		if c := strings.Compare(a.doc, b.doc); c != 0 {
			return c
		}
		return a.start - b.start
	})
	n := 0
	for i := 0; i < len(iv); {
		doc, s, e := iv[i].doc, iv[i].start, iv[i].end
		j := i + 1
		for ; j < len(iv) && iv[j].doc == doc && iv[j].start <= e; j++ {
			e = max(e, iv[j].end)
		}
		if e > s {
			n += e - s
		}
		i = j
	}
	return n
}

func mean(xs []float64) float64 {
	if len(xs) == 0 {
		return 0
	}
	s := 0.0
	for _, x := range xs {
		s += x
	}
	return s / float64(len(xs))
}
