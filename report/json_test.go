package report

import (
	"bytes"
	"encoding/json"
	"errors"
	"reflect"
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
	for name, r := range map[string]*Report{
		"full":        full,
		"empty":       {Version: Version},
		"no clusters": {Version: Version, Documents: full.Documents},
		"no passages": &noPassages,
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
