package report

import (
	"bytes"
	"strings"
	"testing"
)

func TestMdEscape(t *testing.T) {
	cases := []struct{ in, want string }{
		{"plain text, 42.", "plain text, 42."},
		{"*bold* _it_ `code`", `\*bold\* \_it\_ \` + "`" + `code\` + "`"},
		{"[link](x) <b> a|b", `\[link\](x) \<b\> a\|b`},
		{`back\slash ~~gone~~ #tag`, `back\\slash \~\~gone\~\~ \#tag`},
		{"é*é", `é\*é`},
	}
	for _, c := range cases {
		if got := mdEscape(c.in); got != c.want {
			t.Errorf("mdEscape(%q) = %q, want %q", c.in, got, c.want)
		}
	}
}

func TestMdLineStart(t *testing.T) {
	cases := []struct{ in, want string }{
		{"- not a list", `\- not a list`},
		{"+ nor this", `\+ nor this`},
		{"=====", `\=====`},
		{"1984. A year", `1984\. A year`},
		{"3) three", `3\) three`},
		{"1984 was a year", "1984 was a year"},
		{"", ""},
	}
	for _, c := range cases {
		if got := mdLineStart(c.in); got != c.want {
			t.Errorf("mdLineStart(%q) = %q, want %q", c.in, got, c.want)
		}
	}
}

func TestWriteMarkdownEscapesDocumentText(t *testing.T) {
	r := harbourReport(t)
	c := &r.Clusters[0]
	c.Canonical = "a *b* <i>\n\n- list?"
	c.Passages[1].Doc = "doc|1"
	c.Passages[1].Diff = []DiffOp{{OpEqual, "a"}, {OpDelete, "*b*"}, {OpInsert, "_c_"}}
	var b bytes.Buffer
	if err := WriteMarkdown(&b, r); err != nil {
		t.Fatal(err)
	}
	out := b.String()
	for _, want := range []string{
		"> a \\*b\\* \\<i\\>\n>\n> \\- list?\n",
		"| 2 | doc\\|1 |",
		"- doc\\|1: a ~~\\*b\\*~~ **\\_c\\_**\n",
	} {
		if !strings.Contains(out, want) {
			t.Errorf("output lacks %q:\n%s", want, out)
		}
	}
	// Each table row has the 8 pipes of 7 columns: an escaped pipe
	// must not add a column.
	for line := range strings.Lines(out) {
		if strings.HasPrefix(line, "| ") {
			if n := strings.Count(line, "|") - strings.Count(line, `\|`); n != 8 {
				t.Errorf("row with %d cell borders: %q", n, line)
			}
		}
	}
}
