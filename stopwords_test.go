package neardup_test

import (
	"testing"

	"github.com/neardup/neardup"
	"github.com/neardup/neardup/internal/corpus"
	"github.com/neardup/neardup/internal/pan"
	"github.com/stretchr/testify/require"
)

// TestStopwordModes measures the three ways of treating stopwords on one
// generated corpus and requires the default to score best (PAN plagdet):
// the default follows the measurement, and this test says when it should
// change.
func TestStopwordModes(t *testing.T) {
	if testing.Short() {
		t.Skip("measures three full runs")
	}
	scores := map[string]pan.Scores{}
	for _, mode := range []string{neardup.StopwordsKeep, neardup.StopwordsDrop, neardup.StopwordsAnchor} {
		c, r := generated(t, 3, 2<<20, neardup.Options{Stopwords: mode})
		truth := c.Cases(corpus.KindReuse, corpus.EditRewrite)
		s := pan.Measure(pan.Cases(truth), pan.ReportCases(r))
		scores[mode] = s
		t.Logf("%-6s recall %.3f precision %.3f granularity %.3f plagdet %.3f",
			mode, s.Recall, s.Precision, s.Granularity, s.Plagdet)
	}
	def := neardup.DefaultOptions().Stopwords
	for mode, s := range scores {
		require.LessOrEqual(t, s.Plagdet, scores[def].Plagdet, "stopwords=%s beats the default %s", mode, def)
	}
}
