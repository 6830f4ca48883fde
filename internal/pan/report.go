package pan

import "github.com/neardup/neardup/report"

// ReportCases turns a neardup report into detections shaped like the true
// cases, an origin and its copies: each reuse family's first passage (the
// canonical one) paired with each of its passages in other documents, the
// canonical side narrowed to the part that copy reproduces. Boilerplate
// families are not detections of reuse.
func ReportCases(r *report.Report) []Case {
	var out []Case
	for _, c := range r.Clusters {
		if c.Kind != report.KindReuse || len(c.Passages) == 0 {
			continue
		}
		o := c.Passages[0]
		for _, p := range c.Passages[1:] {
			if p.Doc == o.Doc {
				continue
			}
			out = append(out, Case{
				A: Span{Doc: o.Doc, Start: p.CanonicalStart, End: p.CanonicalEnd},
				B: Span{Doc: p.Doc, Start: p.Start, End: p.End},
			})
		}
	}
	return out
}
