package pan

import (
	"reflect"
	"testing"

	"github.com/neardup/neardup/report"
)

func TestReportCases(t *testing.T) {
	r := &report.Report{Clusters: []report.Cluster{
		{Kind: report.KindReuse, Passages: []report.Passage{
			{Doc: "a", Start: 10, End: 90, CanonicalStart: 10, CanonicalEnd: 90},
			{Doc: "a", Start: 200, End: 230, CanonicalStart: 10, CanonicalEnd: 40}, // same document: not a case
			{Doc: "b", Start: 5, End: 45, CanonicalStart: 50, CanonicalEnd: 90},
		}},
		{Kind: report.KindBoilerplate, Passages: []report.Passage{{Doc: "a"}, {Doc: "c"}}},
	}}
	want := []Case{{A: Span{"a", 50, 90}, B: Span{"b", 5, 45}}}
	if got := ReportCases(r); !reflect.DeepEqual(got, want) {
		t.Errorf("ReportCases = %+v, want %+v", got, want)
	}
}
