package report

import (
	"bytes"
	"encoding/binary"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"math"
	"math/bits"
	"math/rand/v2"
	"reflect"
	"runtime"
	"strings"
	"testing"
)

func TestWriteJSONRoundTrip(t *testing.T) {
	in := harbourReport(t)
	in.Clusters[0].Origin.Tied = []string{"x.txt"}
	var b bytes.Buffer
	if err := WriteJSON(&b, in); err != nil {
		t.Fatal(err)
	}
	out, err := ReadJSON(&b)
	if err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(in, out) {
		t.Errorf("round trip changed the report:\n in: %+v\nout: %+v", in, out)
	}
}

func TestWriteJSONShape(t *testing.T) {
	r := &Report{Version: Version}
	var b bytes.Buffer
	if err := WriteJSON(&b, r); err != nil {
		t.Fatal(err)
	}
	got := b.String()
	for _, want := range []string{"\n  \"documents\": [],\n", "\n  \"clusters\": []\n"} {
		if !strings.Contains(got, want) {
			t.Errorf("output lacks %q:\n%s", want, got)
		}
	}
	if !strings.HasSuffix(got, "}\n") {
		t.Errorf("output does not end with a newline: %q", got)
	}
	if r.Documents != nil || r.Clusters != nil {
		t.Error("WriteJSON modified its argument")
	}

	// A nil passage list inside a cluster, and markup left unescaped.
	r.Clusters = []Cluster{{ID: 1, Kind: KindReuse, Canonical: "a <b> & c"}}
	b.Reset()
	if err := WriteJSON(&b, r); err != nil {
		t.Fatal(err)
	}
	got = b.String()
	if !strings.Contains(got, `"passages": []`) || strings.Contains(got, "null") {
		t.Errorf("nil passages not written as []:\n%s", got)
	}
	if !strings.Contains(got, `"canonical": "a <b> & c"`) {
		t.Errorf("markup escaped:\n%s", got)
	}
	if r.Clusters[0].Passages != nil {
		t.Error("WriteJSON modified its argument's clusters")
	}
}

func TestWriteJSONDeterministic(t *testing.T) {
	var a, b bytes.Buffer
	if err := WriteJSON(&a, harbourReport(t)); err != nil {
		t.Fatal(err)
	}
	if err := WriteJSON(&b, harbourReport(t)); err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(a.Bytes(), b.Bytes()) {
		t.Error("two writes of equal reports differ")
	}
}

func TestReadJSONVersion(t *testing.T) {
	_, err := ReadJSON(strings.NewReader(`{"version": 99, "documents": [], "clusters": []}`))
	if !errors.Is(err, ErrUnsupportedVersion) {
		t.Errorf("version 99: got %v, want ErrUnsupportedVersion", err)
	}
	r, err := ReadJSON(strings.NewReader(`{"version": 1, "future_field": true, "documents": [{"id": "x"}]}`))
	if err != nil {
		t.Fatalf("unknown field refused: %v", err)
	}
	if len(r.Documents) != 1 || r.Documents[0].ID != "x" {
		t.Errorf("got %+v", r.Documents)
	}
	if _, err := ReadJSON(strings.NewReader(`{"version": 1,`)); err == nil {
		t.Error("truncated JSON accepted")
	}
}

func TestNilReport(t *testing.T) {
	var b bytes.Buffer
	for name, err := range map[string]error{
		"json":     WriteJSON(&b, nil),
		"text":     WriteText(&b, nil, TextOptions{}),
		"markdown": WriteMarkdown(&b, nil),
		"html":     WriteHTML(&b, nil, HTMLOptions{}),
	} {
		if !errors.Is(err, ErrNilReport) {
			t.Errorf("%s: got %v, want ErrNilReport", name, err)
		}
	}
}

// referenceJSON is what WriteJSON must write: the whole report through one
// indenting encoder, nil lists made empty. WriteJSON streams the same bytes
// part by part; this catches a field added to Report that the streaming
// writer does not know.
func referenceJSON(t *testing.T, r *Report) []byte {
	t.Helper()
	out := *r
	if out.Documents == nil {
		out.Documents = []Document{}
	}
	out.Clusters = append([]Cluster{}, r.Clusters...)
	for i := range out.Clusters {
		if out.Clusters[i].Passages == nil {
			out.Clusters[i].Passages = []Passage{}
		}
	}
	var b bytes.Buffer
	enc := json.NewEncoder(&b)
	enc.SetIndent("", "  ")
	enc.SetEscapeHTML(false)
	if err := enc.Encode(&out); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}

func TestWriteJSONStreamsTheReference(t *testing.T) {
	full := harbourReport(t)
	noPassages := *full
	noPassages.Clusters = append([]Cluster{}, full.Clusters...)
	noPassages.Clusters[0].Passages = nil
	tied := harbourReport(t)
	tied.Clusters[0].Origin.Tied = []string{"b.txt", "c <d> & \"e\""}
	tied.Clusters[1].Origin.Tied = []string{} // omitted, like nil
	tied.Clusters[1].Passages[1].Diff = []DiffOp{}
	tied.Documents[0].URL = "https://example.com/a?x=1&y=<2>"
	for name, r := range map[string]*Report{
		"full":        full,
		"empty":       {Version: Version},
		"no clusters": {Version: Version, Documents: full.Documents},
		"no passages": &noPassages,
		"tied, url":   tied,
		"bench":       benchReport(),
	} {
		var got bytes.Buffer
		if err := WriteJSON(&got, r); err != nil {
			t.Fatal(err)
		}
		if want := referenceJSON(t, r); !bytes.Equal(got.Bytes(), want) {
			t.Errorf("%s: WriteJSON differs from the reference encoding:\n%s\nwant:\n%s", name, got.Bytes(), want)
		}
	}
	if noPassages.Clusters[0].Passages != nil {
		t.Error("WriteJSON modified the report")
	}
}

// jsonPieces are the parts random strings are made of: every character
// encoding/json treats specially, invalid UTF-8 of several kinds, runes of
// every length, and markup, which must stay unescaped.
var jsonPieces = func() []string {
	p := []string{
		`"`, `\`, `\"`, `\\u0041`, "<b>&amp;</b>", "\u2028", "\u2029", "\u2027", "\u202a",
		"\x7f", "\u0080", "\u00a0", "é", "Հայաստան", "日本語", "😀", "\ufffd",
		"\xff", "\xc3", "\xe2\x80", "\xe2\x80\xa8\xa9", "\xed\xa0\x80", "\xf4\x90\x80\x80", "\xc0\xaf",
	}
	for c := range 0x20 {
		p = append(p, string(rune(c)))
	}
	return p
}()

// randString returns a string of random pieces between runs of plain
// ASCII of random lengths, so that special bytes fall at every offset of
// the eight-byte words appendString skips.
func randString(rng *rand.Rand) string {
	var b []byte
	for range rng.IntN(6) {
		for range rng.IntN(20) {
			b = append(b, byte('a'+rng.IntN(26)))
		}
		if rng.IntN(4) > 0 {
			b = append(b, jsonPieces[rng.IntN(len(jsonPieces))]...)
		}
	}
	return string(b)
}

// jsonFloats are numbers at the edges of encoding/json's float formats.
var jsonFloats = []float64{
	0, math.Copysign(0, -1), 1, -1, 0.5, 0.62, 1.0 / 3, 1e-7, -1e-7, 1e-6, 9.999999e-7, 1.5e-10,
	1e20, 1e21, -1e21, 123456789.125, -123456789.125, 1e300, math.MaxFloat64,
	math.SmallestNonzeroFloat64, 5e-324, 12345678901234567890,
}

func randFloat(rng *rand.Rand) float64 {
	switch rng.IntN(3) {
	case 0:
		return jsonFloats[rng.IntN(len(jsonFloats))]
	case 1:
		return rng.Float64()
	}
	return rng.NormFloat64() * math.Pow(10, float64(rng.IntN(60)-30))
}

func randInt(rng *rand.Rand) int {
	switch rng.IntN(5) {
	case 0:
		return []int{0, -1, math.MaxInt, math.MinInt}[rng.IntN(4)]
	case 1:
		return -rng.Int()
	}
	return rng.IntN(100000)
}

// randLen returns -1 (a nil list), 0 (an empty one) or a small length.
func randLen(rng *rand.Rand) int { return rng.IntN(5) - 1 }

func randSlice[T any](rng *rand.Rand, elem func() T) []T {
	n := randLen(rng)
	if n < 0 {
		return nil
	}
	s := make([]T, n)
	for i := range s {
		s[i] = elem()
	}
	return s
}

// randReport builds a report of random shape and contents.
func randReport(rng *rand.Rand) *Report {
	str := func() string { return randString(rng) }
	r := &Report{
		Version: randInt(rng),
		Params: Params{Threshold: randFloat(rng), Shingle: randInt(rng), Hashes: randInt(rng), Bands: randInt(rng),
			Rows: randInt(rng), Seed: rng.Uint64(), MinWords: randInt(rng), Window: randInt(rng), Stride: randInt(rng),
			Stopwords: str(), Language: str(), Boilerplate: randInt(rng)},
	}
	if rng.IntN(4) == 0 {
		r.Params.Seed = math.MaxUint64
	}
	r.Documents = randSlice(rng, func() Document {
		d := Document{ID: str(), Title: str(), Source: str(), Date: str(), Bytes: randInt(rng), ReusedBytes: randInt(rng)}
		if rng.IntN(2) == 0 {
			d.URL = str()
		}
		return d
	})
	r.Clusters = randSlice(rng, func() Cluster {
		return Cluster{ID: randInt(rng), Kind: str(), Documents: randInt(rng), Sources: randInt(rng),
			Origin:    Origin{Doc: str(), Date: str(), Note: str(), Tied: randSlice(rng, str)},
			Canonical: str(),
			Passages: randSlice(rng, func() Passage {
				return Passage{Doc: str(), Start: randInt(rng), End: randInt(rng), Similarity: randFloat(rng),
					Text: str(), Date: str(), Source: str(), Title: str(), Origin: rng.IntN(2) == 0,
					Diff:           randSlice(rng, func() DiffOp { return DiffOp{Op: str(), Text: str()} }),
					CanonicalStart: randInt(rng), CanonicalEnd: randInt(rng)}
			}),
		}
	})
	return r
}

func TestWriteJSONRandomReports(t *testing.T) {
	n := 2000
	if testing.Short() {
		n = 200
	}
	checkRandomReports(t, rand.New(rand.NewPCG(1, 2)), n)
}

// checkRandomReports compares WriteJSON's bytes with encoding/json's on n
// random reports.
func checkRandomReports(t *testing.T, rng *rand.Rand, n int) {
	t.Helper()
	var got bytes.Buffer
	for i := range n {
		r := randReport(rng)
		got.Reset()
		if err := WriteJSON(&got, r); err != nil {
			t.Fatalf("report %d: %v", i, err)
		}
		if want := referenceJSON(t, r); !bytes.Equal(got.Bytes(), want) {
			t.Fatalf("report %d: WriteJSON differs from the reference encoding:\n%s\nwant:\n%s", i, got.Bytes(), want)
		}
	}
}

// withPieces makes WriteJSON encode every report in pieces of about size
// bytes on workers goroutines, until the test ends.
func withPieces(t *testing.T, size, workers int) {
	parallelMin, piece, procs := jsonParallelMin, jsonPieceSize, runtime.GOMAXPROCS(workers)
	jsonParallelMin, jsonPieceSize = 0, size
	t.Cleanup(func() {
		jsonParallelMin, jsonPieceSize = parallelMin, piece
		runtime.GOMAXPROCS(procs)
	})
}

// Encoded in pieces on several goroutines, a report has the same bytes:
// pieces of one byte (a piece a passage), of a few passages and of more
// than the report, on two and on eight goroutines.
func TestWriteJSONPiecesRandomReports(t *testing.T) {
	for _, c := range []struct{ size, workers int }{{1, 2}, {1, 8}, {600, 2}, {3000, 3}, {1 << 30, 2}} {
		t.Run(fmt.Sprintf("size=%d,workers=%d", c.size, c.workers), func(t *testing.T) {
			withPieces(t, c.size, c.workers)
			checkRandomReports(t, rand.New(rand.NewPCG(3, 4)), 300)
		})
	}
}

// Pieces cover the clusters in order, end to end, and each but the last
// is bounded below as asked; the bounds of clusters and passages are at
// most their encoded sizes.
func TestCutPieces(t *testing.T) {
	rng := rand.New(rand.NewPCG(5, 6))
	for i := range 300 {
		r := randReport(rng)
		for c := range r.Clusters {
			cl := &r.Clusters[c]
			if got, bound := len(appendClusterHead(nil, cl))+len(appendClusterTail(nil, cl)), clusterBound(cl); bound > got {
				t.Fatalf("report %d cluster %d: bound %d over its %d bytes", i, c, bound, got)
			}
			for p := range cl.Passages {
				if got, bound := len(appendPassage(nil, &cl.Passages[p], p == 0)), passageBound(&cl.Passages[p]); bound > got {
					t.Fatalf("report %d passage %d/%d: bound %d over its %d bytes", i, c, p, bound, got)
				}
			}
		}
		size := 1 + rng.IntN(3000)
		cuts := cutPieces(r.Clusters, size/2, size, clustersBound(r.Clusters))
		if cuts[0] != (position{}) || cuts[len(cuts)-1] != (position{len(r.Clusters), 0}) {
			t.Fatalf("report %d: cuts %v do not span the clusters", i, cuts)
		}
		var all []byte
		for k := range len(cuts) - 1 {
			from, to := cuts[k], cuts[k+1]
			if to.c < from.c || to.c == from.c && to.p <= from.p {
				t.Fatalf("report %d: piece %d goes from %v back to %v", i, k, from, to)
			}
			if to.c < len(r.Clusters) && to.p >= len(r.Clusters[to.c].Passages) && to.p > 0 {
				t.Fatalf("report %d: piece %d ends past the passages of cluster %d", i, k, to.c)
			}
			piece := appendPiece(nil, r.Clusters, from, to)
			want := size
			if k == 0 {
				want = size / 2
			}
			if k+2 < len(cuts) && len(piece) < want {
				t.Fatalf("report %d: piece %d of %d has %d bytes, want at least %d", i, k, len(cuts)-1, len(piece), want)
			}
			all = append(all, piece...)
		}
		if whole := appendClustersSerially(&jsonWriter{w: io.Discard}, nil, r.Clusters); !bytes.Equal(all, whole) {
			t.Fatalf("report %d: the pieces do not add up to the clusters", i)
		}
	}
}

// TestAppendStringEveryByte puts every byte value at every offset of a
// string longer than two words, then every pair of bytes, and then every
// pair before the rest of a three-byte rune (U+2028 and its neighbours),
// and compares the quoting with encoding/json's.
func TestAppendStringEveryByte(t *testing.T) {
	check := func(s string) {
		t.Helper()
		var want bytes.Buffer
		enc := json.NewEncoder(&want)
		enc.SetEscapeHTML(false)
		if err := enc.Encode(s); err != nil {
			t.Fatal(err)
		}
		if got := appendString(nil, s); !bytes.Equal(got, bytes.TrimSuffix(want.Bytes(), []byte("\n"))) {
			t.Fatalf("%q: got %s, want %s", s, got, want.Bytes())
		}
	}
	for b := range 256 {
		for at := range 20 {
			check(strings.Repeat("x", at) + string([]byte{byte(b)}) + strings.Repeat("y", 19-at))
		}
	}
	step := 1
	if testing.Short() {
		step = 7
	}
	for b0 := 0; b0 < 256; b0 += step {
		for b1 := range 256 {
			check("abcdef" + string([]byte{byte(b0), byte(b1)}) + "ghijklmnop")
			check(string([]byte{byte(b0), byte(b1), 0x80, 0xa8}))
		}
	}
}

// The expected texts below are JSON as a JavaScript engine prints it,
// written by hand, not taken from any encoder.
func TestAppendFloat(t *testing.T) {
	for _, c := range []struct {
		f    float64
		want string
	}{
		{0, "0"}, {math.Copysign(0, -1), "-0"}, {1, "1"}, {0.5, "0.5"}, {-0.25, "-0.25"},
		{0.000001, "0.000001"}, {1e-7, "1e-7"}, {-1.5e-7, "-1.5e-7"}, {1e-10, "1e-10"},
		{1e20, "100000000000000000000"}, {1e21, "1e+21"}, {1.5e300, "1.5e+300"},
		{123456789.125, "123456789.125"}, {0.30000000000000004, "0.30000000000000004"},
	} {
		if got := string(appendFloat([]byte("x"), c.f)); got != "x"+c.want {
			t.Errorf("appendFloat(%g) = %s, want %s", c.f, got[1:], c.want)
		}
	}
}

func TestAppendString(t *testing.T) {
	for _, c := range []struct{ s, want string }{
		{"", `""`},
		{"plain text, longer than a word", `"plain text, longer than a word"`},
		{`a "quoted" \ b`, `"a \"quoted\" \\ b"`},
		{"<b>&</b>", `"<b>&</b>"`},
		{"\b\f\n\r\t", `"\b\f\n\r\t"`},
		{"\x00\x01\x1f\x7f", "\"\\u0000\\u0001\\u001f\x7f\""},
		{"line\u2028para\u2029", `"line\u2028para\u2029"`},
		{"é \xff \xe2\x80 Հ", "\"é \\ufffd \\ufffd\\ufffd Հ\""},
	} {
		if got := string(appendString([]byte("x"), c.s)); got != "x"+c.want {
			t.Errorf("appendString(%q) = %s, want %s", c.s, got[1:], c.want)
		}
	}
}

// readBack is what ReadJSON gives for the JSON WriteJSON writes of r, for
// reports whose lists are all non-empty: each byte that is not valid UTF-8
// reads back as U+FFFD.
func readBack(s string) string {
	var b strings.Builder
	for _, r := range s { // yields U+FFFD for each invalid byte
		b.WriteRune(r)
	}
	return b.String()
}

// fuzzReport builds a report of two documents and one family from the
// fuzz input: a, b and their concatenation ab fill its strings, n its
// integers, f its numbers.
func fuzzReport(a, b, ab string, n int, f float64) *Report {
	return &Report{
		Version: Version,
		Params:  Params{Threshold: f, Stopwords: a, Language: b, Seed: uint64(n) << 60, Shingle: -n},
		Documents: []Document{
			{ID: a, Title: b, Source: ab, Date: b, URL: a, Bytes: n},
			{ID: b, Title: a, URL: b},
		},
		Clusters: []Cluster{{
			ID: 1, Kind: a, Documents: 2,
			Origin:    Origin{Doc: a, Date: b, Note: a, Tied: []string{b, a}},
			Canonical: ab,
			Passages: []Passage{
				{Doc: a, Similarity: f, Text: a, Title: b, Origin: true, Diff: []DiffOp{{Op: a, Text: b}}},
				{Doc: b, Similarity: -f / 3, Text: b, Date: a, Source: b},
			},
		}},
	}
}

func FuzzWriteJSON(f *testing.F) {
	f.Add("", "", 0.0)
	f.Add("a <b> & \"c\" \\ d", "\x00\x1f\u2028\u2029\xff", 1e-7)
	f.Add("Հայաստան 日本語 😀", "\xe2\x80\xa8\xe2\x80", 1e21)
	for _, id := range []string{"a.txt", "b.txt", "c.txt"} {
		f.Add(id, harbourTexts[id], 0.62)
	}
	f.Fuzz(func(t *testing.T, a, b string, sim float64) {
		n := len(a) - len(b)
		r := fuzzReport(a, b, a+b, n, sim)
		var got bytes.Buffer
		err := WriteJSON(&got, r)
		if math.IsNaN(sim) || math.IsInf(sim, 0) {
			if !errors.Is(err, ErrNotFinite) || got.Len() > 0 {
				t.Fatalf("similarity %v: got %v and %d bytes, want ErrNotFinite and nothing written", sim, err, got.Len())
			}
			return
		}
		if err != nil {
			t.Fatal(err)
		}
		if want := referenceJSON(t, r); !bytes.Equal(got.Bytes(), want) {
			t.Fatalf("WriteJSON differs from the reference encoding:\n%s\nwant:\n%s", got.Bytes(), want)
		}
		withPieces(t, 1, 2) // a passage a piece, on two goroutines
		var inPieces bytes.Buffer
		if err := WriteJSON(&inPieces, r); err != nil || !bytes.Equal(got.Bytes(), inPieces.Bytes()) {
			t.Fatalf("WriteJSON in pieces differs (%v):\n%s\nwant:\n%s", err, inPieces.Bytes(), got.Bytes())
		}
		back, err := ReadJSON(&got)
		if err != nil {
			t.Fatal(err)
		}
		want := fuzzReport(readBack(a), readBack(b), readBack(a+b), n, sim)
		if a == "" {
			want.Documents[0].URL = "" // omitted, reads back empty
		}
		if !reflect.DeepEqual(back, want) {
			t.Fatalf("read back:\n%+v\nwant:\n%+v", back, want)
		}
	})
}

func TestWriteJSONNotFinite(t *testing.T) {
	nanThreshold := harbourReport(t)
	nanThreshold.Params.Threshold = math.NaN()
	infSimilarity := harbourReport(t)
	infSimilarity.Clusters[1].Passages[1].Similarity = math.Inf(1)
	negInf := harbourReport(t)
	negInf.Clusters[0].Passages[2].Similarity = math.Inf(-1)
	for name, c := range map[string]struct {
		r    *Report
		want string
	}{
		"nan threshold":      {nanThreshold, "threshold is NaN"},
		"infinite sim":       {infSimilarity, `family 2, passage 2 (document "b.txt") has similarity +Inf`},
		"minus infinite sim": {negInf, `family 1, passage 3 (document "b.txt") has similarity -Inf`},
	} {
		var b bytes.Buffer
		err := WriteJSON(&b, c.r)
		if !errors.Is(err, ErrNotFinite) || !strings.Contains(err.Error(), c.want) {
			t.Errorf("%s: got error %v, want ErrNotFinite saying %q", name, err, c.want)
		}
		if b.Len() > 0 {
			t.Errorf("%s: %d bytes written before the error", name, b.Len())
		}
		if _, err := json.Marshal(c.r); err == nil {
			t.Errorf("%s: encoding/json accepts the report WriteJSON refuses", name)
		}
	}
}

// familiesReport is benchReport with its families repeated or cut to n.
func familiesReport(n int) *Report {
	r := benchReport()
	fams := r.Clusters
	r.Clusters = make([]Cluster, n)
	for i := range r.Clusters {
		r.Clusters[i] = fams[i%len(fams)]
		r.Clusters[i].ID = i + 1
	}
	return r
}

func TestWriteJSONAllocs(t *testing.T) {
	small, large := familiesReport(10), familiesReport(1000)
	allocs := func(r *Report) float64 {
		return testing.AllocsPerRun(5, func() {
			if err := WriteJSON(io.Discard, r); err != nil {
				t.Fatal(err)
			}
		})
	}
	a, b := allocs(small), allocs(large)
	if b-a > 2 || a-b > 2 || b > 4 {
		t.Errorf("allocations: %v for 10 families, %v for 1000; want a few, the same for both", a, b)
	}

	// AllocsPerRun runs on one core, so WriteJSON encodes on one
	// goroutine there; in pieces, on two, allocations do not grow with the
	// report either.
	withPieces(t, jsonFlushSize, 2)
	inPieces := func(r *Report) uint64 {
		var before, after runtime.MemStats
		runtime.ReadMemStats(&before)
		for range 5 {
			if err := WriteJSON(io.Discard, r); err != nil {
				t.Fatal(err)
			}
		}
		runtime.ReadMemStats(&after)
		return (after.Mallocs - before.Mallocs) / 5
	}
	large2 := familiesReport(3000)
	a2, b2 := inPieces(large), inPieces(large2)
	if b2 > a2+2 || a2 > b2+2 || b2 > 16 {
		t.Errorf("allocations in pieces: %v for 1000 families, %v for 3000; want a few, the same for both", a2, b2)
	}
}

// writeRecorder keeps the size of each write and can fail from a given
// write on.
type writeRecorder struct {
	sizes  []int
	failAt int // the write that fails, counted from 1; 0 for none
}

var errRecorder = errors.New("disk full")

func (w *writeRecorder) Write(p []byte) (int, error) {
	w.sizes = append(w.sizes, len(p))
	if len(w.sizes) == w.failAt {
		return 0, errRecorder
	}
	return len(p), nil
}

func TestWriteJSONFlushesInPieces(t *testing.T) {
	t.Run("one goroutine", func(t *testing.T) {
		withPieces(t, jsonFlushSize, 1)
		testFlushesInPieces(t)
	})
	t.Run("two goroutines", func(t *testing.T) {
		withPieces(t, jsonFlushSize, 2)
		testFlushesInPieces(t)
	})
}

func testFlushesInPieces(t *testing.T) {
	r := familiesReport(1000) // several megabytes
	var w writeRecorder
	if err := WriteJSON(&w, r); err != nil {
		t.Fatal(err)
	}
	// A piece passes the mark by at most one passage, of under 4 KiB here.
	total := 0
	for i, n := range w.sizes {
		total += n
		if n > jsonFlushSize+4<<10 || (n < jsonFlushSize && i < len(w.sizes)-1) {
			t.Errorf("write %d of %d is %d bytes, want about %d", i+1, len(w.sizes), n, jsonFlushSize)
		}
	}
	if total < 20*jsonFlushSize {
		t.Fatalf("only %d bytes written", total)
	}

	w = writeRecorder{failAt: 3}
	err := WriteJSON(&w, r)
	if !errors.Is(err, errRecorder) {
		t.Errorf("got %v, want the writer's error", err)
	}
	if len(w.sizes) != 3 {
		t.Errorf("%d writes, want none after the failed third", len(w.sizes))
	}
}

func BenchmarkAppendString(b *testing.B) {
	for _, c := range []struct{ name, s string }{
		{"ascii", strings.Repeat("the harbour reopened after the storm ", 30)},
		{"armenian", strings.Repeat("Նավահանգիստը վերաբացվեց փոթորկից հետո ", 30)},
		{"escapes", strings.Repeat("line\n\"quoted\"\ttab\\ ", 30)},
	} {
		b.Run(c.name, func(b *testing.B) {
			buf := make([]byte, 0, 4*len(c.s))
			b.SetBytes(int64(len(c.s)))
			b.ReportAllocs()
			for b.Loop() {
				buf = appendString(buf[:0], c.s)
			}
		})
	}
}

// The lowest byte unsafeBytes marks is the first byte that needs escaping
// or is not ASCII, and it marks one whenever there is one.
func TestUnsafeBytesFirst(t *testing.T) {
	rng := rand.New(rand.NewPCG(21, 22))
	pick := []byte{0, 1, 0x1f, 0x20, '!', '"', '#', '\\', ']', 'a', 'z', 0x7f, 0x80, 0xc3, 0xff}
	for range 200000 {
		var b [8]byte
		for j := range b {
			if rng.IntN(3) == 0 {
				b[j] = pick[rng.IntN(len(pick))]
			} else {
				b[j] = byte(0x20 + rng.IntN(0x60))
			}
		}
		want := -1
		for j, c := range b {
			if c < 0x20 || c == '"' || c == '\\' || c >= 0x80 {
				want = j
				break
			}
		}
		m := unsafeBytes(binary.LittleEndian.Uint64(b[:]))
		got := -1
		if m != 0 {
			got = bits.TrailingZeros64(m) >> 3
		}
		if got != want {
			t.Fatalf("% x: first unsafe byte %d, want %d", b, got, want)
		}
	}
}
