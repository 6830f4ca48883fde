package main

import (
	"bufio"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"runtime"
	"sort"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/neardup/neardup"
)

// ids lists the ids of the documents read, in order.
func ids(in *inputs) []string {
	out := make([]string, len(in.docs))
	for i, d := range in.docs {
		out[i] = d.ID
	}
	return out
}

func TestReadFolder(t *testing.T) {
	dir := inTempDir(t)
	writeFiles(t, dir, map[string]string{
		"corpus/b.txt":          "b",
		"corpus/a.md":           "a",
		"corpus/C.TXT":          "c",
		"corpus/sub/z.txt":      "z",
		"corpus/sub/deep/y.md":  "y",
		"corpus/sub/data.jsonl": `{"id":"ignored","text":"inside a folder only .txt and .md count"}`,
		"corpus/image.png":      "not text",
		"corpus/.hidden.txt":    "hidden file",
		"corpus/.git/HEAD.txt":  "hidden folder",
		"elsewhere/target.txt":  "linked",
		"elsewhere/dir/in.txt":  "in a linked folder",
	})
	require.NoError(t, os.Symlink("../elsewhere/target.txt", "corpus/link.txt"))
	require.NoError(t, os.Symlink("../elsewhere/dir", "corpus/linkdir"))

	in, err := readInputs(t.Context(), []string{"corpus"}, nil, 0, inputHooks{})
	require.NoError(t, err)
	// Lexical order of the walk; upper case sorts first.
	assert.Equal(t, []string{"C.TXT", "a.md", "b.txt", "link.txt", "sub/deep/y.md", "sub/z.txt"}, ids(in))
	assert.Equal(t, "linked", in.docs[3].Text, "a link to a file is followed")
	assert.Equal(t, origin{file: filepath.Join("corpus", "sub", "deep", "y.md")}, in.origins[4])
	assert.Equal(t, "y", in.docs[4].Text)
	assert.EqualValues(t, len("cabz")+len("linked")+len("y"), in.bytes)

	// A trailing separator and "." name the same files, with the same ids.
	in2, err := readInputs(t.Context(), []string{"corpus/"}, nil, 0, inputHooks{})
	require.NoError(t, err)
	assert.Equal(t, ids(in), ids(in2))
	t.Chdir("corpus")
	in3, err := readInputs(t.Context(), []string{"."}, nil, 0, inputHooks{})
	require.NoError(t, err)
	assert.Equal(t, ids(in), ids(in3))
	assert.Equal(t, "sub/z.txt", in3.origins[5].file)
}

func TestReadSingleFiles(t *testing.T) {
	dir := inTempDir(t)
	writeFiles(t, dir, map[string]string{"x/one.txt": "1", "y/two.md": "2"})
	in, err := readInputs(t.Context(), []string{"x/one.txt", "y/two.md"}, nil, 0, inputHooks{})
	require.NoError(t, err)
	assert.Equal(t, []string{"one.txt", "two.md"}, ids(in))
	assert.Equal(t, "x/one.txt", in.origins[0].String())
}

func TestInvalidUTF8KeptAsIs(t *testing.T) {
	dir := t.TempDir()
	raw := "caf\xe9 na\xefve \xff\xfe\x80 end\r\n\xc3" // Latin-1 bytes, stray continuation bytes, a cut sequence
	require.NoError(t, os.WriteFile(filepath.Join(dir, "latin1.txt"), []byte(raw), 0o644))
	in, err := readInputs(t.Context(), []string{dir}, nil, 0, inputHooks{})
	require.NoError(t, err)
	require.Len(t, in.docs, 1)
	assert.Equal(t, raw, in.docs[0].Text, "the bytes are passed through unchanged")
	assert.EqualValues(t, len(raw), in.bytes)
}

func TestBinaryDetection(t *testing.T) {
	dir := inTempDir(t)
	late := strings.Repeat("a", binarySniff) + "\x00 after the sniffed part"
	writeFiles(t, dir, map[string]string{
		"c/bin.txt":  "PK\x03\x04\x00\x00zip",
		"c/late.txt": late,
		"c/ok.txt":   "fine",
	})
	var warnings []string
	in, err := readInputs(t.Context(), []string{"c"}, nil, 0, inputHooks{warn: func(m string) { warnings = append(warnings, m) }})
	require.NoError(t, err)
	assert.Equal(t, []string{"late.txt", "ok.txt"}, ids(in), "a NUL past the first 8 KiB is not looked for")
	assert.Equal(t, late, in.docs[0].Text)
	assert.Equal(t, []string{"skipping binary file c/bin.txt"}, warnings)
}

func TestReadJSONLFields(t *testing.T) {
	dir := inTempDir(t)
	writeFiles(t, dir, map[string]string{
		"d.jsonl": "\xef\xbb\xbf" + `{"id":"a","text":"alpha","title":"A","source":"src","url":"https://e.org/a","date":"2024-01-31","extra":{"n":1}}` + "\r\n" +
			"\n  \t\n" +
			`{"id":"b","text":"","date":"2024-01-31T23:59:59.5+04:00","title":null}` + "\n" +
			`{"id":"c","text":"caf\u00e9 \"quoted\"\nnew line"}`, // no final newline
	})
	var calls [][2]int64
	in, err := readInputs(t.Context(), []string{"d.jsonl"}, nil, 0, inputHooks{read: func(n int, b int64) { calls = append(calls, [2]int64{int64(n), b}) }})
	require.NoError(t, err)
	require.Equal(t, []string{"a", "b", "c"}, ids(in))
	assert.Equal(t, neardup.Document{ID: "a", Text: "alpha", Title: "A", Source: "src", URL: "https://e.org/a", Date: "2024-01-31"}, in.docs[0])
	assert.Equal(t, neardup.Document{ID: "b", Date: "2024-01-31T23:59:59.5+04:00"}, in.docs[1])
	assert.Equal(t, "café \"quoted\"\nnew line", in.docs[2].Text)
	assert.Equal(t, []origin{{"d.jsonl", 1}, {"d.jsonl", 4}, {"d.jsonl", 5}}, in.origins)
	assert.Equal(t, [][2]int64{{1, 5}, {2, 5}, {3, 5 + int64(len("café \"quoted\"\nnew line"))}}, calls)
}

func TestLineReader(t *testing.T) {
	// A 16-byte buffer (bufio's smallest) makes lines cross buffer
	// boundaries at every length.
	var want []string
	var b strings.Builder
	for n := range 70 {
		line := strings.Repeat(string(rune('a'+n%26)), n)
		want = append(want, line)
		b.WriteString(line)
		if n%3 == 0 {
			b.WriteString("\r")
		}
		b.WriteString("\n")
	}
	lr := lineReader{r: bufio.NewReaderSize(strings.NewReader(b.String()), 16)}
	for i, w := range want {
		line, err := lr.next()
		require.NoError(t, err, i)
		require.Equal(t, w, string(line), i)
		require.Equal(t, i+1, lr.n)
	}
	line, err := lr.next()
	assert.Empty(t, line, "an empty last line")
	assert.ErrorIs(t, err, io.EOF)

	// A last line without a line ending comes with io.EOF.
	lr = lineReader{r: bufio.NewReaderSize(strings.NewReader("one\ntwo"), 16)}
	line, err = lr.next()
	assert.Equal(t, "one", string(line))
	assert.NoError(t, err)
	line, err = lr.next()
	assert.Equal(t, "two", string(line))
	assert.ErrorIs(t, err, io.EOF)

	// A long line's buffer can be taken over; the next long line gets a
	// new one.
	lr = lineReader{r: bufio.NewReaderSize(strings.NewReader(strings.Repeat("x", 40)+"\n"+strings.Repeat("y", 40)), 16)}
	line, _ = lr.next()
	taken := append(lr.take(), line...)
	line, _ = lr.next()
	assert.Equal(t, strings.Repeat("x", 40), string(taken))
	assert.Equal(t, strings.Repeat("y", 40), string(line))
}

// TestJSONLManyBatches reads a file spread over many batches decoded in
// parallel: documents come out in order, and the error reported is the
// first in the file even when later batches fail too.
func TestJSONLManyBatches(t *testing.T) {
	dir := inTempDir(t)
	const n = 3 * batchLines
	var b strings.Builder
	for i := range n {
		fmt.Fprintf(&b, `{"id":"d%d","text":"%s"}`+"\n", i, strings.Repeat("w", i%500))
	}
	good := b.String()
	writeFiles(t, dir, map[string]string{
		"good.jsonl": good,
		// Line 100 repeats line 1's id; lines n-1 and n are bad JSON and
		// lie in later batches, which may well be decoded first.
		"dup.jsonl": `{"id":"d0","text":""}` + strings.Repeat("\n", 99) + `{"id":"d0","text":"again"}` + "\n" + good + "{bad\n{bad\n",
		"bad.jsonl": good + "{bad\n",
	})
	for _, workers := range []int{1, 4} {
		in, err := readInputs(t.Context(), []string{"good.jsonl"}, nil, workers, inputHooks{})
		require.NoError(t, err)
		require.Len(t, in.docs, n)
		for i, d := range in.docs {
			require.Equal(t, fmt.Sprintf("d%d", i), d.ID)
			require.Len(t, d.Text, i%500)
			require.Equal(t, origin{"good.jsonl", i + 1}, in.origins[i])
		}

		_, err = readInputs(t.Context(), []string{"dup.jsonl"}, nil, workers, inputHooks{})
		assert.EqualError(t, err, `duplicate id "d0": dup.jsonl:1 and dup.jsonl:100`, "workers %d", workers)

		_, err = readInputs(t.Context(), []string{"bad.jsonl"}, nil, workers, inputHooks{})
		assert.EqualError(t, err, fmt.Sprintf("bad.jsonl:%d: invalid JSON: invalid character 'b' looking for beginning of object key string", n+1))
	}
}

func TestFolderManyFilesInOrder(t *testing.T) {
	dir := inTempDir(t)
	files := map[string]string{}
	var want []string
	for i := range 300 {
		id := fmt.Sprintf("%c/f%03d.txt", 'a'+i%3, i)
		files["c/"+id] = strings.Repeat("x", i)
		if i%50 == 7 {
			files["c/"+id] = "\x00binary"
			continue
		}
		want = append(want, id)
	}
	writeFiles(t, dir, files)
	sort.Strings(want)
	in, err := readInputs(t.Context(), []string{"c"}, nil, 4, inputHooks{})
	require.NoError(t, err)
	assert.Equal(t, want, ids(in))
	for _, d := range in.docs {
		assert.Equal(t, files["c/"+d.ID], d.Text)
	}
}

// TestLongJSONLLine reads a record whose line is 50 MB, far past
// bufio.Scanner's default limit, and checks the memory it costs.
func TestLongJSONLLine(t *testing.T) {
	const size = 50 << 20
	dir := t.TempDir()
	path := filepath.Join(dir, "big.jsonl")
	f, err := os.Create(path)
	require.NoError(t, err)
	w := bufio.NewWriter(f)
	_, _ = w.WriteString(`{"id":"small","text":"before"}` + "\n" + `{"id":"big","text":"`)
	chunk := strings.Repeat("word ", 1<<10) // 5 KiB
	for written := 0; written < size; written += len(chunk) {
		_, _ = w.WriteString(chunk[:min(len(chunk), size-written)])
	}
	_, _ = w.WriteString(`","source":"s"}` + "\n" + `{"id":"after","text":"after"}` + "\n")
	require.NoError(t, w.Flush())
	require.NoError(t, f.Close())

	var before, after runtime.MemStats
	runtime.GC()
	runtime.ReadMemStats(&before)
	in, err := readInputs(t.Context(), []string{path}, nil, 0, inputHooks{})
	runtime.ReadMemStats(&after)
	require.NoError(t, err)
	require.Equal(t, []string{"small", "big", "after"}, ids(in))
	big := in.docs[1].Text
	require.Len(t, big, size)
	assert.Equal(t, "word word ", big[:10])
	assert.Equal(t, "s", in.docs[1].Source)
	assert.Equal(t, origin{path, 3}, in.origins[2])
	// The line buffer doubles as it grows, so its copies add up to about
	// twice the line, and the text is one more copy: under four lines' worth.
	allocated := after.TotalAlloc - before.TotalAlloc
	assert.Less(t, allocated, uint64(4*size), "allocated %d MB to read a %d MB line", allocated>>20, size>>20)
}

func TestValidDate(t *testing.T) {
	for _, s := range []string{"2024-02-29", "1999-12-31", "2024-01-02T03:04:05Z", "2024-01-02T03:04:05.123+02:00"} {
		assert.True(t, validDate(s), s)
	}
	for _, s := range []string{"2023-02-29", "2024-1-2", "02/01/2024", "2024-01-02 03:04:05", "2024-01-02T03:04:05", "yesterday", " 2024-01-02"} {
		assert.False(t, validDate(s), s)
	}
}

func TestInputErrorsWrapCauses(t *testing.T) {
	dir := inTempDir(t)
	writeFiles(t, dir, map[string]string{"a/x.txt": "1", "b/x.txt": "2"})
	_, err := readInputs(t.Context(), []string{"a", "b"}, nil, 0, inputHooks{})
	assert.ErrorIs(t, err, neardup.ErrDuplicateID)
	var de *dupIDError
	require.True(t, errors.As(err, &de))
	assert.Equal(t, "x.txt", de.id)

	_, err = readInputs(t.Context(), []string{"missing"}, nil, 0, inputHooks{})
	assert.ErrorIs(t, err, fs.ErrNotExist)
	assert.EqualError(t, err, "missing: no such file or directory")
}
