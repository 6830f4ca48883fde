package report

import (
	"bytes"
	"flag"
	"os"
	"path/filepath"
	"testing"
)

var update = flag.Bool("update", false, "rewrite the golden files in testdata from the writers' output")

// golden compares got with testdata/name, or rewrites the file under
// -update. The files are meant to be read: each was checked by eye when
// written, so a difference is a change to look at, not to regenerate.
func golden(t *testing.T, name string, got []byte) {
	t.Helper()
	path := filepath.Join("testdata", name)
	if *update {
		if err := os.WriteFile(path, got, 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v (run go test -update to create it)", err)
	}
	if !bytes.Equal(got, want) {
		t.Errorf("%s differs from the writer's output; got:\n%s", path, got)
	}
}

func TestGolden(t *testing.T) {
	r := harbourReport(t)
	cases := []struct {
		name  string
		write func(*bytes.Buffer) error
	}{
		{"harbour.txt.golden", func(b *bytes.Buffer) error { return WriteText(b, r, TextOptions{Width: 72}) }},
		{"harbour.color.golden", func(b *bytes.Buffer) error { return WriteText(b, r, TextOptions{Width: 72, Color: true}) }},
		{"harbour.md.golden", func(b *bytes.Buffer) error { return WriteMarkdown(b, r) }},
		{"harbour.json.golden", func(b *bytes.Buffer) error { return WriteJSON(b, r) }},
		{"harbour.html.golden", func(b *bytes.Buffer) error {
			// b.txt's text is left out on purpose: its view lists passages.
			texts := map[string]string{"a.txt": harbourTexts["a.txt"], "c.txt": harbourTexts["c.txt"]}
			return WriteHTML(b, r, HTMLOptions{Title: "Harbour & storm", Texts: texts})
		}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			var b bytes.Buffer
			if err := c.write(&b); err != nil {
				t.Fatal(err)
			}
			golden(t, c.name, b.Bytes())
		})
	}
}
