package main

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"sync"

	"github.com/neardup/neardup"
)

// stdinName names standard input in messages.
const stdinName = "<stdin>"

// binarySniff is how much of a file is searched for a NUL byte to tell a
// binary file from text.
const binarySniff = 8 << 10

// origin says where a document was read, so that messages can point at it.
type origin struct {
	file string // as the user would write it: the PATH given, joined with the path below it
	line int    // 1-based line of a JSONL record; 0 for a whole file
}

func (o origin) String() string {
	if o.line > 0 {
		return fmt.Sprintf("%s:%d", o.file, o.line)
	}
	return o.file
}

// inputs are the documents read from the command line's PATHs.
type inputs struct {
	docs    []neardup.Document
	origins []origin // origins[i] is where docs[i] came from
	bytes   int64    // total length of the texts
}

// inputHooks lets the caller hear about reading as it goes. Either may be nil.
type inputHooks struct {
	warn func(msg string)            // a file was skipped, with why
	read func(docs int, bytes int64) // running totals, after each document
}

// dupIDError names both places a duplicated id was read from.
type dupIDError struct {
	id            string
	first, second origin
}

func (e *dupIDError) Error() string {
	return fmt.Sprintf("duplicate id %q: %s and %s", e.id, e.first, e.second)
}

func (e *dupIDError) Unwrap() error { return neardup.ErrDuplicateID }

// inputReader accumulates documents from several PATHs.
type inputReader struct {
	ctx     context.Context // an interrupt stops a long read
	in      inputs
	seen    map[string]int // id → index in in.docs
	hooks   inputHooks
	workers int
}

// readInputs reads every PATH in order. A PATH is a folder, a .jsonl file, a
// .txt or .md file, or "-" for JSONL on stdin. Errors name the file, and the
// line for JSONL. Files and JSON lines are read on up to workers goroutines
// (0 means GOMAXPROCS); the documents come out in input order regardless.
func readInputs(ctx context.Context, paths []string, stdin io.Reader, workers int, hooks inputHooks) (*inputs, error) {
	if workers <= 0 {
		workers = runtime.GOMAXPROCS(0)
	}
	r := &inputReader{ctx: ctx, seen: make(map[string]int), hooks: hooks, workers: workers}
	for _, p := range paths {
		if err := r.readPath(p, stdin); err != nil {
			return nil, err
		}
	}
	return &r.in, nil
}

func (r *inputReader) readPath(p string, stdin io.Reader) error {
	if p == "-" {
		if stdin == nil {
			stdin = strings.NewReader("")
		}
		return r.readJSONL(stdin, stdinName)
	}
	fi, err := os.Stat(p)
	if err != nil {
		return pathError(p, err)
	}
	if fi.IsDir() {
		return r.readFolder(p)
	}
	switch ext := strings.ToLower(filepath.Ext(p)); {
	case ext == ".jsonl":
		f, err := os.Open(p)
		if err != nil {
			return pathError(p, err)
		}
		defer f.Close()
		return r.readJSONL(f, p)
	case isTextName(p):
		return r.addFile(readTextFile(fileJob{path: p, id: filepath.Base(p)}))
	default:
		return fmt.Errorf("%s: not a folder, .jsonl, .txt or .md file", p)
	}
}

// isTextName reports whether a file name has an extension read as a plain
// text document.
func isTextName(name string) bool {
	switch strings.ToLower(filepath.Ext(name)) {
	case ".txt", ".md":
		return true
	}
	return false
}

// fileJob is a text file to read as one document.
type fileJob struct {
	path string // as the user would write it
	id   string
}

// fileResult is what reading a fileJob gave.
type fileResult struct {
	doc    neardup.Document
	path   string
	binary bool // skipped: not text
	err    error
}

// readFolder reads the .txt and .md files under root in lexical order.
// Hidden files and folders (dot names, such as .git) are skipped: they hold
// tool state, not documents.
func (r *inputReader) readFolder(root string) error {
	walk := func(emit func(fileJob) bool) error {
		return filepath.WalkDir(root, func(path string, d fs.DirEntry, err error) error {
			if err != nil {
				return pathError(path, err)
			}
			if path == root {
				return nil
			}
			if strings.HasPrefix(d.Name(), ".") {
				if d.IsDir() {
					return filepath.SkipDir
				}
				return nil
			}
			if d.IsDir() || !isTextName(d.Name()) {
				return nil
			}
			if !d.Type().IsRegular() {
				// A symbolic link is followed to a regular file; links to
				// folders are not walked, which also rules out cycles.
				fi, err := os.Stat(path)
				if err != nil {
					return pathError(path, err)
				}
				if !fi.Mode().IsRegular() {
					return nil
				}
			}
			rel, err := filepath.Rel(root, path)
			if err != nil {
				return pathError(path, err)
			}
			if !emit(fileJob{path: path, id: filepath.ToSlash(rel)}) {
				return filepath.SkipAll
			}
			return nil
		})
	}
	return ordered(r.workers, walk, readTextFile, r.addFile)
}

// readTextFile reads one file as one document, its bytes as they are:
// offsets in the report are byte offsets into exactly these bytes, so
// invalid UTF-8 is kept rather than repaired. A file with a NUL byte near
// its start is taken for binary.
func readTextFile(j fileJob) fileResult {
	data, err := os.ReadFile(j.path)
	if err != nil {
		return fileResult{path: j.path, err: pathError(j.path, err)}
	}
	if bytes.IndexByte(data[:min(len(data), binarySniff)], 0) >= 0 {
		return fileResult{path: j.path, binary: true}
	}
	return fileResult{path: j.path, doc: neardup.Document{ID: j.id, Text: string(data)}}
}

// addFile takes a file read: its document, or a warning that it was
// skipped, or its error.
func (r *inputReader) addFile(f fileResult) error {
	switch {
	case f.err != nil:
		return f.err
	case f.binary:
		if r.hooks.warn != nil {
			r.hooks.warn("skipping binary file " + f.path)
		}
		return nil
	}
	return r.add(f.doc, origin{file: f.path})
}

// jsonlRecord is one JSONL line. The required fields are pointers so that a
// missing field can be told from an empty one.
type jsonlRecord struct {
	ID     *string `json:"id"`
	Text   *string `json:"text"`
	Title  string  `json:"title"`
	Source string  `json:"source"`
	URL    string  `json:"url"`
	Date   string  `json:"date"`
}

// JSONL lines are decoded in batches of up to batchBytes (a longer line
// makes a batch of its own), enough to make handing a batch to a worker
// cheap next to decoding it.
const (
	batchBytes = 1 << 20
	batchLines = 4096
)

// batchPool recycles the buffers of decoded batches: once a batch is
// decoded its documents hold copies, and the buffer can take the next lines.
var batchPool = sync.Pool{New: func() any { b := make([]byte, 0, batchBytes); return &b }}

// lineBatch is a run of consecutive JSONL lines.
type lineBatch struct {
	data   []byte // the lines, without their endings, one after another
	ends   []int  // ends[i] is where line i ends in data
	first  int    // number of the first line, from 1
	pooled bool   // data came from batchPool
}

// putBatchBuffer returns a buffer to batchPool. The pool gets a pointer of
// its own: a pointer to a batch's field would change under it when the
// field is reassigned.
func putBatchBuffer(buf []byte) {
	batchPool.Put(&buf)
}

func newBatch(first int) *lineBatch {
	return &lineBatch{data: (*batchPool.Get().(*[]byte))[:0], first: first, pooled: true}
}

// decodedBatch is what decoding a lineBatch gave: the documents of its
// non-blank lines up to the first bad one, and that line's error.
type decodedBatch struct {
	docs []neardup.Document
	at   []origin // where each doc was read
	err  error
}

// readJSONL reads one document per non-blank line of rd; name is the file
// name used in messages. Lines are read in order and decoded in parallel.
func (r *inputReader) readJSONL(rd io.Reader, name string) error {
	produce := func(emit func(*lineBatch) bool) error {
		lr := lineReader{r: bufio.NewReaderSize(rd, 1<<20)}
		b := newBatch(1)
		for {
			line, err := lr.next()
			if err != nil && !errors.Is(err, io.EOF) {
				if len(b.ends) > 0 && !emit(b) {
					return nil
				}
				return fmt.Errorf("%s:%d: %w", name, lr.n, unwrapPath(err))
			}
			if lr.n == 1 {
				line = bytes.TrimPrefix(line, bom) // a byte order mark some editors write
			}
			if len(b.data)+len(line) > cap(b.data) {
				if len(b.ends) > 0 {
					if !emit(b) {
						return nil
					}
					b = newBatch(lr.n)
				}
				if len(line) > cap(b.data) && len(lr.long) > 0 {
					// A line longer than the reader's buffer already sits
					// in a buffer of its own, which the batch takes over
					// rather than allocating another as large.
					putBatchBuffer(b.data)
					b.data, b.pooled = lr.take(), false
				}
			}
			b.data = append(b.data, line...)
			b.ends = append(b.ends, len(b.data))
			if err != nil { // io.EOF
				emit(b)
				return nil
			}
			if len(b.data) >= batchBytes || len(b.ends) >= batchLines {
				if !emit(b) {
					return nil
				}
				b = newBatch(lr.n + 1)
			}
		}
	}
	decode := func(b *lineBatch) decodedBatch {
		var out decodedBatch
		var dec recordDecoder
		start := 0
		for i, end := range b.ends {
			line := b.data[start:end]
			start = end
			if len(bytes.TrimSpace(line)) == 0 {
				continue
			}
			at := origin{file: name, line: b.first + i}
			doc, err := dec.decode(line)
			if err != nil {
				out.err = fmt.Errorf("%s: %w", at, err)
				break
			}
			out.docs = append(out.docs, doc)
			out.at = append(out.at, at)
		}
		if b.pooled {
			putBatchBuffer(b.data)
		}
		return out
	}
	consume := func(d decodedBatch) error {
		for i, doc := range d.docs {
			if err := r.add(doc, d.at[i]); err != nil {
				return err
			}
		}
		return d.err
	}
	return ordered(r.workers, produce, decode, consume)
}

// bom is the UTF-8 byte order mark.
var bom = []byte("\xef\xbb\xbf")

// decodeRecordStd decodes one JSONL line with encoding/json. It is what
// recordDecoder falls back on, and the reference it is tested against.
func decodeRecordStd(line []byte) (neardup.Document, error) {
	var rec jsonlRecord
	if err := json.Unmarshal(line, &rec); err != nil {
		var se *json.SyntaxError
		var te *json.UnmarshalTypeError
		switch {
		case errors.As(err, &se):
			return neardup.Document{}, fmt.Errorf("invalid JSON: %v", se)
		case errors.As(err, &te) && te.Field == "":
			return neardup.Document{}, fmt.Errorf("want a JSON object, found %s", te.Value)
		case errors.As(err, &te):
			return neardup.Document{}, fmt.Errorf("%q must be a string, not %s", te.Field, te.Value)
		default:
			return neardup.Document{}, fmt.Errorf("invalid JSON: %v", err)
		}
	}
	f := fields{title: rec.Title, source: rec.Source, url: rec.URL, date: rec.Date}
	if rec.ID != nil {
		f.id, f.hasID = *rec.ID, true
	}
	if rec.Text != nil {
		f.text, f.hasText = *rec.Text, true
	}
	return f.document()
}

// document checks a record's fields and makes its document.
func (f *fields) document() (neardup.Document, error) {
	switch {
	case !f.hasID:
		return neardup.Document{}, errors.New(`missing "id"`)
	case f.id == "":
		return neardup.Document{}, errors.New(`empty "id"`)
	case !f.hasText:
		return neardup.Document{}, errors.New(`missing "text"`)
	case f.date != "" && !validDate(f.date):
		return neardup.Document{}, fmt.Errorf(`invalid "date" %q: want YYYY-MM-DD or RFC 3339`, f.date)
	}
	return neardup.Document{
		ID:     f.id,
		Text:   f.text,
		Title:  f.title,
		Source: f.source,
		Date:   f.date,
		URL:    f.url,
	}, nil
}

// validDate reports whether s is a date the library can order documents
// by (YYYY-MM-DD or RFC 3339), so that a bad one is reported with its line
// rather than by document id once everything is read.
func validDate(s string) bool {
	_, err := neardup.ParseDate(s)
	return err == nil
}

// add appends a document, refusing an id already read.
func (r *inputReader) add(d neardup.Document, at origin) error {
	if err := r.ctx.Err(); err != nil {
		return err
	}
	if i, dup := r.seen[d.ID]; dup {
		return &dupIDError{id: d.ID, first: r.in.origins[i], second: at}
	}
	r.seen[d.ID] = len(r.in.docs)
	r.in.docs = append(r.in.docs, d)
	r.in.origins = append(r.in.origins, at)
	r.in.bytes += int64(len(d.Text))
	if r.hooks.read != nil {
		r.hooks.read(len(r.in.docs), r.in.bytes)
	}
	return nil
}

// lineReader reads lines of any length, unlike bufio.Scanner whose default
// limit is 64 KiB: a JSONL record may hold a whole book.
type lineReader struct {
	r    *bufio.Reader
	long []byte // holds a line longer than r's buffer
	n    int    // number of the line last read, from 1
}

// next returns the next line without its line ending, and io.EOF with the
// last line (which may be empty). The line is valid until the next call.
func (lr *lineReader) next() ([]byte, error) {
	lr.n++
	lr.long = lr.long[:0]
	for {
		chunk, err := lr.r.ReadSlice('\n')
		if errors.Is(err, bufio.ErrBufferFull) || len(lr.long) > 0 {
			lr.appendLong(chunk)
		}
		if errors.Is(err, bufio.ErrBufferFull) {
			continue
		}
		line := chunk
		if len(lr.long) > 0 {
			line = lr.long
		}
		line = bytes.TrimSuffix(line, []byte("\n"))
		line = bytes.TrimSuffix(line, []byte("\r"))
		return line, err
	}
}

// appendLong adds a piece of a long line, doubling the buffer as needed:
// append alone grows large slices by only a quarter at a time, which for a
// 50 MB line would allocate several times the line in copies.
func (lr *lineReader) appendLong(chunk []byte) {
	if need := len(lr.long) + len(chunk); need > cap(lr.long) {
		grown := make([]byte, len(lr.long), max(need, 2*cap(lr.long)))
		copy(grown, lr.long)
		lr.long = grown
	}
	lr.long = append(lr.long, chunk...)
}

// take hands over the buffer of the long line last returned, emptied, so
// that the caller can keep that line's bytes (appending them to it is a
// copy in place) while the reader starts a new buffer.
func (lr *lineReader) take() []byte {
	b := lr.long[:0]
	lr.long = nil
	return b
}

// pathError turns an error about a file into "name: reason", with name as
// the user wrote it, keeping the cause for errors.Is.
func pathError(name string, err error) error {
	return fmt.Errorf("%s: %w", name, unwrapPath(err))
}

// unwrapPath drops the operation and path an *fs.PathError adds ("open
// x: permission denied"), since messages name the file themselves.
func unwrapPath(err error) error {
	var pe *fs.PathError
	if errors.As(err, &pe) {
		return pe.Err
	}
	return err
}
