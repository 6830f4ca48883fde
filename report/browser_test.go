package report_test

import (
	"context"
	"encoding/json"
	"flag"
	"os"
	"path/filepath"
	"reflect"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/neardup/neardup/internal/cdp"
	"github.com/neardup/neardup/report"
)

var screenshot = flag.String("screenshot", "", "save a PNG of the karabakh report page to this file (relative to report/)")

// karabakhDocs describes testdata/karabakh. Titles and dates are the ones
// printed in the articles; sources are named after what the pages show
// (000 and 002 share one site's furniture, 001 is Caliber.az's).
var karabakhDocs = []report.Document{
	{ID: "000_04391fb5481dc2ef.txt", Title: "Media: Russian Peacekeepers Supply Weapons to Armenian Separatists in Azerbaijan's Karabakh Region", Source: "Newsroom", Date: "2022-11-06"},
	{ID: "001_7307909e540cd7b0.txt", Title: "White doves not seen in Karabakh skies despite two-year Russian peacekeeping", Source: "Caliber.az", Date: "2022-12-13"},
	{ID: "002_36b146ee9c8f3f18.txt", Title: "Armed Incident Reported in Azerbaijan's Karabakh Region after Armenian Separatists Attempt to Smuggle Ammunition", Source: "Newsroom", Date: "2023-03-05"},
	{ID: "003_fbe5231c0b034ea3.txt", Title: `Azerbaijan "increasingly critical of Russia's peacekeeping mission in Karabakh"`, Source: "PanARMENIAN.Net", Date: "2021-09-23"},
	{ID: "004_4a1c03b516368829.txt", Title: "Russian peacekeepers left Karabakh", Date: "2022-03-30"},
}

// karabakhReport builds by hand the Mirzoyan family of testdata/karabakh:
// the paragraph as 000 ran it first, 001 adding a sentence, 002 saying
// "Lachin road" for "Lachin corridor". Offsets are found in the files.
func karabakhReport(t *testing.T) (*report.Report, map[string]string) {
	t.Helper()
	texts := map[string]string{}
	docs := append([]report.Document(nil), karabakhDocs...)
	for i := range docs {
		b, err := os.ReadFile(filepath.Join("..", "testdata", "karabakh", docs[i].ID))
		if err != nil {
			t.Fatal(err)
		}
		texts[docs[i].ID] = string(b)
		docs[i].Bytes = len(b)
	}
	// The paragraph runs from its first words to the end of its line.
	para := func(id string) (int, int) {
		text := texts[id]
		start := strings.Index(text, "In November 2021, Armenian citizen Norayr Mirzoyan")
		if start < 0 {
			t.Fatalf("Mirzoyan paragraph not in %s", id)
		}
		end := strings.IndexByte(text[start:], '\n')
		if end < 0 {
			end = len(text) - start
		}
		return start, start + end
	}
	const (
		d000, d001, d002 = "000_04391fb5481dc2ef.txt", "001_7307909e540cd7b0.txt", "002_36b146ee9c8f3f18.txt"
		added            = "He was then captured by the Russian peacekeepers, who pledged to hand over him for a criminal court trial, however, it was later revealed that he was released shortly after being transported from the scene."
	)
	s0, e0 := para(d000)
	canon := texts[d000][s0:e0]
	words := func(s string) string { return strings.Join(strings.Fields(s), " ") }

	s1, e1 := para(d001)
	if got, want := texts[d001][s1:e1], canon+" "+added; got != want {
		t.Fatalf("fixture: 001's paragraph is not 000's plus a sentence:\n%s", got)
	}
	s2, e2 := para(d002)
	cut := strings.Index(canon, "Lachin corridor") + len("Lachin")
	if got, want := texts[d002][s2:e2], canon[:cut]+" road"+canon[cut+len(" corridor"):]; got != want {
		t.Fatalf("fixture: 002's paragraph is not 000's with road for corridor:\n%s", got)
	}

	passage := func(i, start, end int, diff ...report.DiffOp) report.Passage {
		d := docs[i]
		docs[i].ReusedBytes = end - start
		text := texts[d.ID][start:end]
		return report.Passage{Doc: d.ID, Start: start, End: end, Similarity: jaccard(canon, text), Text: text,
			Date: d.Date, Source: d.Source, Title: d.Title, Origin: len(diff) == 0, Diff: diff,
			CanonicalStart: s0, CanonicalEnd: e0}
	}
	cluster := report.Cluster{
		ID: 1, Kind: report.KindReuse, Documents: 3, Sources: 2,
		Origin:    report.Origin{Doc: d000, Date: "2022-11-06", Note: report.OriginEarliest},
		Canonical: canon,
		Passages: []report.Passage{
			passage(0, s0, e0),
			passage(1, s1, e1,
				report.DiffOp{Op: report.OpEqual, Text: words(canon)},
				report.DiffOp{Op: report.OpInsert, Text: added}),
			passage(2, s2, e2,
				report.DiffOp{Op: report.OpEqual, Text: words(canon[:cut])},
				report.DiffOp{Op: report.OpDelete, Text: "corridor"},
				report.DiffOp{Op: report.OpInsert, Text: "road"},
				report.DiffOp{Op: report.OpEqual, Text: words(canon[cut+len(" corridor"):])}),
		},
	}
	r := &report.Report{Version: report.Version, Documents: docs, Clusters: []report.Cluster{cluster}}
	return r, texts
}

// jaccard is the similarity of the sets of three-word shingles of a and b,
// the measure the pipeline reports.
func jaccard(a, b string) float64 {
	set := func(s string) map[string]bool {
		f := strings.Fields(strings.ToLower(s))
		m := map[string]bool{}
		for i := 0; i+3 <= len(f); i++ {
			m[strings.Join(f[i:i+3], " ")] = true
		}
		return m
	}
	sa, sb := set(a), set(b)
	inter := 0
	for k := range sa {
		if sb[k] {
			inter++
		}
	}
	return float64(inter) / float64(len(sa)+len(sb)-inter)
}

// browser starts headless Chromium for the test; without one the test is
// skipped, unless CI is set: CI must run it.
func browser(t *testing.T) (*cdp.Browser, context.Context) {
	t.Helper()
	path, err := cdp.Find()
	if err != nil {
		if os.Getenv("CI") == "" {
			t.Skipf("%v; install the chromium package to run this test", err)
		}
		t.Fatal(err)
	}
	ctx, cancel := context.WithTimeout(context.Background(), 60*time.Second)
	t.Cleanup(cancel)
	b, err := cdp.Launch(ctx, path, t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { b.Close() })
	return b, ctx
}

// open writes the HTML of r to a file and loads it.
func open(t *testing.T, ctx context.Context, b *cdp.Browser, r *report.Report, o report.HTMLOptions) {
	t.Helper()
	page := filepath.Join(t.TempDir(), "report.html")
	f, err := os.Create(page)
	if err != nil {
		t.Fatal(err)
	}
	if err := report.WriteHTML(f, r, o); err != nil {
		t.Fatal(err)
	}
	if err := f.Close(); err != nil {
		t.Fatal(err)
	}
	if err := b.Navigate(ctx, "file://"+page); err != nil {
		t.Fatal(err)
	}
}

// eval evaluates expr in the page and decodes its value into a T.
func eval[T any](t *testing.T, ctx context.Context, b *cdp.Browser, expr string) T {
	t.Helper()
	raw, err := b.Eval(ctx, expr)
	if err != nil {
		t.Fatal(err)
	}
	var v T
	if err := json.Unmarshal(raw, &v); err != nil {
		t.Fatalf("%s: %v (value %s)", expr, err, raw)
	}
	return v
}

// TestHTMLInBrowser checks the HTML report of the Mirzoyan family as
// Chromium renders it.
func TestHTMLInBrowser(t *testing.T) {
	b, ctx := browser(t)
	r, texts := karabakhReport(t)
	if err := b.SetViewport(ctx, 1000, 800); err != nil {
		t.Fatal(err)
	}
	open(t, ctx, b, r, report.HTMLOptions{Title: "Karabakh articles: reused passages", Texts: texts})

	fam := `document.querySelector("section.family#family-1")`
	if got := eval[string](t, ctx, b, fam+`.dataset.docs`); got != "000_04391fb5481dc2ef.txt 001_7307909e540cd7b0.txt 002_36b146ee9c8f3f18.txt" {
		t.Errorf("family 1 lists documents %q", got)
	}
	occ := eval[[]string](t, ctx, b, `[...`+fam+`.querySelectorAll("li.occurrence")].map(li => li.dataset.doc)`)
	if want := []string{"000_04391fb5481dc2ef.txt", "001_7307909e540cd7b0.txt", "002_36b146ee9c8f3f18.txt"}; !reflect.DeepEqual(occ, want) {
		t.Errorf("occurrences %q, want %q in date order", occ, want)
	}

	// What each copy changed, as highlighted elements.
	type change struct{ Ins, Del []string }
	changes := eval[map[string]change](t, ctx, b, `Object.fromEntries([...`+fam+`.querySelectorAll("li.occurrence")].map(li => [li.dataset.doc, {
		Ins: [...li.querySelectorAll("ins")].map(e => e.textContent),
		Del: [...li.querySelectorAll("del")].map(e => e.textContent)}]))`)
	if c := changes["002_36b146ee9c8f3f18.txt"]; !reflect.DeepEqual(c, change{Ins: []string{"road"}, Del: []string{"corridor"}}) {
		t.Errorf("002's changes %+v, want corridor deleted and road inserted", c)
	}
	if c := changes["001_7307909e540cd7b0.txt"]; len(c.Del) != 0 || len(c.Ins) != 1 || !strings.HasPrefix(c.Ins[0], "He was then captured") {
		t.Errorf("001's changes %+v, want the added sentence inserted", c)
	}
	if c := changes["000_04391fb5481dc2ef.txt"]; len(c.Ins)+len(c.Del) != 0 {
		t.Errorf("the origin shows changes %+v", c)
	}

	// Insertions and deletions look different, in colour and in line.
	type look struct{ InsBg, DelBg, InsLine, DelLine string }
	l := eval[look](t, ctx, b, `(() => {
		const i = getComputedStyle(`+fam+`.querySelector("ins")), d = getComputedStyle(`+fam+`.querySelector("del"));
		return {InsBg: i.backgroundColor, DelBg: d.backgroundColor, InsLine: i.textDecorationLine, DelLine: d.textDecorationLine};
	})()`)
	if l.InsBg == l.DelBg || strings.HasSuffix(l.InsBg, ", 0)") || strings.HasSuffix(l.DelBg, ", 0)") {
		t.Errorf("ins and del backgrounds %q and %q are not two colours", l.InsBg, l.DelBg)
	}
	if l.InsLine != "underline" || l.DelLine != "line-through" {
		t.Errorf("ins and del lines %q and %q, want underline and line-through", l.InsLine, l.DelLine)
	}

	// Each document's view highlights its copy and links it to the family.
	marks := eval[map[string]string](t, ctx, b, `Object.fromEntries([...document.querySelectorAll("details.document")].map(a => [a.dataset.doc,
		[...a.querySelectorAll('a.passage[href="#family-1"]')].map(m => m.textContent).join("|")]))`)
	if len(marks) != 3 {
		t.Errorf("document views %v, want one for each of 000, 001, 002", marks)
	}
	for _, p := range r.Clusters[0].Passages {
		if marks[p.Doc] != p.Text {
			t.Errorf("%s highlights %q, want its passage", p.Doc, marks[p.Doc])
		}
	}

	// Document views are folded; following a link to one unfolds it, and
	// printing shows them all.
	if open := eval[[]bool](t, ctx, b, `[...document.querySelectorAll("details.document")].map(d => d.open)`); !reflect.DeepEqual(open, []bool{false, false, false}) {
		t.Errorf("document views open: %v, want all folded", open)
	}
	link := eval[string](t, ctx, b, fam+`.querySelector('li.occurrence[data-doc="000_04391fb5481dc2ef.txt"] a.id').getAttribute("href")`)
	opened := eval[[]bool](t, ctx, b, `location.hash = `+strconv.Quote(link)+`;
		new Promise(ok => setTimeout(ok, 50)).then(() => [...document.querySelectorAll("details.document")].map(d => d.open))`)
	if !reflect.DeepEqual(opened, []bool{true, false, false}) {
		t.Errorf("after following %s, document views open: %v, want 000's only", link, opened)
	}
	if err := b.Call(ctx, "Emulation.setEmulatedMedia", map[string]any{"media": "print"}, nil); err != nil {
		t.Fatal(err)
	}
	printed := eval[[]string](t, ctx, b, `[...document.querySelectorAll("details.document")].map(d => getComputedStyle(d, "::details-content").contentVisibility)`)
	if !reflect.DeepEqual(printed, []string{"visible", "visible", "visible"}) {
		t.Errorf("in print, document views are %v, want all visible", printed)
	}
	if err := b.Call(ctx, "Emulation.setEmulatedMedia", map[string]any{"media": ""}, nil); err != nil {
		t.Fatal(err)
	}

	// The page fits its width, on a desktop and on a phone.
	for _, width := range []int{1000, 390} {
		if err := b.SetViewport(ctx, width, 800); err != nil {
			t.Fatal(err)
		}
		if sw := eval[int](t, ctx, b, `document.documentElement.scrollWidth`); sw > width {
			t.Errorf("page is %d px wide in a %d px viewport", sw, width)
		}
	}

	if *screenshot != "" {
		if err := b.SetViewport(ctx, 1000, 800); err != nil {
			t.Fatal(err)
		}
		png, err := b.Screenshot(ctx)
		if err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(*screenshot, png, 0o644); err != nil {
			t.Fatal(err)
		}
	}

	if errs := b.ConsoleErrors(); len(errs) > 0 {
		t.Errorf("the page reported errors:\n%s", strings.Join(errs, "\n"))
	}
}

// TestHTMLInBrowserEscapes loads a report whose every text is markup and
// checks that the browser made no element of it and ran none of it.
func TestHTMLInBrowserEscapes(t *testing.T) {
	b, ctx := browser(t)
	const evil = `<script>window.pwned = 1</script><img src=x onerror="window.pwned = 2; alert(1)"> "quotes" <b>bold</b>`
	r := &report.Report{
		Version:   report.Version,
		Documents: []report.Document{{ID: "x.txt", Title: evil, Source: evil, Date: evil, Bytes: 2 * len(evil), ReusedBytes: len(evil)}, {ID: evil, Title: evil}},
		Clusters: []report.Cluster{{
			ID: 1, Kind: report.KindReuse, Documents: 2, Canonical: evil,
			Origin: report.Origin{Doc: "x.txt", Date: evil, Note: report.OriginEarliest},
			Passages: []report.Passage{
				{Doc: "x.txt", Start: len(evil), End: 2 * len(evil), Text: evil, Title: evil, Origin: true, Similarity: 1},
				{Doc: evil, Text: evil, Title: evil, Similarity: 1, Diff: []report.DiffOp{{Op: report.OpDelete, Text: evil}, {Op: report.OpInsert, Text: evil}}},
			},
		}},
	}
	open(t, ctx, b, r, report.HTMLOptions{Title: evil, Texts: map[string]string{"x.txt": evil + evil}})

	if n := eval[int](t, ctx, b, `document.querySelectorAll("script, img").length + [...document.querySelectorAll("b")].filter(e => e.textContent == "bold").length`); n != 0 {
		t.Errorf("%d elements made from document text", n)
	}
	if v := eval[any](t, ctx, b, `window.pwned`); v != nil {
		t.Errorf("document text ran: window.pwned = %v", v)
	}
	if got := eval[string](t, ctx, b, `document.title`); got != evil {
		t.Errorf("title reads %q, want the text as written", got)
	}
	if errs := b.ConsoleErrors(); len(errs) > 0 {
		t.Errorf("the page reported errors:\n%s", strings.Join(errs, "\n"))
	}
}
