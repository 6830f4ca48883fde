package report

import (
	"io"
	"strconv"
	"strings"
)

// WriteMarkdown writes r as GitHub-flavoured Markdown, for pasting into an
// issue or a draft: a heading per family, a table of its occurrences, its
// canonical text as a quote, and each occurrence's changes with deletions
// struck through (~~ ~~) and insertions in bold. Text from the documents is
// escaped so that it renders as written and cannot inject markup.
func WriteMarkdown(w io.Writer, r *Report) error {
	if r == nil {
		return ErrNilReport
	}
	var b strings.Builder
	reuse, boiler := ranked(r)
	b.WriteString("# Reused passages\n\n")
	b.WriteString(summarize(r).phrase())
	b.WriteString("\n")
	if len(reuse) == 0 {
		b.WriteString("\nNo reused passages found.\n")
	}
	for _, c := range reuse {
		mdFamily(&b, c)
	}
	if len(boiler) > 0 {
		b.WriteString("\n## Boilerplate\n\n")
		for _, c := range boiler {
			b.WriteString("- Family ")
			b.WriteString(strconv.Itoa(c.ID))
			b.WriteString(" (")
			b.WriteString(mdEscape(joinNonEmpty(", ", strings.Join(clusterSources(c), ", "), plural(c.Documents, "document", "documents"))))
			b.WriteString("): ")
			b.WriteString(mdEscape(truncate(strings.Join(strings.Fields(c.Canonical), " "), 100)))
			b.WriteString("\n")
		}
	}
	_, err := io.WriteString(w, b.String())
	return err
}

func mdFamily(b *strings.Builder, c *Cluster) {
	b.WriteString("\n## Family ")
	b.WriteString(strconv.Itoa(c.ID))
	b.WriteString(": ")
	b.WriteString(spread(c, ", "))
	b.WriteString("\n\nOrigin: ")
	b.WriteString(mdEscape(originPhrase(c.Origin)))
	b.WriteString("\n\n")
	for i, para := range paragraphs(c.Canonical) {
		if i > 0 {
			b.WriteString(">\n")
		}
		b.WriteString("> ")
		b.WriteString(mdLineStart(mdEscape(para)))
		b.WriteString("\n")
	}

	b.WriteString("\n| # | Document | Title | Source | Date | Similarity | Bytes |\n")
	b.WriteString("| ---: | --- | --- | --- | --- | ---: | --- |\n")
	for i, p := range c.Passages {
		doc := mdCell(p.Doc)
		if p.Origin {
			doc += " (origin)"
		}
		b.WriteString("| ")
		b.WriteString(strings.Join([]string{
			strconv.Itoa(i + 1), doc, mdCell(p.Title), mdCell(p.Source), mdCell(p.Date),
			similarity(p.Similarity), strconv.Itoa(p.Start) + "–" + strconv.Itoa(p.End),
		}, " | "))
		b.WriteString(" |\n")
	}

	var changes []string
	for i, p := range c.Passages {
		pieces, same := diffPieces(p.Diff, diffContext)
		if p.Origin && len(p.Diff) == 0 {
			continue
		}
		line := mdEscape(p.Doc) + ": "
		if part := partPhrase(c, &c.Passages[i]); part != "" {
			line += "(" + mdEscape(part) + ") "
		}
		if same {
			line += "same wording"
		} else {
			line += mdDiff(pieces)
		}
		changes = append(changes, line)
	}
	if len(changes) > 0 {
		b.WriteString("\nChanges against the canonical text:\n\n")
		for _, l := range changes {
			b.WriteString("- ")
			b.WriteString(l)
			b.WriteString("\n")
		}
	}
}

func mdDiff(pieces []piece) string {
	parts := make([]string, 0, len(pieces))
	for _, pc := range pieces {
		t := mdEscape(pc.text)
		switch pc.kind {
		case pieceInsert:
			t = "**" + t + "**"
		case pieceDelete:
			t = "~~" + t + "~~"
		}
		parts = append(parts, t)
	}
	return strings.Join(parts, " ")
}

// mdEscape backslash-escapes the characters that would otherwise start
// emphasis, links, code, tables, HTML or strike-through, and the backslash
// itself. Line breaks are kept.
func mdEscape(s string) string {
	const special = "\\`*_[]<>|~#"
	if !strings.ContainsAny(s, special) {
		return s
	}
	var b strings.Builder
	b.Grow(len(s) + 8)
	for _, r := range s {
		if r < 0x80 && strings.IndexByte(special, byte(r)) >= 0 {
			b.WriteByte('\\')
		}
		b.WriteRune(r)
	}
	return b.String()
}

// mdCell escapes s for a table cell, where a line break would end the row.
func mdCell(s string) string {
	return mdEscape(strings.Join(strings.Fields(s), " "))
}

// mdLineStart escapes what would make a line a list item or a heading
// underline: a leading "-", "+" or "=", or a number followed by "." or ")".
func mdLineStart(s string) string {
	if s == "" {
		return s
	}
	switch s[0] {
	case '-', '+', '=':
		return "\\" + s
	}
	i := 0
	for i < len(s) && i < 9 && '0' <= s[i] && s[i] <= '9' {
		i++
	}
	if i > 0 && i < len(s) && (s[i] == '.' || s[i] == ')') {
		return s[:i] + "\\" + s[i:]
	}
	return s
}
