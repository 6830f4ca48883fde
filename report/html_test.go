package report

import (
	"bytes"
	"regexp"
	"strings"
	"testing"
)

// The tags WriteHTML writes; anything else in the output came from
// document text that escaped escaping.
var ownTags = map[string]bool{
	"!DOCTYPE": true, "html": true, "head": true, "meta": true, "title": true, "style": true,
	"body": true, "header": true, "h1": true, "h2": true, "h3": true, "p": true, "b": true,
	"main": true, "section": true, "table": true, "thead": true, "tbody": true, "tr": true,
	"th": true, "td": true, "a": true, "span": true, "br": true, "ins": true, "del": true,
	"blockquote": true, "ol": true, "ul": true, "li": true, "div": true, "time": true,
	"details": true, "summary": true, "q": true, "footer": true,
}

var (
	tagRE     = regexp.MustCompile(`<(/?)([!A-Za-z][A-Za-z0-9-]*)([^>]*)>`)
	quotedRE  = regexp.MustCompile(`"[^"]*"|'[^']*'`)
	handlerRE = regexp.MustCompile(`(?i)(^|\s)on\w+\s*=`)
)

// markupProblems scans html for tags that the writer does not write and
// for event-handler attributes, which would mean document text got through
// unescaped.
func markupProblems(html string) []string {
	var probs []string
	// The style sheet holds no tags, but its selectors would look like
	// text; leave it out of the scan.
	if i, j := strings.Index(html, "<style>"), strings.Index(html, "</style>"); i >= 0 && j > i {
		html = html[:i] + html[j:]
	}
	for _, m := range tagRE.FindAllStringSubmatch(html, -1) {
		if !ownTags[m[2]] {
			probs = append(probs, "unexpected tag "+m[0])
		}
		// Quoted values may hold anything escaped; what is left are the
		// attribute names.
		if handlerRE.MatchString(quotedRE.ReplaceAllString(m[3], `""`)) {
			probs = append(probs, "event handler attribute in "+m[0])
		}
	}
	if strings.Contains(strings.ToLower(html), "<script") {
		probs = append(probs, "a <script tag appears")
	}
	return probs
}

func checkMarkup(t *testing.T, html string) {
	t.Helper()
	for _, p := range markupProblems(html) {
		t.Error(p)
	}
}

func TestMarkupProblems(t *testing.T) {
	for _, bad := range []string{
		`<p>x<script>alert(1)</script></p>`,
		`<p>x<img src=x onerror=alert(1)></p>`,
		`<a href="#" onclick="x()">`,
		`<a class='x' ONMOUSEOVER=x>`,
		`<p>x</p><SCRIPT src=y>`,
	} {
		if len(markupProblems(bad)) == 0 {
			t.Errorf("no problem found in %q", bad)
		}
	}
	good := `<p class="a" data-x="&lt;img src=x onerror=alert(1)&gt;">&lt;script&gt; onerror=1</p>`
	if p := markupProblems(good); len(p) != 0 {
		t.Errorf("problems found in escaped text: %v", p)
	}
}

func TestWriteHTMLEscapes(t *testing.T) {
	const evil = `<script>alert(1)</script> <img src=x onerror=alert(1)> "quotes" 'single' & co`
	r := harbourReport(t)
	texts := map[string]string{}
	for i := range r.Documents {
		d := &r.Documents[i]
		d.Title, d.Source = evil, evil
	}
	evilID := `e"v<i>l.txt`
	r.Documents = append(r.Documents, Document{ID: evilID, Title: evil, Source: evil, Date: evil, Bytes: len(evil)})
	texts[evilID] = evil + "\n" + evil
	c := &r.Clusters[0]
	c.Canonical = evil
	c.Origin.Doc, c.Origin.Date, c.Origin.Tied = evilID, evil, []string{evil}
	c.Passages = append(c.Passages, Passage{Doc: evilID, Start: 0, End: len(evil), Text: evil, Title: evil, Source: evil, Date: evil,
		Diff: []DiffOp{{OpEqual, evil}, {OpDelete, evil}, {OpInsert, evil}}})
	r.Clusters[1].Canonical = evil

	var b bytes.Buffer
	if err := WriteHTML(&b, r, HTMLOptions{Title: evil, Texts: texts}); err != nil {
		t.Fatal(err)
	}
	out := b.String()
	checkMarkup(t, out)
	if !strings.Contains(out, "&lt;script&gt;alert(1)&lt;/script&gt; &lt;img src=x onerror=alert(1)&gt; &#34;quotes&#34;") {
		t.Error("escaped form of the text not found in element content")
	}
	// In attribute values too.
	if !strings.Contains(out, `data-doc="e&#34;v&lt;i&gt;l.txt"`) {
		t.Error("escaped document id not found in data-doc")
	}
}

func TestWriteHTMLStructure(t *testing.T) {
	r := harbourReport(t)
	var b bytes.Buffer
	if err := WriteHTML(&b, r, HTMLOptions{}); err != nil {
		t.Fatal(err)
	}
	out := b.String()
	checkMarkup(t, out)
	for _, want := range []string{
		"<title>Reused passages</title>",
		`<section class="family" id="family-1" data-docs="a.txt b.txt c.txt" data-kind="reuse">`,
		`<details class="family boilerplate" id="family-2" data-docs="a.txt b.txt" data-kind="boilerplate">`,
		`<li class="occurrence origin" data-doc="a.txt">`,
		`<del class="diff-del">Monday</del> <ins class="diff-ins">Tuesday</ins>`,
		// Without texts, each document lists its passages.
		`<li><a class="passage-link" href="#family-1">Family 1</a>, bytes 30–167: <q>The old harbour reopened on Tuesday`,
	} {
		if !strings.Contains(out, want) {
			t.Errorf("output lacks %q", want)
		}
	}
	// Occurrences keep the report's date order: a, c, b.
	ia, ic, ib := strings.Index(out, `"occurrence origin" data-doc="a.txt">`),
		strings.Index(out, `"occurrence" data-doc="c.txt">`), strings.Index(out, `"occurrence" data-doc="b.txt">`)
	if !(0 <= ia && ia < ic && ic < ib) {
		t.Errorf("occurrences out of date order: a@%d c@%d b@%d", ia, ic, ib)
	}
	if strings.Contains(out, "http://") || strings.Contains(out, "https://") || strings.Contains(out, "src=") {
		t.Error("the page refers to something outside itself")
	}
}

func TestWriteHTMLSpanOutsideText(t *testing.T) {
	r := harbourReport(t)
	err := WriteHTML(&bytes.Buffer{}, r, HTMLOptions{Texts: map[string]string{"c.txt": "too short"}})
	if err == nil || !strings.Contains(err.Error(), `"c.txt"`) || !strings.Contains(err.Error(), "family 1") {
		t.Errorf("got %v, want an error naming c.txt and family 1", err)
	}
}

func TestSegment(t *testing.T) {
	text := "0123456789abcdefghij"
	spans := []span{
		{start: 2, end: 8, family: 7, rank: 1},
		{start: 5, end: 12, family: 3, rank: 0},
		{start: 10, end: 15, family: 9, rank: 2, boiler: true},
		{start: 16, end: 18, family: 7, rank: 1},
	}
	segs, err := segment(text, spans)
	if err != nil {
		t.Fatal(err)
	}
	type seg struct {
		text     string
		family   int
		families string
	}
	want := []seg{
		{"01", 0, ""},
		{"234", 7, "7"},
		{"567", 3, "3 7"}, // family 3 ranks before 7
		{"89", 3, "3"},
		{"ab", 3, "3 9"}, // reuse is linked before boilerplate
		{"cde", 9, "9"},
		{"f", 0, ""},
		{"gh", 7, "7"},
		{"ij", 0, ""},
	}
	var got []seg
	var joined strings.Builder
	for _, s := range segs {
		got = append(got, seg{s.Text, s.Family, s.Families})
		joined.WriteString(s.Text)
	}
	if joined.String() != text {
		t.Errorf("segments do not cover the text: %q", joined.String())
	}
	if len(got) != len(want) {
		t.Fatalf("got %v, want %v", got, want)
	}
	for i := range want {
		if got[i] != want[i] {
			t.Errorf("segment %d: got %+v, want %+v", i, got[i], want[i])
		}
	}
}

func TestPercentAndThousands(t *testing.T) {
	for _, c := range []struct {
		part, whole int
		want        string
	}{{0, 0, "0%"}, {0, 10, "0%"}, {1, 1000, "<1%"}, {5, 1000, "1%"}, {1, 3, "33%"}, {2, 3, "67%"}, {10, 10, "100%"}, {11, 10, "100%"}} {
		if got := percentText(c.part, c.whole); got != c.want {
			t.Errorf("percentText(%d, %d) = %q, want %q", c.part, c.whole, got, c.want)
		}
	}
	for n, want := range map[int]string{0: "0", 999: "999", 1000: "1,000", 1234567: "1,234,567", -4321: "-4,321"} {
		if got := thousands(n); got != want {
			t.Errorf("thousands(%d) = %q, want %q", n, got, want)
		}
	}
}
