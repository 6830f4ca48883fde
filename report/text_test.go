package report

import (
	"bytes"
	"errors"
	"strings"
	"testing"
	"unicode/utf8"
)

func wrapString(text string, width int, first, rest string) string {
	var words []word
	for _, f := range strings.Fields(text) {
		words = append(words, word{text: f})
	}
	return string(appendWrapped(nil, words, width, first, rest))
}

func TestWrap(t *testing.T) {
	cases := []struct {
		name, text  string
		width       int
		first, rest string
		want        string
	}{
		{"fits", "one two three", 20, "", "", "one two three\n"},
		{"exact width", "aaa bbb ccc", 11, "", "", "aaa bbb ccc\n"},
		{"one over", "aaa bbb cccc", 11, "", "", "aaa bbb\ncccc\n"},
		{"indents", "aaa bbb ccc ddd", 9, "> ", "  ", "> aaa bbb\n  ccc ddd\n"},
		{"long word alone", "a verylongword b", 5, "", "", "a\nverylongword\nb\n"},
		{"white space collapsed", "  a\n\tb  ", 10, "", "", "a b\n"},
		{"empty", "   ", 10, "", "", ""},
		// Eight two-byte runes fit in eight columns although they are
		// sixteen bytes long.
		{"runes not bytes", "éééé ðððð ßß", 9, "", "", "éééé ðððð\nßß\n"},
		{"indent counts runes", "ab cd", 6, "→ ", "→ ", "→ ab\n→ cd\n"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			if got := wrapString(c.text, c.width, c.first, c.rest); got != c.want {
				t.Errorf("got %q, want %q", got, c.want)
			}
		})
	}
}

func TestWrapStyledWidth(t *testing.T) {
	words := []word{{"aaa", ""}, {"bbb", ansiGreen}, {"ccc", ansiGreen}, {"ddd", ""}}
	got := string(appendWrapped(nil, words, 11, "", ""))
	// Escapes take no room: "aaa bbb ccc" is 11 columns. The green run is
	// opened once and closed before the line break.
	want := "aaa " + ansiGreen + "bbb ccc" + ansiReset + "\nddd\n"
	if got != want {
		t.Errorf("got %q, want %q", got, want)
	}
	got = string(appendWrapped(nil, words[1:3], 4, "", ""))
	want = ansiGreen + "bbb" + ansiReset + "\n" + ansiGreen + "ccc" + ansiReset + "\n"
	if got != want {
		t.Errorf("colour across a line break: got %q, want %q", got, want)
	}
}

func TestTruncate(t *testing.T) {
	cases := []struct {
		s    string
		n    int
		want string
	}{
		{"short", 10, "short"},
		{"exactly10!", 10, "exactly10!"},
		{"one two three four", 10, "one two…"},
		{"unbrokenword", 5, "unbr…"},
		{"ééé ééé", 5, "ééé…"},
		{"abc", 0, "…"},
	}
	for _, c := range cases {
		got := truncate(c.s, c.n)
		if got != c.want {
			t.Errorf("truncate(%q, %d) = %q, want %q", c.s, c.n, got, c.want)
		}
		if utf8.RuneCountInString(got) > max(c.n, 1) {
			t.Errorf("truncate(%q, %d) = %q is too long", c.s, c.n, got)
		}
	}
}

func TestDiffPieces(t *testing.T) {
	eq := func(s string) DiffOp { return DiffOp{OpEqual, s} }
	render := func(ops []DiffOp, context int) string {
		pieces, same := diffPieces(ops, context)
		if same {
			return "SAME"
		}
		var b strings.Builder
		for i, p := range pieces {
			if i > 0 {
				b.WriteByte(' ')
			}
			switch p.kind {
			case pieceInsert:
				b.WriteString("{+" + p.text + "+}")
			case pieceDelete:
				b.WriteString("[-" + p.text + "-]")
			default:
				b.WriteString(p.text)
			}
		}
		return b.String()
	}
	cases := []struct {
		name string
		ops  []DiffOp
		want string
	}{
		{"no ops", nil, "SAME"},
		{"equal only", []DiffOp{eq("a b c")}, "SAME"},
		{"empty change ignored", []DiffOp{eq("a b"), {OpInsert, ""}}, "SAME"},
		{"short runs kept", []DiffOp{eq("a b"), {OpDelete, "x"}, {OpInsert, "y"}, eq("c d")}, "a b [-x-] {+y+} c d"},
		{"leading run trimmed", []DiffOp{eq("1 2 3 4 5"), {OpInsert, "x"}}, "… 4 5 {+x+}"},
		{"trailing run trimmed", []DiffOp{{OpDelete, "x"}, eq("1 2 3 4 5")}, "[-x-] 1 2 …"},
		{"middle run trimmed", []DiffOp{{OpDelete, "x"}, eq("1 2 3 4 5 6"), {OpInsert, "y"}}, "[-x-] 1 2 … 5 6 {+y+}"},
		// A gap would hide a single word: the word is shown instead.
		{"one word not hidden", []DiffOp{{OpDelete, "x"}, eq("1 2 3 4 5"), {OpInsert, "y"}}, "[-x-] 1 2 3 4 5 {+y+}"},
		{"leading run of context+1 kept", []DiffOp{eq("1 2 3"), {OpInsert, "x"}}, "1 2 3 {+x+}"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			if got := render(c.ops, 2); got != c.want {
				t.Errorf("got %q, want %q", got, c.want)
			}
		})
	}
}

func TestAppendDiff(t *testing.T) {
	ops := []DiffOp{{OpEqual, "along the Lachin"}, {OpDelete, "corridor"}, {OpInsert, "road"}, {OpEqual, ""}, {OpEqual, "near"}}
	got := string(AppendDiff([]byte("> "), ops))
	if want := "> along the Lachin [-corridor-] {+road+} near"; got != want {
		t.Errorf("got %q, want %q", got, want)
	}
}

func TestRanked(t *testing.T) {
	r := &Report{Clusters: []Cluster{
		{ID: 1, Kind: KindReuse, Documents: 2, Sources: 2},
		{ID: 2, Kind: KindBoilerplate, Documents: 9, Sources: 1},
		{ID: 3, Kind: KindReuse, Documents: 3, Sources: 1},
		{ID: 4, Kind: KindReuse, Documents: 2, Sources: 2},
		{ID: 5, Kind: KindReuse, Documents: 2, Sources: 1},
		{ID: 6, Kind: KindBoilerplate, Documents: 4, Sources: 1},
		{ID: 0, Kind: KindReuse, Documents: 2, Sources: 2},
	}}
	reuse, boiler := ranked(r)
	ids := func(cs []*Cluster) []int {
		var out []int
		for _, c := range cs {
			out = append(out, c.ID)
		}
		return out
	}
	// Documents first, then sources, then id.
	if got, want := ids(reuse), []int{3, 0, 1, 4, 5}; !equalInts(got, want) {
		t.Errorf("reuse order %v, want %v", got, want)
	}
	if got, want := ids(boiler), []int{2, 6}; !equalInts(got, want) {
		t.Errorf("boilerplate order %v, want %v", got, want)
	}

	// The text writer follows the same order.
	var b bytes.Buffer
	if err := WriteText(&b, r, TextOptions{}); err != nil {
		t.Fatal(err)
	}
	out := b.String()
	last := -1
	for _, h := range []string{"Family 3 ·", "Family 0 ·", "Family 1 ·", "Family 4 ·", "Family 5 ·", "Boilerplate", "Family 2 ·", "Family 6 ·"} {
		i := strings.Index(out, h)
		if i <= last {
			t.Fatalf("%q out of order in:\n%s", h, out)
		}
		last = i
	}
}

func equalInts(a, b []int) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if a[i] != b[i] {
			return false
		}
	}
	return true
}

func TestWriteTextOrigins(t *testing.T) {
	r := &Report{
		Documents: []Document{{ID: "x"}, {ID: "y", Source: "S"}},
		Clusters: []Cluster{
			{ID: 1, Kind: KindReuse, Documents: 2, Origin: Origin{Note: OriginUndated}, Canonical: "first\n\nsecond paragraph",
				Passages: []Passage{{Doc: "x", Origin: true, Similarity: 1}, {Doc: "y", Similarity: 0.5, Diff: []DiffOp{{OpEqual, "first second paragraph"}}}}},
			{ID: 2, Kind: KindReuse, Documents: 2, Origin: Origin{Doc: "x", Date: "2020-01-02", Note: OriginTie, Tied: []string{"y"}}},
		},
	}
	var b bytes.Buffer
	if err := WriteText(&b, r, TextOptions{Width: 70}); err != nil {
		t.Fatal(err)
	}
	out := b.String()
	for _, want := range []string{
		"2 documents · 1 source · 2 reuse families · 0 boilerplate families\n",
		"Origin: undated\n    first\n    second paragraph\n",
		"same wording as the canonical text",
		"Origin: x, 2020-01-02 (tied with y)\n",
	} {
		if !strings.Contains(out, want) {
			t.Errorf("output lacks %q:\n%s", want, out)
		}
	}
	if strings.Contains(out, "\x1b") {
		t.Error("escapes written without Color")
	}
	for line := range strings.Lines(out) {
		if n := utf8.RuneCountInString(strings.TrimSuffix(line, "\n")); n > 70 {
			t.Errorf("line of %d runes exceeds width 70: %q", n, line)
		}
	}
}

func TestWriteTextEmptyAndOptions(t *testing.T) {
	var b bytes.Buffer
	if err := WriteText(&b, &Report{}, TextOptions{}); err != nil {
		t.Fatal(err)
	}
	if want := "0 documents · 0 reuse families · 0 boilerplate families\n\nNo reused passages found.\n"; b.String() != want {
		t.Errorf("got %q, want %q", b.String(), want)
	}
	if err := WriteText(&b, &Report{}, TextOptions{Width: -1}); !errors.Is(err, ErrInvalidOptions) {
		t.Errorf("negative width: got %v, want ErrInvalidOptions", err)
	}
}

func TestWriteTextDefaultWidth(t *testing.T) {
	r := harbourReport(t)
	r.Clusters[0].Canonical = strings.Repeat("word ", 100)
	var b bytes.Buffer
	if err := WriteText(&b, r, TextOptions{}); err != nil {
		t.Fatal(err)
	}
	widest := 0
	for line := range strings.Lines(b.String()) {
		widest = max(widest, utf8.RuneCountInString(strings.TrimSuffix(line, "\n")))
	}
	// "    word word ..." fills a line up to 80 runes and no further.
	if widest != 79 && widest != 80 {
		t.Errorf("widest line %d runes, want 79 or 80 for the default width", widest)
	}
}

func TestWriteTextSeparatorEndsLine(t *testing.T) {
	r := &Report{Clusters: []Cluster{{ID: 1, Documents: 1, Passages: []Passage{
		{Doc: "doc.txt", Title: "A title long enough", Source: "Source", Date: "2020-01-01", Origin: true}}}}}
	var b bytes.Buffer
	if err := WriteText(&b, r, TextOptions{Width: 40}); err != nil {
		t.Fatal(err)
	}
	want := "  1. doc.txt · A title long enough ·\n     Source · 2020-01-01\n"
	if !strings.Contains(b.String(), want) {
		t.Errorf("output lacks %q:\n%s", want, b.String())
	}
}

func TestPartOfCanonical(t *testing.T) {
	c := &Cluster{ID: 1, Documents: 2, Canonical: "a b c d e f", Passages: []Passage{
		{Doc: "o.txt", Start: 10, End: 21, CanonicalStart: 10, CanonicalEnd: 21, Origin: true},
		{Doc: "p.txt", Start: 0, End: 5, CanonicalStart: 14, CanonicalEnd: 19, Diff: []DiffOp{{OpEqual, "c d"}, {OpInsert, "x"}}},
		{Doc: "q.txt", Start: 0, End: 11, CanonicalStart: 10, CanonicalEnd: 21, Diff: []DiffOp{{OpEqual, "a b c d e"}, {OpDelete, "f"}}},
	}}
	if got := partPhrase(c, &c.Passages[0]); got != "" {
		t.Errorf("origin: %q, want nothing", got)
	}
	if got := partPhrase(c, &c.Passages[1]); got != "copies bytes 14-19 of o.txt" {
		t.Errorf("part: %q", got)
	}
	if got := partPhrase(c, &c.Passages[2]); got != "" {
		t.Errorf("whole copy: %q, want nothing", got)
	}
	// Reports without canonical spans say nothing.
	if got := partPhrase(c, &Passage{Doc: "r.txt"}); got != "" {
		t.Errorf("no span: %q, want nothing", got)
	}
	var b bytes.Buffer
	if err := WriteText(&b, &Report{Clusters: []Cluster{*c}}, TextOptions{}); err != nil {
		t.Fatal(err)
	}
	if want := "similarity 0.00 · bytes 0-5 · copies bytes 14-19 of o.txt\n"; !strings.Contains(b.String(), want) {
		t.Errorf("text lacks %q:\n%s", want, b.String())
	}
}
