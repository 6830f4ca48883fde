package report

import (
	_ "embed"
	"fmt"
	"html/template"
	"io"
	"slices"
	"strconv"
	"strings"
)

// HTMLOptions tunes WriteHTML.
type HTMLOptions struct {
	// Title heads the page; empty means "Reused passages".
	Title string
	// Texts maps document ids to their full texts. A document found here
	// is shown whole with its reused passages highlighted; the others are
	// shown by their passages only. Passage spans must lie inside the text
	// given.
	Texts map[string]string
}

//go:embed report.html.tmpl
var htmlSource string

var htmlTemplate = template.Must(template.New("report").Parse(htmlSource))

// WriteHTML writes r as one self-contained HTML page: no script, no network
// access, styles inline, readable on screen and on paper. It shows a
// summary of how much of each document and source is reused, the reuse
// families by spread with their occurrences and highlighted changes, each
// document with its reused passages linked to their families, and the
// boilerplate families folded away. Every text from the documents is
// escaped by html/template.
func WriteHTML(w io.Writer, r *Report, o HTMLOptions) error {
	if r == nil {
		return ErrNilReport
	}
	page, err := buildPage(r, o)
	if err != nil {
		return err
	}
	var b strings.Builder
	if err := htmlTemplate.Execute(&b, page); err != nil {
		return fmt.Errorf("report: writing HTML: %w", err)
	}
	_, err = io.WriteString(w, b.String())
	return err
}

// The page model: everything the template shows, already ordered and
// formatted, so that the template holds no logic beyond loops.
type (
	htmlPage struct {
		Title       string
		Summary     summary
		Documents   []htmlDocRow
		Sources     []htmlSourceRow
		Families    []htmlFamily
		Boilerplate []htmlFamily
		Views       []htmlDocView
		Params      string
		Version     int
	}
	htmlDocRow struct {
		Anchor, ID, Title, Source, Date string
		HasView                         bool
		Bytes, Reused                   string
		Pct                             int
		PctText                         string
	}
	htmlSourceRow struct {
		Name, Bytes, Reused string
		Documents           int
		Pct                 int
		PctText             string
	}
	htmlFamily struct {
		ID          int
		Docs        string
		Spread      string
		Sources     string
		Origin      htmlOrigin
		Canonical   []string
		Lead        string
		Occurrences []htmlOccurrence
		Boilerplate bool
	}
	htmlOrigin struct {
		Undated     bool
		Doc, Anchor string
		Date, Tied  string
	}
	htmlOccurrence struct {
		Doc, Anchor, Title, Source, Date string
		Similarity, Span, Part           string
		Origin, Canonical, Same          bool
		Diff                             []htmlPiece
	}
	htmlPiece struct {
		Kind, Text string
	}
	htmlDocView struct {
		Anchor, ID, Title, Meta string
		HasText                 bool
		Segments                []htmlSegment
		Passages                []htmlPassage
	}
	htmlSegment struct {
		Text     string
		Family   int    // family linked to; 0 for text that is not reused
		Kind     string // "reuse" or "boilerplate"
		Families string // every family covering the segment, by rank
	}
	htmlPassage struct {
		Family int
		Kind   string
		Span   string
		Text   string
	}
)

func buildPage(r *Report, o HTMLOptions) (*htmlPage, error) {
	p := &htmlPage{Title: o.Title, Summary: summarize(r), Params: paramsPhrase(r.Params), Version: r.Version}
	if p.Title == "" {
		p.Title = "Reused passages"
	}
	anchors := make(map[string]string, len(r.Documents))
	for i, d := range r.Documents {
		// Ids may hold any character, so anchors are numbered instead.
		anchors[d.ID] = "doc-" + strconv.Itoa(i+1)
	}

	for _, d := range r.Documents {
		p.Documents = append(p.Documents, htmlDocRow{
			Anchor: anchors[d.ID], ID: d.ID, Title: d.Title, Source: d.Source, Date: d.Date,
			Bytes: thousands(d.Bytes), Reused: thousands(d.ReusedBytes),
			Pct: percent(d.ReusedBytes, d.Bytes), PctText: percentText(d.ReusedBytes, d.Bytes),
		})
	}
	for _, name := range sourceNames(r) {
		row := htmlSourceRow{Name: name}
		var total, reused int
		for _, d := range r.Documents {
			if d.Source == name {
				row.Documents++
				total += d.Bytes
				reused += d.ReusedBytes
			}
		}
		row.Bytes, row.Reused = thousands(total), thousands(reused)
		row.Pct, row.PctText = percent(reused, total), percentText(reused, total)
		p.Sources = append(p.Sources, row)
	}

	reuse, boiler := ranked(r)
	rank := make(map[int]int, len(r.Clusters))
	for i, c := range slices.Concat(reuse, boiler) {
		rank[c.ID] = i
	}
	for _, c := range reuse {
		p.Families = append(p.Families, htmlFamilyOf(c, anchors))
	}
	for _, c := range boiler {
		p.Boilerplate = append(p.Boilerplate, htmlFamilyOf(c, anchors))
	}

	// One view per document that carries a passage, in report order.
	byDoc := make(map[string][]span, len(r.Documents))
	for _, c := range slices.Concat(reuse, boiler) {
		for _, ps := range c.Passages {
			byDoc[ps.Doc] = append(byDoc[ps.Doc], span{
				start: ps.Start, end: ps.End, family: c.ID, rank: rank[c.ID],
				boiler: c.Kind == KindBoilerplate, text: ps.Text,
			})
		}
	}
	for _, d := range r.Documents {
		spans := byDoc[d.ID]
		if len(spans) == 0 {
			continue
		}
		v := htmlDocView{Anchor: anchors[d.ID], ID: d.ID, Title: d.Title,
			Meta: joinNonEmpty(" · ", d.ID, d.Source, d.Date, percentText(d.ReusedBytes, d.Bytes)+" reused")}
		if v.Title == "" {
			v.Title = d.ID
		}
		slices.SortFunc(spans, func(a, b span) int {
			if a.start != b.start {
				return a.start - b.start
			}
			if a.end != b.end {
				return a.end - b.end
			}
			return a.rank - b.rank
		})
		if text, ok := o.Texts[d.ID]; ok {
			segs, err := segment(text, spans)
			if err != nil {
				return nil, fmt.Errorf("report: document %q: %w", d.ID, err)
			}
			v.HasText, v.Segments = true, segs
		} else {
			for _, s := range spans {
				v.Passages = append(v.Passages, htmlPassage{
					Family: s.family, Kind: kindClass(s.boiler),
					Span: strconv.Itoa(s.start) + "–" + strconv.Itoa(s.end), Text: s.text,
				})
			}
		}
		p.Views = append(p.Views, v)
	}
	for i := range p.Documents {
		p.Documents[i].HasView = len(byDoc[p.Documents[i].ID]) > 0
	}
	return p, nil
}

func htmlFamilyOf(c *Cluster, anchors map[string]string) htmlFamily {
	f := htmlFamily{
		ID:          c.ID,
		Docs:        strings.Join(clusterDocs(c), " "),
		Spread:      plural(c.Documents, "document", "documents") + " · " + plural(c.Sources, "source", "sources"),
		Sources:     strings.Join(clusterSources(c), ", "),
		Canonical:   paragraphs(c.Canonical),
		Lead:        truncate(strings.Join(strings.Fields(c.Canonical), " "), 110),
		Boilerplate: c.Kind == KindBoilerplate,
	}
	if f.Boilerplate {
		// One source by definition: the count of sources says nothing.
		f.Spread = plural(c.Documents, "document", "documents")
	}
	if c.Origin.Note == OriginUndated || c.Origin.Doc == "" {
		f.Origin.Undated = true
	} else {
		f.Origin.Doc, f.Origin.Anchor, f.Origin.Date = c.Origin.Doc, anchors[c.Origin.Doc], c.Origin.Date
		f.Origin.Tied = strings.Join(c.Origin.Tied, ", ")
	}
	for i, ps := range c.Passages {
		occ := htmlOccurrence{
			Part: partPhrase(c, &c.Passages[i]),
			Doc:  ps.Doc, Anchor: anchors[ps.Doc], Title: ps.Title, Source: ps.Source, Date: ps.Date,
			Similarity: similarity(ps.Similarity),
			Span:       strconv.Itoa(ps.Start) + "–" + strconv.Itoa(ps.End),
			Origin:     ps.Origin,
		}
		pieces, same := diffPieces(ps.Diff, diffContext)
		switch {
		case ps.Origin && len(ps.Diff) == 0:
			occ.Canonical = true
		case same:
			occ.Same = true
		default:
			for _, pc := range pieces {
				occ.Diff = append(occ.Diff, htmlPiece{Kind: pieceClass[pc.kind], Text: pc.text})
			}
		}
		f.Occurrences = append(f.Occurrences, occ)
	}
	return f
}

var pieceClass = [...]string{pieceEqual: "eq", pieceInsert: "ins", pieceDelete: "del", pieceGap: "gap"}

func kindClass(boiler bool) string {
	if boiler {
		return KindBoilerplate
	}
	return KindReuse
}

// span is a passage placed in its document, for the document views.
type span struct {
	start, end int
	family     int
	rank       int // the family's place in the page; lower links first
	boiler     bool
	text       string
}

// segment cuts text at every passage boundary. Each piece of text covered
// by passages links to the best ranked family among them, preferring reuse
// to boilerplate; adjacent pieces covered alike are merged. spans must be
// sorted by start.
func segment(text string, spans []span) ([]htmlSegment, error) {
	cuts := []int{0, len(text)}
	for _, s := range spans {
		if s.start < 0 || s.end > len(text) || s.start > s.end {
			return nil, fmt.Errorf("passage %d-%d of family %d lies outside the text (%d bytes)",
				s.start, s.end, s.family, len(text))
		}
		cuts = append(cuts, s.start, s.end)
	}
	slices.Sort(cuts)
	cuts = slices.Compact(cuts)

	var segs []htmlSegment
	var ids []string
	for i := 0; i+1 < len(cuts); i++ {
		a, b := cuts[i], cuts[i+1]
		seg := htmlSegment{Text: text[a:b]}
		best := -1
		ids = ids[:0]
		var cover []span
		for _, s := range spans {
			if s.start <= a && b <= s.end {
				cover = append(cover, s)
			}
		}
		slices.SortFunc(cover, func(x, y span) int { return x.rank - y.rank })
		for j, s := range cover {
			if best < 0 || (cover[best].boiler && !s.boiler) {
				best = j
			}
			if len(ids) == 0 || ids[len(ids)-1] != strconv.Itoa(s.family) {
				ids = append(ids, strconv.Itoa(s.family))
			}
		}
		if best >= 0 {
			seg.Family, seg.Kind, seg.Families = cover[best].family, kindClass(cover[best].boiler), strings.Join(ids, " ")
		}
		if n := len(segs); n > 0 && segs[n-1].Family == seg.Family && segs[n-1].Families == seg.Families {
			segs[n-1].Text += seg.Text
			continue
		}
		segs = append(segs, seg)
	}
	return segs, nil
}

// percent is the share of part in whole, in whole percent, for bar widths.
func percent(part, whole int) int {
	if whole <= 0 || part <= 0 {
		return 0
	}
	return min(100, (part*100+whole/2)/whole)
}

// percentText is percent in words, where a small non-zero share reads as
// "<1%" rather than a misleading "0%".
func percentText(part, whole int) string {
	n := percent(part, whole)
	if n == 0 && part > 0 {
		return "<1%"
	}
	return strconv.Itoa(n) + "%"
}

// thousands formats n with commas between groups of three digits.
func thousands(n int) string {
	s := strconv.Itoa(n)
	neg := strings.HasPrefix(s, "-")
	if neg {
		s = s[1:]
	}
	var b strings.Builder
	if neg {
		b.WriteByte('-')
	}
	for i, c := range s {
		if i > 0 && (len(s)-i)%3 == 0 {
			b.WriteByte(',')
		}
		b.WriteRune(c)
	}
	return b.String()
}

// paramsPhrase says how the report was made, for the page's footer; it is
// empty when the parameters are unknown.
func paramsPhrase(p Params) string {
	if p == (Params{}) {
		return ""
	}
	return joinNonEmpty(" · ",
		"threshold "+strconv.FormatFloat(p.Threshold, 'f', -1, 64),
		plural(p.Shingle, "word", "words")+" per shingle",
		strconv.Itoa(p.Hashes)+" hashes in "+strconv.Itoa(p.Bands)+" bands of "+strconv.Itoa(p.Rows)+" rows",
		"window "+strconv.Itoa(p.Window)+", stride "+strconv.Itoa(p.Stride),
		"at least "+plural(p.MinWords, "word", "words"),
		"stopwords "+joinNonEmpty(" ", p.Stopwords, p.Language),
	)
}
