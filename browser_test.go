package neardup_test

import (
	"context"
	"encoding/json"
	"flag"
	"os"
	"path/filepath"
	"slices"
	"testing"
	"time"

	"github.com/neardup/neardup"
	"github.com/neardup/neardup/internal/cdp"
	"github.com/neardup/neardup/report"
	"github.com/stretchr/testify/require"
)

var screenshot = flag.String("screenshot", "", "save a PNG of the karabakh HTML report to this file")

// karabakhMeta is what the seed articles print about themselves: their
// dates and titles, and the outlet whose furniture they carry.
var karabakhMeta = map[string]neardup.Document{
	"000_04391fb5481dc2ef.txt": {Title: "Media: Russian Peacekeepers Supply Weapons to Armenian Separatists in Azerbaijan's Karabakh Region", Source: "Newsroom", Date: "2022-11-06"},
	"001_7307909e540cd7b0.txt": {Title: "White doves not seen in Karabakh skies despite two-year Russian peacekeeping", Source: "Caliber.az", Date: "2022-12-13"},
	"002_36b146ee9c8f3f18.txt": {Title: "Armed Incident Reported in Azerbaijan's Karabakh Region after Armenian Separatists Attempt to Smuggle Ammunition", Source: "Newsroom", Date: "2023-03-05"},
	"003_fbe5231c0b034ea3.txt": {Title: `Azerbaijan "increasingly critical of Russia's peacekeeping mission in Karabakh"`, Source: "PanARMENIAN.Net", Date: "2021-09-23"},
	"004_4a1c03b516368829.txt": {Title: "Russian peacekeepers left Karabakh", Date: "2022-03-30"},
}

// TestKarabakhHTMLInBrowser opens the HTML report of the seed articles, as
// the pipeline writes it, in headless Chromium and checks through the DOM
// that the Mirzoyan family lists 000, 001 and 002 with its diff
// highlights, and that the page loads with no console error.
func TestKarabakhHTMLInBrowser(t *testing.T) {
	path, err := cdp.Find()
	if err != nil {
		if os.Getenv("CI") == "" {
			t.Skipf("%v; install the chromium package to run this test", err)
		}
		t.Fatal(err)
	}
	docs := loadKarabakh(t)
	texts := map[string]string{}
	for i := range docs {
		m := karabakhMeta[docs[i].ID]
		docs[i].Title, docs[i].Source, docs[i].Date = m.Title, m.Source, m.Date
		texts[docs[i].ID] = docs[i].Text
	}
	r, err := neardup.Run(context.Background(), docs, neardup.Options{})
	require.NoError(t, err)

	page := filepath.Join(t.TempDir(), "report.html")
	f, err := os.Create(page)
	require.NoError(t, err)
	require.NoError(t, report.WriteHTML(f, r, report.HTMLOptions{Title: "Karabakh articles: reused passages", Texts: texts}))
	require.NoError(t, f.Close())

	ctx, cancel := context.WithTimeout(context.Background(), 60*time.Second)
	defer cancel()
	b, err := cdp.Launch(ctx, path, t.TempDir())
	require.NoError(t, err)
	defer b.Close()
	require.NoError(t, b.SetViewport(ctx, 1000, 800))
	require.NoError(t, b.Navigate(ctx, "file://"+page))

	eval := func(expr string, v any) {
		t.Helper()
		raw, err := b.Eval(ctx, expr)
		require.NoError(t, err, expr)
		require.NoError(t, json.Unmarshal(raw, v), "%s gave %s", expr, raw)
	}
	// The family whose canonical text names Mirzoyan.
	type occurrence struct {
		Doc      string
		Ins, Del []string
	}
	var fams []struct {
		ID          string
		Docs        string
		Occurrences []occurrence
	}
	eval(`[...document.querySelectorAll("section.family")].filter(s => s.textContent.includes("Norayr Mirzoyan")).map(s => ({
		ID: s.id, Docs: s.dataset.docs,
		Occurrences: [...s.querySelectorAll("li.occurrence")].map(li => ({Doc: li.dataset.doc,
			Ins: [...li.querySelectorAll("ins")].map(e => e.textContent),
			Del: [...li.querySelectorAll("del")].map(e => e.textContent)}))}))`, &fams)
	require.Len(t, fams, 1, "one family holds the Mirzoyan paragraph")
	fam := fams[0]
	var nums []string
	for _, o := range fam.Occurrences {
		nums = append(nums, docNumber(o.Doc))
	}
	require.Equal(t, []string{"000", "001", "002"}, slices.Compact(nums), "occurrences by date")
	for _, num := range []string{"000", "001", "002"} {
		require.Contains(t, fam.Docs, num)
	}
	var changes map[string]occurrence = map[string]occurrence{}
	for _, o := range fam.Occurrences {
		changes[docNumber(o.Doc)] = o
	}
	require.Empty(t, changes["000"].Ins, "the origin shows no change")
	require.Empty(t, changes["000"].Del)
	require.Contains(t, changes["002"].Del, "corridor")
	require.Contains(t, changes["002"].Ins, "road")
	require.NotEmpty(t, changes["001"].Ins, "001's edits are highlighted")

	// The highlights are visible: insertions and deletions look different.
	var look struct{ Ins, Del string }
	eval(`(() => { const s = document.getElementById(`+jsString(fam.ID)+`);
		return {Ins: getComputedStyle(s.querySelector("ins")).backgroundColor, Del: getComputedStyle(s.querySelector("del")).backgroundColor}; })()`, &look)
	require.NotEqual(t, look.Ins, look.Del)

	if *screenshot != "" {
		png, err := b.Screenshot(ctx)
		require.NoError(t, err)
		require.NoError(t, os.WriteFile(*screenshot, png, 0o644))
	}
	require.Empty(t, b.ConsoleErrors(), "console errors")
}

func jsString(s string) string {
	b, _ := json.Marshal(s)
	return string(b)
}
