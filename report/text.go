package report

import (
	"fmt"
	"io"
	"strconv"
	"strings"
	"unicode/utf8"
)

// TextOptions tunes WriteText.
type TextOptions struct {
	// Width is the widest line, in runes; 0 means 80. Words longer than a
	// line are not broken.
	Width int
	// Color marks insertions green and deletions red with ANSI escapes
	// instead of {+ +} and [- -].
	Color bool
}

const defaultWidth = 80

// ANSI escapes used when TextOptions.Color is set.
const (
	ansiBold  = "\x1b[1m"
	ansiGreen = "\x1b[32m"
	ansiRed   = "\x1b[31m"
	ansiReset = "\x1b[0m"
)

// WriteText writes r for reading in a terminal: a summary line, then the
// reuse families by spread, each with its origin, its canonical text and its
// occurrences with what each changed, then the boilerplate families, one
// line each.
func WriteText(w io.Writer, r *Report, o TextOptions) error {
	if r == nil {
		return ErrNilReport
	}
	if o.Width < 0 {
		return fmt.Errorf("%w: text width %d is negative", ErrInvalidOptions, o.Width)
	}
	if o.Width == 0 {
		o.Width = defaultWidth
	}
	t := textWriter{width: o.Width, color: o.Color}
	t.report(r)
	_, err := w.Write(t.buf)
	return err
}

// textWriter accumulates the text report in buf.
type textWriter struct {
	buf   []byte
	width int
	color bool
	words []word // scratch
}

// word is one word of a line and the ANSI style it is shown in, if any.
type word struct {
	text  string
	style string
}

func (t *textWriter) report(r *Report) {
	reuse, boiler := ranked(r)
	t.line("", "", summarize(r).phrase(), ansiBold)
	if len(reuse) == 0 {
		t.buf = append(t.buf, "\nNo reused passages found.\n"...)
	}
	for _, c := range reuse {
		t.buf = append(t.buf, '\n')
		t.family(c)
	}
	if len(boiler) > 0 {
		t.buf = append(t.buf, '\n')
		t.line("", "", "Boilerplate (repeated within one source)", ansiBold)
		for _, c := range boiler {
			t.folded(c)
		}
	}
}

func (t *textWriter) family(c *Cluster) {
	head := "Family " + strconv.Itoa(c.ID) + " · " + spread(c, " · ")
	t.line("", "", head, ansiBold)
	t.line("", "  ", "Origin: "+originPhrase(c.Origin), "")
	for _, para := range paragraphs(c.Canonical) {
		t.line("    ", "    ", para, "")
	}
	t.buf = append(t.buf, '\n')

	// Numbers are right-aligned so that the lines under them align too.
	numWidth := len(strconv.Itoa(len(c.Passages)))
	for i, p := range c.Passages {
		num := strconv.Itoa(i + 1)
		lead := "  " + strings.Repeat(" ", numWidth-len(num)) + num + ". "
		under := strings.Repeat(" ", len(lead))
		t.line(lead, under, joinNonEmpty(" · ", p.Doc, p.Title, p.Source, p.Date), "")
		facts := "similarity " + similarity(p.Similarity) +
			" · bytes " + strconv.Itoa(p.Start) + "-" + strconv.Itoa(p.End)
		if p.Origin {
			facts += " · origin"
		}
		if part := partPhrase(c, &c.Passages[i]); part != "" {
			facts += " · " + part
		}
		t.line(under, under, facts, "")
		switch pieces, same := diffPieces(p.Diff, diffContext); {
		case p.Origin && len(p.Diff) == 0:
			// The canonical text itself, shown above.
		case same:
			t.line(under, under, "same wording as the canonical text", "")
		default:
			t.words = t.diffWords(t.words[:0], pieces)
			t.buf = appendWrapped(t.buf, t.words, t.width, under, under)
		}
	}
}

// folded writes a boilerplate family on one line, its text cut to fit.
func (t *textWriter) folded(c *Cluster) {
	head := "  Family " + strconv.Itoa(c.ID) + " · " +
		joinNonEmpty(" · ", strings.Join(clusterSources(c), ", "), plural(c.Documents, "document", "documents")) + ": "
	text := strings.Join(strings.Fields(c.Canonical), " ")
	room := t.width - utf8.RuneCountInString(head)
	t.buf = append(t.buf, head...)
	t.buf = append(t.buf, truncate(text, room)...)
	t.buf = append(t.buf, '\n')
}

// line wraps text after first (on the first line) and rest (on the others).
func (t *textWriter) line(first, rest, text, style string) {
	if !t.color {
		style = ""
	}
	t.words = t.words[:0]
	for _, f := range strings.Fields(text) {
		// A separator ends its line rather than starting the next.
		if n := len(t.words); f == "·" && n > 0 {
			t.words[n-1].text += " ·"
			continue
		}
		t.words = append(t.words, word{f, style})
	}
	t.buf = appendWrapped(t.buf, t.words, t.width, first, rest)
}

// diffWords splits pieces into words, marking changes with colour or with
// {+ +} and [- -] around each run.
func (t *textWriter) diffWords(dst []word, pieces []piece) []word {
	for _, pc := range pieces {
		var open, close, style string
		switch pc.kind {
		case pieceInsert:
			open, close, style = "{+", "+}", ansiGreen
		case pieceDelete:
			open, close, style = "[-", "-]", ansiRed
		}
		if t.color {
			open, close = "", ""
		} else {
			style = ""
		}
		fields := strings.Fields(pc.text)
		for i, f := range fields {
			if i == 0 {
				f = open + f
			}
			if i == len(fields)-1 {
				f += close
			}
			dst = append(dst, word{f, style})
		}
	}
	return dst
}

// appendWrapped lays words out in lines of at most width runes (a word wider
// than that gets a line of its own), the first line led by first and the
// others by rest. A style is opened once for a run of words that share it
// and closed at every line end, so that a colour never runs into the
// margin. Escapes take no room on screen and are not counted.
func appendWrapped(dst []byte, words []word, width int, first, rest string) []byte {
	if len(words) == 0 {
		return dst
	}
	dst = append(dst, first...)
	col := utf8.RuneCountInString(first)
	restWidth := utf8.RuneCountInString(rest)
	open := ""
	for i, w := range words {
		n := utf8.RuneCountInString(w.text)
		if open != "" && (w.style != open || (i > 0 && col+1+n > width)) {
			dst = append(dst, ansiReset...)
			open = ""
		}
		if i > 0 {
			if col+1+n > width {
				dst = append(dst, '\n')
				dst = append(dst, rest...)
				col = restWidth
			} else {
				dst = append(dst, ' ')
				col++
			}
		}
		if w.style != open {
			dst = append(dst, w.style...)
			open = w.style
		}
		dst = append(dst, w.text...)
		col += n
	}
	if open != "" {
		dst = append(dst, ansiReset...)
	}
	return append(dst, '\n')
}

// truncate cuts s to at most n runes, ending it with "…" when cut. Where it
// can, it cuts at a space so no word is left half.
func truncate(s string, n int) string {
	if utf8.RuneCountInString(s) <= n {
		return s
	}
	if n <= 1 {
		return "…"
	}
	// Byte offset of the rune that would be the (n)th, where "…" goes.
	cut, runes := 0, 0
	for i := range s {
		if runes == n-1 {
			cut = i
			break
		}
		runes++
	}
	if sp := strings.LastIndexByte(s[:cut], ' '); sp > 0 {
		cut = sp
	}
	return strings.TrimRight(s[:cut], " ") + "…"
}

func joinNonEmpty(sep string, parts ...string) string {
	var b strings.Builder
	for _, p := range parts {
		if p == "" {
			continue
		}
		if b.Len() > 0 {
			b.WriteString(sep)
		}
		b.WriteString(p)
	}
	return b.String()
}
