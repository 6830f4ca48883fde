package main

import (
	"bytes"
	"encoding/json"
	"fmt"
	"math/rand/v2"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/neardup/neardup"
	"github.com/neardup/neardup/internal/corpus"
)

// sameAsJSON checks recordDecoder against encoding/json on one line: what
// the fast pass accepts, json.Unmarshal accepts with the same fields, and
// decode gives the document and error decodeRecordStd gives. It reports
// whether the fast pass took the line.
func sameAsJSON(t testing.TB, d *recordDecoder, line []byte) (fast bool) {
	t.Helper()
	var rec jsonlRecord
	jerr := json.Unmarshal(line, &rec)
	f, ok := d.parse(line)
	if ok {
		if jerr != nil {
			t.Fatalf("%q: fast pass accepts what encoding/json rejects: %v", line, jerr)
		}
		want := fields{title: rec.Title, source: rec.Source, url: rec.URL, date: rec.Date}
		if rec.ID != nil {
			want.id, want.hasID = *rec.ID, true
		}
		if rec.Text != nil {
			want.text, want.hasText = *rec.Text, true
		}
		if f != want {
			t.Fatalf("%q: fast pass gives\n%+v\nencoding/json gives\n%+v", line, f, want)
		}
	}
	doc, err := d.decode(line)
	wantDoc, wantErr := decodeRecordStd(line)
	if (err == nil) != (wantErr == nil) || (err != nil && err.Error() != wantErr.Error()) {
		t.Fatalf("%q: error %v, want %v", line, err, wantErr)
	}
	if doc != wantDoc {
		t.Fatalf("%q: document %+v, want %+v", line, doc, wantDoc)
	}
	return ok
}

// trickyRecords are lines at the edges of the format; fast says whether
// the fast pass should take the line itself rather than hand it to
// encoding/json.
var trickyRecords = []struct {
	line string
	fast bool
}{
	{`{"id":"a","text":"b"}`, true},
	{` 	{ "id" : "a" ,	"text":"b" } ` + "\r\t ", true},
	{`{"id":"a","text":"b","title":"t","source":"s","url":"u","date":"2024-01-02"}`, true},
	{`{"text":"b","id":"a"}`, true},
	{`{}`, true},
	{` { } `, true},
	{`{"id":"a"}`, true},
	{`{"id":"","text":"b"}`, true},
	{`{"id":"a","text":""}`, true},
	{`{"id":"a","text":"b","date":"yesterday"}`, true},
	{`{"id":"a","text":"b","date":"2024-01-02T10:00:00Z"}`, true},
	// Escapes, surrogates, UTF-8.
	{`{"id":"a","text":"q\"b\\s\/b\bf\fn\nr\rt\t"}`, true},
	{`{"id":"a","text":"\u00e9\u00E9\u4e2d\u0000\u001f"}`, true},
	{`{"id":"a","text":"\ud83d\ude00 pair"}`, true},
	{`{"id":"a","text":"\ud83d lone high"}`, true},
	{`{"id":"a","text":"lone low \ude00"}`, true},
	{`{"id":"a","text":"\ud83d\ud83d\ude00 high high low"}`, true},
	{`{"id":"a","text":"\ud83d"}`, true},
	{`{"id":"a","text":"\udc00\udc00 low low"}`, true},
	{`{"id":"a","text":"\ude00\ud83d\ude00 low high low"}`, true},
	{`{"id":"a","text":"\ud83d\u0041"}`, true},
	{`{"id":"a","text":"\ud83d\n"}`, true},
	{"{\"id\":\"a\",\"text\":\"bad \xff\xfe utf-8 \xc3\"}", true},
	{"{\"id\":\"a\",\"text\":\"surrogate in utf-8 \xed\xa0\x80\"}", true},
	{"{\"id\":\"a\",\"text\":\"ok é 中 😀 \xef\xbf\xbd\"}", true},
	{"{\"id\":\"a\",\"text\":\"escaped then bad \\n\xff\"}", true},
	{"{\"id\":\"a\",\"text\":\"truncated rune \xe4\xb8\"}", true},
	{`{"id":"a","text":"\uD83D\uDE00"}`, true},
	// Keys: case, escapes, duplicates, nulls.
	{`{"ID":"a","TeXt":"b","Title":"t","SOURCE":"s","Url":"u","DATE":"2024-01-02"}`, true},
	{`{"\u0069d":"a","text":"b"}`, true},
	{`{"i\u0044":"a","te\u0078t":"b"}`, true},
	{`{"id":"a","text":"b","id":"c"}`, true},
	{`{"id":"a","text":"b","Id":"c"}`, true},
	{`{"id":"a","text":"b","id":null}`, true},
	{`{"id":null,"id":"a","text":"b"}`, true},
	{`{"id":"a","text":"b","title":"t","title":null}`, true},
	{`{"id":"a","text":null}`, true},
	{`{"id":"a","text":"b","title":null,"source":null,"url":null,"date":null}`, true},
	{"{\"\xc5\xbfource\":\"s\",\"id\":\"a\",\"text\":\"b\"}", false}, // long s folds to s
	{"{\"\\u017fource\":\"s\",\"id\":\"a\",\"text\":\"b\"}", false},
	{"{\"\xe2\x84\xaaey\":\"k\",\"id\":\"a\",\"text\":\"b\"}", false}, // Kelvin sign
	{"{\"\xc4\xb1d\":\"x\",\"id\":\"a\",\"text\":\"b\"}", false},      // dotless i
	{"{\"ıd\":\"x\",\"text\":\"b\"}", false},
	{`{"idx":"x","id":"a","text":"b"}`, true},
	{`{"i d":"x","id":"a","text":"b"}`, true},
	{`{"":"x","id":"a","text":"b"}`, true},
	// Unknown fields of every type.
	{`{"id":"a","n":0,"m":-1.5e+10,"o":1E-2,"p":-0,"q":12.25,"text":"b"}`, true},
	{`{"id":"a","t":true,"f":false,"z":null,"text":"b"}`, true},
	{`{"id":"a","o":{"x":[1,{"y":"z\u00e9"},[]],"w":{}},"text":"b"}`, true},
	{`{"id":"a","arr":[ 1 , "two" , [ ] , { } , null ],"text":"b"}`, true},
	{`{"id":"a","big":1e999999,"text":"b"}`, true},
	{`{"id":"a","s":"\ud800","text":"b"}`, true},
	{`{"id":"a","tags":["x","y"],"meta":{"id":"not this one","text":1},"text":"b"}`, true},
	{`{"id":"a","deep":` + strings.Repeat("[", 60) + strings.Repeat("]", 60) + `,"text":"b"}`, true},
	{`{"id":"a","deep":` + strings.Repeat("[", 200) + strings.Repeat("]", 200) + `,"text":"b"}`, false},
	{`{"id":"a","deep":` + strings.Repeat("[", 10001) + strings.Repeat("]", 10001) + `,"text":"b"}`, false},
	{`{"id":"a","deep":` + strings.Repeat(`{"k":`, 70) + `1` + strings.Repeat("}", 70) + `,"text":"b"}`, false},
	// Rejected lines, each with its encoding/json error.
	{`{"id":1,"text":"b"}`, false},
	{`{"id":"a","text":["b"]}`, false},
	{`{"id":"a","text":{"b":1}}`, false},
	{`{"id":"a","text":true}`, false},
	{`{"id":"a","text":"b","title":12}`, false},
	{`{"id":"a","text":"b","date":false}`, false},
	{`{"id":1,"text":[]}`, false},
	{`["id","a"]`, false},
	{`"a"`, false},
	{`12`, false},
	{`true`, false},
	{`null`, false},
	{`{"id":"a","text":"b"}x`, false},
	{`{"id":"a","text":"b"}{}`, false},
	{`{"id":"a","text":"b",}`, false},
	{`{"id":"a",,"text":"b"}`, false},
	{`{"id":"a" "text":"b"}`, false},
	{`{"id" "a","text":"b"}`, false},
	{`{id:"a","text":"b"}`, false},
	{`{'id':'a'}`, false},
	{`{"id":"a","text":"b"`, false},
	{`{"id":"a","text":"b`, false},
	{`{"id":"a","text":"b\`, false},
	{`{"id":"a","text":"b\u12`, false},
	{`{"id":"a","text":"\x41"}`, false},
	{`{"id":"a","text":"\'"}`, false},
	{`{"id":"a","text":"\u12G4"}`, false},
	{`{"id":"a","text":"\ud83d\u12G4"}`, false},
	{"{\"id\":\"a\",\"text\":\"tab\tin string\"}", false},
	{"{\"id\":\"a\",\"text\":\"nul\x00\"}", false},
	{"{\"id\":\"a\",\"text\":\"b\"}\x00", false},
	{"\xef\xbb\xbf{\"id\":\"a\",\"text\":\"b\"}", false},
	{"{\"id\":\"a\",\"text\":\"b\"}\v", false},
	{"{\"id\":\"a\",\"text\":\"b\"}\u00a0", false},
	{`{"id":"a","n":01,"text":"b"}`, false},
	{`{"id":"a","n":1.,"text":"b"}`, false},
	{`{"id":"a","n":.5,"text":"b"}`, false},
	{`{"id":"a","n":+1,"text":"b"}`, false},
	{`{"id":"a","n":1e,"text":"b"}`, false},
	{`{"id":"a","n":-,"text":"b"}`, false},
	{`{"id":"a","n":NaN,"text":"b"}`, false},
	{`{"id":"a","n":tru,"text":"b"}`, false},
	{`{"id":"a","n":nul}`, false},
	{`{"id":"a","text":nul}`, false},
	{`{"id":"a","text":nulll}`, false},
	{`{"id":"a","n":[1,],"text":"b"}`, false},
	{`{"id":"a","n":[1 2],"text":"b"}`, false},
	{`{"id":"a","n":{"x"},"text":"b"}`, false},
	{`{"id":"a","n":{"x":1,},"text":"b"}`, false},
	{`{"id":"a","n":{1:2},"text":"b"}`, false},
	{`{"id":"a","n":[}`, false},
	{`{"id":"a","n":{]`, false},
	{`{`, false},
	{`}`, false},
	{`{"`, false},
	{`{"id"`, false},
	{`{"id":`, false},
	{`{"id":"a",`, false},
}

func TestRecordDecoderTricky(t *testing.T) {
	var d recordDecoder
	for _, tc := range trickyRecords {
		fast := sameAsJSON(t, &d, []byte(tc.line))
		assert.Equal(t, tc.fast, fast, "fast pass on %q", tc.line)
	}
}

// TestRecordDecoderValues checks decoded values written out by hand, so
// that the decoder is not only held to encoding/json but to JSON itself.
func TestRecordDecoderValues(t *testing.T) {
	tests := []struct {
		line string
		want neardup.Document
	}{
		{`{"id":"a","text":"q\"b\\s\/b\bf\fn\nr\rt\t"}`, neardup.Document{ID: "a", Text: "q\"b\\s/b\bf\fn\nr\rt\t"}},
		{`{"id":"\u00e9\u4E2D","text":"\ud83d\ude00"}`, neardup.Document{ID: "é中", Text: "😀"}},
		{`{"id":"a","text":"x\ud83dy\ude00z"}`, neardup.Document{ID: "a", Text: "x\uFFFDy\uFFFDz"}},
		{`{"id":"a","text":"\ud83d\ud83d\ude00"}`, neardup.Document{ID: "a", Text: "\uFFFD😀"}},
		{`{"id":"a","text":"\udc00\udc00"}`, neardup.Document{ID: "a", Text: "\uFFFD\uFFFD"}},
		{"{\"id\":\"a\",\"text\":\"\xffé\xe4\xb8\"}", neardup.Document{ID: "a", Text: "\uFFFDé\uFFFD\uFFFD"}},
		{`{"ID":"a","id":"b","TEXT":"t","Title":"T","sOuRcE":"S","url":"U","Date":"2024-02-03","x":[{"text":"no"}]}`,
			neardup.Document{ID: "b", Text: "t", Title: "T", Source: "S", URL: "U", Date: "2024-02-03"}},
		{`{"id":"a","text":"t","title":"T","title":null}`, neardup.Document{ID: "a", Text: "t", Title: "T"}},
	}
	var d recordDecoder
	for _, tc := range tests {
		_, ok := d.parse([]byte(tc.line))
		assert.True(t, ok, "fast pass on %q", tc.line)
		doc, err := d.decode([]byte(tc.line))
		require.NoError(t, err, tc.line)
		assert.Equal(t, tc.want, doc, tc.line)
	}

	errs := map[string]string{
		`{"id":"a","text":"b","id":null}`:  `missing "id"`,
		`{"id":"a"}`:                       `missing "text"`,
		`{"id":"","text":"b"}`:             `empty "id"`,
		`{"ID":1,"text":"b"}`:              `"id" must be a string, not number`,
		`{"id":"a","text":"b","title":{}}`: `"title" must be a string, not object`,
		`null`:                             `missing "id"`,
		`[]`:                               `want a JSON object, found array`,
		`{"id":"a","text":"b","date":"x"}`: `invalid "date" "x": want YYYY-MM-DD or RFC 3339`,
		`{"id":"a","text":"b",}`:           `invalid JSON: invalid character '}' looking for beginning of object key string`,
		`{"id":"a","text":"b"} x`:          `invalid JSON: invalid character 'x' after top-level value`,
		`{"id":"a","text":"b`:              `invalid JSON: unexpected end of JSON input`,
		"{\"id\":\"a\",\"text\":\"b\tc\"}": `invalid JSON: invalid character '\t' in string literal`,
	}
	for line, want := range errs {
		_, err := d.decode([]byte(line))
		assert.EqualError(t, err, want, line)
	}
}

// randomRecord writes a line that is mostly a record, with the things the
// decoder must get right mixed in: any field order, duplicates, keys in any
// case or escaped, unknown fields of every JSON type, escapes, UTF-8 good
// and bad, whitespace, and now and then a byte broken.
func randomRecord(rng *rand.Rand) []byte {
	var b []byte
	ws := func() {
		for rng.IntN(4) == 0 {
			b = append(b, " \t\r\n"[rng.IntN(4)])
		}
	}
	ws()
	b = append(b, '{')
	// Most records get their required fields, somewhere among the others.
	n := rng.IntN(7)
	required := [2]int{-1, -1}
	for r := range required {
		if rng.IntN(10) > 0 {
			n++
			required[r] = rng.IntN(n)
		}
	}
	for i := range n {
		if i > 0 {
			ws()
			b = append(b, ',')
		}
		ws()
		known := rng.IntN(4) > 0
		var key string
		switch i {
		case required[0]:
			b, key, known = append(b, `"id"`...), "id", true
		case required[1]:
			b, key, known = append(b, `"text"`...), "text", true
		default:
			b, key = randomKey(rng, b, known)
		}
		ws()
		b = append(b, ':')
		ws()
		switch r := rng.IntN(40); {
		case key == "date" && r < 30:
			b = append(b, `"2024-01-02"`...)
		case known && r < 37 || r < 16:
			b = randomString(rng, b)
		case known && r < 39 || r < 20:
			b = append(b, "null"...)
		default:
			b = randomValue(rng, b, 0)
		}
	}
	ws()
	b = append(b, '}')
	ws()
	if rng.IntN(10) == 0 {
		b = breakLine(rng, b)
	}
	return b
}

var recordKeys = []string{"id", "text", "title", "source", "url", "date"}

// randomKey appends a quoted key, known (in any case) or not, and returns
// the field it names in lower case.
func randomKey(rng *rand.Rand, b []byte, known bool) ([]byte, string) {
	var key []byte
	if known {
		key = []byte(recordKeys[rng.IntN(len(recordKeys))])
		if rng.IntN(4) == 0 {
			for i := range key {
				if rng.IntN(2) == 0 {
					key[i] -= 'a' - 'A'
				}
			}
		}
	} else {
		odd := []string{"", "extra", "ids", "tex", "i d", "titles", "ſource", "ıd", "\u212aey", "é", "meta"}
		key = []byte(odd[rng.IntN(len(odd))])
	}
	b = append(b, '"')
	for _, c := range key {
		if rng.IntN(12) == 0 {
			b = fmt.Appendf(b, `\u%04x`, c)
		} else {
			b = append(b, c)
		}
	}
	return append(b, '"'), strings.ToLower(string(key))
}

func randomString(rng *rand.Rand, b []byte) []byte {
	pieces := []string{
		"plain words ", "x", `\"`, `\\`, `\/`, `\b`, `\f`, `\n`, `\r`, `\t`,
		`\u00e9`, `\u4E2D`, `\u0000`, `\ud83d\ude00`, `\ud83d`, `\ude00`, `\ud83d\u0041`, `\uDBFF\uDFFF`, `\udc00`, `\uD800`,
		"é", "中文", "😀", "\xff", "\xc3", "\xe4\xb8", "\xed\xa0\x80", "\xef\xbf\xbd",
		"2024-01-02", "2024-01-02T03:04:05Z", "",
	}
	b = append(b, '"')
	for range rng.IntN(8) {
		b = append(b, pieces[rng.IntN(len(pieces))]...)
	}
	if rng.IntN(3) == 0 {
		// A long plain run, for the eight-byte scan.
		for range rng.IntN(40) {
			b = append(b, byte('a'+rng.IntN(26)))
		}
	}
	return append(b, '"')
}

func randomValue(rng *rand.Rand, b []byte, depth int) []byte {
	r := rng.IntN(10)
	if depth > 3 && r >= 7 {
		r = 0
	}
	switch r {
	case 0:
		return randomString(rng, b)
	case 1:
		nums := []string{"0", "-0", "12", "-3.25", "1e5", "1E+2", "2.5e-3", "1e999", "123456789012345678901234567890"}
		return append(b, nums[rng.IntN(len(nums))]...)
	case 2:
		return append(b, "true"...)
	case 3:
		return append(b, "false"...)
	case 4:
		return append(b, "null"...)
	case 5, 6:
		b = append(b, '[')
		for i := range rng.IntN(4) {
			if i > 0 {
				b = append(b, ',')
			}
			b = append(b, ' ')
			b = randomValue(rng, b, depth+1)
		}
		return append(b, ']')
	default:
		b = append(b, '{')
		for i := range rng.IntN(4) {
			if i > 0 {
				b = append(b, ',')
			}
			b, _ = randomKey(rng, b, rng.IntN(2) == 0)
			b = append(b, ':')
			b = randomValue(rng, b, depth+1)
		}
		return append(b, '}')
	}
}

// breakLine damages a line: a byte changed, dropped or added, or the line
// cut short.
func breakLine(rng *rand.Rand, b []byte) []byte {
	if len(b) == 0 {
		return b
	}
	i := rng.IntN(len(b))
	junk := []byte(`{}[]",:\ u0 1e-.tfn` + "\x00\x1f\x7f\xff")
	switch rng.IntN(4) {
	case 0:
		b[i] = junk[rng.IntN(len(junk))]
	case 1:
		b = append(b[:i], b[i+1:]...)
	case 2:
		b = append(b[:i], append([]byte{junk[rng.IntN(len(junk))]}, b[i:]...)...)
	default:
		b = b[:i]
	}
	return b
}

func TestRecordDecoderRandom(t *testing.T) {
	rng := rand.New(rand.NewPCG(7, 11))
	var d recordDecoder
	n := 50_000
	if testing.Short() {
		n = 5_000
	}
	var fast, ok int
	for range n {
		line := randomRecord(rng)
		if sameAsJSON(t, &d, line) {
			fast++
		}
		if _, err := decodeRecordStd(line); err == nil {
			ok++
		}
	}
	// The generator must reach both sides: valid records, most taken by
	// the fast pass, and rejected ones.
	assert.Greater(t, ok, n/10, "valid records")
	assert.Greater(t, n-ok, n/10, "rejected records")
	assert.Greater(t, fast, n/3, "records taken by the fast pass")
	t.Logf("%d records: %d valid, %d by the fast pass", n, ok, fast)
}

// corpusLines encodes a generated corpus of about size bytes of text as
// JSONL lines, as gencorpus writes it.
func corpusLines(tb testing.TB, seed uint64, size int) [][]byte {
	cfg := corpus.DefaultConfig()
	cfg.Seed, cfg.Bytes = seed, size
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false)
	for doc, err := range corpus.Docs(cfg) {
		require.NoError(tb, err)
		require.NoError(tb, enc.Encode(doc))
	}
	return bytes.SplitAfter(bytes.TrimSuffix(buf.Bytes(), []byte("\n")), []byte("\n"))
}

func FuzzDecodeRecord(f *testing.F) {
	for _, tc := range trickyRecords {
		f.Add([]byte(tc.line))
	}
	rng := rand.New(rand.NewPCG(3, 5))
	for range 200 {
		f.Add(randomRecord(rng))
	}
	for _, line := range corpusLines(f, 1, 20_000)[:5] {
		f.Add(bytes.TrimSuffix(line, []byte("\n")))
	}
	var d recordDecoder
	f.Fuzz(func(t *testing.T, line []byte) {
		sameAsJSON(t, &d, line)
	})
}

// BenchmarkDecodeRecord decodes the records of a 20 MB generated corpus
// (what gencorpus -bytes 20000000 -seed 3 writes): "std" is
// encoding/json, "fast" the decoder the CLI uses.
func BenchmarkDecodeRecord(b *testing.B) {
	lines := corpusLines(b, 3, 20_000_000)
	var size int64
	for i, line := range lines {
		lines[i] = bytes.TrimSuffix(line, []byte("\n"))
		size += int64(len(lines[i]))
	}
	b.Run("std", func(b *testing.B) {
		b.SetBytes(size)
		b.ReportAllocs()
		for b.Loop() {
			for _, line := range lines {
				if _, err := decodeRecordStd(line); err != nil {
					b.Fatal(err)
				}
			}
		}
	})
	b.Run("fast", func(b *testing.B) {
		b.SetBytes(size)
		b.ReportAllocs()
		var d recordDecoder
		for b.Loop() {
			for _, line := range lines {
				if _, err := d.decode(line); err != nil {
					b.Fatal(err)
				}
			}
		}
	})
}
