package report

import (
	"strings"
	"testing"
)

// Texts of the three documents of the hand-built report.
var harbourTexts = map[string]string{
	"a.txt": "Harbour reopens after storm\n\nThe old harbour reopened on Monday after the storm damaged two piers, the port authority said. Fishing boats returned by noon.\n\nSubscribe to the Coast Gazette for daily news.\n",
	"b.txt": "Ferry back, harbour open\n\nThe old harbour reopened on Monday after the storm damaged two piers, the port authority said. Fishing boats returned by noon, and the ferry to the islands resumes on Friday.\n\nSubscribe to the Coast Gazette for daily news.\n",
	"c.txt": "Storm <live> | updates *now*\n\nThe old harbour reopened on Tuesday after the storm damaged two piers, the port authority said on Monday. Fishing boats returned by noon.\n",
}

// harbourReport builds by hand the report neardup should give for
// harbourTexts: one reuse family over the three documents, with a changed
// day in c.txt and an added clause in b.txt, and one boilerplate family
// (the Coast Gazette's subscription line in a.txt and b.txt). Spans are
// found in the texts, so they are right by construction.
func harbourReport(t testing.TB) *Report {
	t.Helper()
	const (
		canon = "The old harbour reopened on Monday after the storm damaged two piers, the port authority said. Fishing boats returned by noon."
		cpass = "The old harbour reopened on Tuesday after the storm damaged two piers, the port authority said on Monday. Fishing boats returned by noon."
		bpass = "The old harbour reopened on Monday after the storm damaged two piers, the port authority said. Fishing boats returned by noon, and the ferry to the islands resumes on Friday."
		subs  = "Subscribe to the Coast Gazette for daily news."
	)
	at := func(doc, passage string) (int, int) {
		i := strings.Index(harbourTexts[doc], passage)
		if i < 0 {
			t.Fatalf("fixture: %q not in %s", passage, doc)
		}
		return i, i + len(passage)
	}
	// Every copy reproduces the whole of its canonical passage, which is
	// a.txt's in both families.
	pass := func(doc, text, date, source, title string, sim float64, origin bool, canonical string, diff ...DiffOp) Passage {
		s, e := at(doc, text)
		cs, ce := at("a.txt", canonical)
		return Passage{Doc: doc, Start: s, End: e, Similarity: sim, Text: text, Date: date,
			Source: source, Title: title, Origin: origin, Diff: diff, CanonicalStart: cs, CanonicalEnd: ce}
	}
	const (
		aTitle = "Harbour reopens after storm"
		bTitle = "Ferry back, harbour open"
		cTitle = "Storm <live> | updates *now*"
	)
	eq := func(s string) DiffOp { return DiffOp{OpEqual, s} }
	ins := func(s string) DiffOp { return DiffOp{OpInsert, s} }
	del := func(s string) DiffOp { return DiffOp{OpDelete, s} }

	// Boilerplate does not count as reused text.
	return &Report{
		Version: Version,
		Params: Params{Threshold: 0.5, Shingle: 3, Hashes: 64, Bands: 16, Rows: 4, Seed: 1,
			MinWords: 10, Window: 24, Stride: 12, Stopwords: "keep", Language: "en", Boilerplate: 2},
		Documents: []Document{
			{ID: "a.txt", Title: aTitle, Source: "Coast Gazette", Date: "2024-03-01", Bytes: len(harbourTexts["a.txt"]), ReusedBytes: len(canon)},
			{ID: "b.txt", Title: bTitle, Source: "Coast Gazette", Date: "2024-03-04", Bytes: len(harbourTexts["b.txt"]), ReusedBytes: len(bpass)},
			{ID: "c.txt", Title: cTitle, Source: "Daily_Wire", Date: "2024-03-02", Bytes: len(harbourTexts["c.txt"]), ReusedBytes: len(cpass)},
		},
		Clusters: []Cluster{
			{
				ID: 1, Kind: KindReuse, Documents: 3, Sources: 2,
				Origin:    Origin{Doc: "a.txt", Date: "2024-03-01", Note: OriginEarliest},
				Canonical: canon,
				Passages: []Passage{
					pass("a.txt", canon, "2024-03-01", "Coast Gazette", aTitle, 1, true, canon),
					pass("c.txt", cpass, "2024-03-02", "Daily_Wire", cTitle, 0.62, false, canon,
						eq("The old harbour reopened on"), del("Monday"), ins("Tuesday"),
						eq("after the storm damaged two piers, the port authority"),
						del("said."), ins("said on Monday."), eq("Fishing boats returned by noon.")),
					pass("b.txt", bpass, "2024-03-04", "Coast Gazette", bTitle, 0.71, false, canon,
						eq("The old harbour reopened on Monday after the storm damaged two piers, the port authority said. Fishing boats returned by"),
						del("noon."), ins("noon, and the ferry to the islands resumes on Friday.")),
				},
			},
			{
				ID: 2, Kind: KindBoilerplate, Documents: 2, Sources: 1,
				Origin:    Origin{Doc: "a.txt", Date: "2024-03-01", Note: OriginEarliest},
				Canonical: subs,
				Passages: []Passage{
					pass("a.txt", subs, "2024-03-01", "Coast Gazette", aTitle, 1, true, subs),
					pass("b.txt", subs, "2024-03-04", "Coast Gazette", bTitle, 1, false, subs, eq(subs)),
				},
			},
		},
	}
}
