package neardup

import (
	"strings"

	"github.com/neardup/neardup/report"
	"github.com/neardup/neardup/shingle"
)

// maxDiffCells bounds the table of the word diff: past it, the middle of two
// passages that differ too much is shown as one deletion and one insertion.
const maxDiffCells = 1 << 24

// wordDiff returns the runs of words by which occurrence words b (of text
// tb) differ from canonical words a (of text ta). Words compare by their
// normalised hash, so case and typography do not count as changes; the text
// shown is as it stands. Only the part of the canonical text that the
// occurrence covers, [c0, c1) in words, is compared: canonical words the
// occurrence never reached were not copied, which is not an edit.
func wordDiff(ta string, a []shingle.Word, tb string, b []shingle.Word) (diff []report.DiffOp, c0, c1 int) {
	c0, c1 = coveredRange(a, b)
	runs := wordDiffRuns(ta, a[c0:c1], tb, b)
	diff = make([]report.DiffOp, len(runs))
	for i, r := range runs {
		diff[i] = r.DiffOp
	}
	return diff, c0, c1
}

// coveredRange returns the shortest range of a that keeps the longest
// common subsequence of a and b whole: the latest start, then the earliest
// end.
func coveredRange(a, b []shingle.Word) (int, int) {
	n, m := len(a), len(b)
	if n == 0 || m == 0 || n*m > maxDiffCells {
		return 0, n
	}
	suffix := lcsSuffixTable(a, b)
	w := m + 1
	total := suffix[0]
	if total == 0 {
		return 0, n
	}
	i0 := 0
	for i0+1 < n && suffix[(i0+1)*w] == total {
		i0++
	}
	// Earliest end: the prefix LCS of a[i0:i] and b reaches total.
	rest := a[i0:]
	prev := make([]int32, w)
	cur := make([]int32, w)
	for i := 1; i <= len(rest); i++ {
		for j := 1; j <= m; j++ {
			if rest[i-1].Hash == b[j-1].Hash {
				cur[j] = prev[j-1] + 1
			} else {
				cur[j] = max(prev[j], cur[j-1])
			}
		}
		if cur[m] == total {
			return i0, i0 + i
		}
		prev, cur = cur, prev
	}
	return i0, n
}

// lcsSuffixTable returns l with l[i*(len(b)+1)+j] the length of the longest
// common subsequence of a[i:] and b[j:].
func lcsSuffixTable(a, b []shingle.Word) []int32 {
	n, m := len(a), len(b)
	w := m + 1
	l := make([]int32, (n+1)*w)
	for i := n - 1; i >= 0; i-- {
		for j := m - 1; j >= 0; j-- {
			if a[i].Hash == b[j].Hash {
				l[i*w+j] = l[(i+1)*w+j+1] + 1
			} else {
				l[i*w+j] = max(l[(i+1)*w+j], l[i*w+j+1])
			}
		}
	}
	return l
}

// run is a diff run and the number of words in it.
type run struct {
	report.DiffOp
	words int
}

func wordDiffRuns(ta string, a []shingle.Word, tb string, b []shingle.Word) []run {
	var ops []run
	emit := func(op string, text string, ws []shingle.Word) {
		if len(ws) == 0 {
			return
		}
		if n := len(ops); n > 0 && ops[n-1].Op == op {
			ops[n-1].Text += " " + joinWords(text, ws)
			ops[n-1].words += len(ws)
			return
		}
		ops = append(ops, run{report.DiffOp{Op: op, Text: joinWords(text, ws)}, len(ws)})
	}
	// Common prefix and suffix cost nothing.
	p := 0
	for p < len(a) && p < len(b) && a[p].Hash == b[p].Hash {
		p++
	}
	s := 0
	for s < len(a)-p && s < len(b)-p && a[len(a)-1-s].Hash == b[len(b)-1-s].Hash {
		s++
	}
	emit(report.OpEqual, tb, b[:p])
	ma, mb := a[p:len(a)-s], b[p:len(b)-s]
	if len(ma)*len(mb) > maxDiffCells {
		emit(report.OpDelete, ta, ma)
		emit(report.OpInsert, tb, mb)
	} else {
		lcsDiff(ta, ma, tb, mb, emit)
	}
	emit(report.OpEqual, tb, b[len(b)-s:])
	return ops
}

// lcsDiff emits the edit script of a longest common subsequence.
func lcsDiff(ta string, a []shingle.Word, tb string, b []shingle.Word, emit func(string, string, []shingle.Word)) {
	n, m := len(a), len(b)
	if n == 0 || m == 0 {
		emit(report.OpDelete, ta, a)
		emit(report.OpInsert, tb, b)
		return
	}
	w := m + 1
	l := lcsSuffixTable(a, b)
	i, j := 0, 0
	for i < n && j < m {
		switch {
		case a[i].Hash == b[j].Hash:
			emit(report.OpEqual, tb, b[j:j+1])
			i++
			j++
		case l[(i+1)*w+j] >= l[i*w+j+1]:
			emit(report.OpDelete, ta, a[i:i+1])
			i++
		default:
			emit(report.OpInsert, tb, b[j:j+1])
			j++
		}
	}
	emit(report.OpDelete, ta, a[i:])
	emit(report.OpInsert, tb, b[j:])
}

func joinWords(text string, ws []shingle.Word) string {
	var sb strings.Builder
	for i, w := range ws {
		if i > 0 {
			sb.WriteByte(' ')
		}
		sb.WriteString(text[w.Start:w.End])
	}
	return sb.String()
}
