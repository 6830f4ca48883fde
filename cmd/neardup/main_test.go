package main

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/neardup/neardup"
	"github.com/neardup/neardup/report"
)

// helperArgsEnv, when set in the environment, makes the test binary run the
// command itself with these arguments (separated by newlines), so that tests
// can run it in a subprocess with real files as stdout and stderr and with
// GOMAXPROCS set from outside.
const helperArgsEnv = "NEARDUP_TEST_RUN_ARGS"

func TestMain(m *testing.M) {
	if args, ok := os.LookupEnv(helperArgsEnv); ok {
		os.Exit(run(context.Background(), strings.Split(args, "\n"), os.Stdin, os.Stdout, os.Stderr))
	}
	os.Exit(m.Run())
}

// runCLI runs the command in-process.
func runCLI(t *testing.T, stdin string, args ...string) (code int, stdout, stderr string) {
	t.Helper()
	var out, errb bytes.Buffer
	code = run(context.Background(), args, strings.NewReader(stdin), &out, &errb)
	return code, out.String(), errb.String()
}

// runSubprocess runs the command as a separate process with extra
// environment variables, returning its exit status and outputs.
func runSubprocess(t *testing.T, env []string, args ...string) (code int, stdout, stderr []byte) {
	t.Helper()
	cmd := exec.Command(os.Args[0], "-test.run=^$")
	cmd.Env = append(append(os.Environ(), helperArgsEnv+"="+strings.Join(args, "\n")), env...)
	var out, errb bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &errb
	err := cmd.Run()
	if ee, ok := err.(*exec.ExitError); ok {
		return ee.ExitCode(), out.Bytes(), errb.Bytes()
	}
	require.NoError(t, err)
	return 0, out.Bytes(), errb.Bytes()
}

// writeFiles creates files under dir; names use '/'.
func writeFiles(t *testing.T, dir string, files map[string]string) {
	t.Helper()
	for name, body := range files {
		p := filepath.Join(dir, filepath.FromSlash(name))
		require.NoError(t, os.MkdirAll(filepath.Dir(p), 0o755))
		require.NoError(t, os.WriteFile(p, []byte(body), 0o644))
	}
}

// inTempDir makes a temporary folder the working directory, so that paths
// and messages are short and relative.
func inTempDir(t *testing.T) string {
	t.Helper()
	dir := t.TempDir()
	t.Chdir(dir)
	return dir
}

func TestUsageErrors(t *testing.T) {
	dir := inTempDir(t)
	writeFiles(t, dir, map[string]string{"a.txt": "some words"})
	tests := []struct {
		name string
		args []string
		want string // first line of stderr
	}{
		{"unknown flag", []string{"-bogus", "a.txt"}, "neardup: flag provided but not defined: -bogus"},
		{"threshold not a number", []string{"-threshold", "abc", "a.txt"}, `neardup: invalid value "abc" for flag -threshold: parse error`},
		{"threshold above 1", []string{"-threshold", "1.5", "a.txt"}, "neardup: invalid options: threshold 1.5 is not in (0, 1]"},
		{"threshold zero", []string{"-threshold", "0", "a.txt"}, "neardup: invalid options: -threshold 0 is out of range"},
		{"negative shingle", []string{"-shingle", "-1", "a.txt"}, "neardup: invalid options: shingle size -1 is not in [1, 16]"},
		{"window below shingle", []string{"-shingle", "5", "-window", "4", "a.txt"}, "neardup: invalid options: window 4 is not in [shingle size 5, 4096]"},
		{"stride zero", []string{"-stride", "0", "a.txt"}, "neardup: invalid options: -stride 0 is out of range"},
		{"unknown stopwords", []string{"-stopwords", "some", "a.txt"}, `neardup: invalid options: stopwords "some" is not keep, drop or anchor`},
		{"negative workers", []string{"-workers", "-2", "a.txt"}, "neardup: invalid options: workers -2 is negative"},
		{"no PATH", nil, "neardup: no PATH given"},
		{"unknown format", []string{"-format", "xml", "a.txt"}, `neardup: unknown -format "xml": want text, json, md or html`},
		{"stdin twice", []string{"-", "-"}, `neardup: "-" (standard input) given more than once`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			code, stdout, stderr := runCLI(t, "", tt.args...)
			assert.Equal(t, exitUsage, code)
			assert.Empty(t, stdout)
			lines := strings.Split(stderr, "\n")
			assert.Equal(t, tt.want, lines[0])
			assert.Contains(t, stderr, "neardup -h")
		})
	}
}

func TestHelpShowsDefaults(t *testing.T) {
	code, stdout, _ := runCLI(t, "", "-h")
	require.Equal(t, exitOK, code)
	d := neardup.DefaultOptions()
	for _, want := range []string{
		"Usage: neardup [flags] PATH...",
		fmt.Sprintf("(default %v)", d.Threshold),
		fmt.Sprintf("(default %d)", d.Shingle),
		fmt.Sprintf("(default %d)", d.Hashes),
		fmt.Sprintf("(default %d)", d.MinWords),
		fmt.Sprintf("(default %d)", d.Window),
		fmt.Sprintf("(default %d)", d.Seed),
		fmt.Sprintf("(default %q)", d.Stopwords),
		"-format", "-o FILE", "-q", "-no-color", "-version", "-workers",
	} {
		assert.Contains(t, stdout, want)
	}
}

func TestVersion(t *testing.T) {
	code, stdout, stderr := runCLI(t, "", "-version")
	assert.Equal(t, exitOK, code)
	assert.True(t, strings.HasPrefix(stdout, "neardup "), stdout)
	assert.Contains(t, stdout, fmt.Sprintf("report version %d", report.Version))
	assert.Empty(t, stderr)
}

// TestInputErrors checks the message and exit status of each input error a
// user can cause.
func TestInputErrors(t *testing.T) {
	dir := inTempDir(t)
	writeFiles(t, dir, map[string]string{
		"a/x.txt":         "first x",
		"b/x.txt":         "second x",
		"b/y.md":          "y",
		"notes.csv":       "a,b",
		"bad-json.jsonl":  `{"id":"1","text":"one"}` + "\n" + `{"id":"2","text":"two"}` + "\n" + `{"id": "3", text}` + "\n",
		"no-id.jsonl":     `{"text":"one"}` + "\n",
		"empty-id.jsonl":  `{"id":"","text":"one"}` + "\n",
		"no-text.jsonl":   `{"id":"1","text":"one"}` + "\n\n" + `{"id":"2","title":"t"}` + "\n",
		"num-id.jsonl":    `{"id":7,"text":"one"}` + "\n",
		"num-text.jsonl":  `{"id":"7","text":["one"]}` + "\n",
		"array.jsonl":     `["id","text"]` + "\n",
		"bad-date.jsonl":  `{"id":"1","text":"one","date":"2020-13-01"}` + "\n",
		"bad-date2.jsonl": `{"id":"1","text":"one","date":"2020-01-02T10:00:00"}` + "\n",
		"truncated.jsonl": `{"id":"1","text":"one`,
		// Lines 4 and 9 share an id; the blank lines count as lines.
		"dup.jsonl": `{"id":"a","text":"1"}` + "\n" + `{"id":"b","text":"2"}` + "\n\n" +
			`{"id":"x","text":"3"}` + "\n" + `{"id":"c","text":"4"}` + "\n\n   \n" +
			`{"id":"d","text":"5"}` + "\n" + `{"id":"x","text":"6"}` + "\n",
		"x.jsonl": `{"id":"x.txt","text":"clash with a folder's file"}` + "\n",
	})
	tests := []struct {
		name  string
		stdin string
		args  []string
		want  string
	}{
		{"nonexistent folder", "", []string{"nosuch/"}, "neardup: nosuch/: no such file or directory"},
		{"nonexistent file", "", []string{"a", "nosuch.jsonl"}, "neardup: nosuch.jsonl: no such file or directory"},
		{"unsupported file", "", []string{"notes.csv"}, "neardup: notes.csv: not a folder, .jsonl, .txt or .md file"},
		{"invalid JSON", "", []string{"bad-json.jsonl"}, "neardup: bad-json.jsonl:3: invalid JSON: invalid character 't' looking for beginning of object key string"},
		{"truncated JSON", "", []string{"truncated.jsonl"}, "neardup: truncated.jsonl:1: invalid JSON: unexpected end of JSON input"},
		{"missing id", "", []string{"no-id.jsonl"}, `neardup: no-id.jsonl:1: missing "id"`},
		{"empty id", "", []string{"empty-id.jsonl"}, `neardup: empty-id.jsonl:1: empty "id"`},
		{"missing text", "", []string{"no-text.jsonl"}, `neardup: no-text.jsonl:3: missing "text"`},
		{"non-string id", "", []string{"num-id.jsonl"}, `neardup: num-id.jsonl:1: "id" must be a string, not number`},
		{"non-string text", "", []string{"num-text.jsonl"}, `neardup: num-text.jsonl:1: "text" must be a string, not array`},
		{"not an object", "", []string{"array.jsonl"}, `neardup: array.jsonl:1: want a JSON object, found array`},
		{"bad date", "", []string{"bad-date.jsonl"}, `neardup: bad-date.jsonl:1: invalid "date" "2020-13-01": want YYYY-MM-DD or RFC 3339`},
		{"timestamp without zone", "", []string{"bad-date2.jsonl"}, `neardup: bad-date2.jsonl:1: invalid "date" "2020-01-02T10:00:00": want YYYY-MM-DD or RFC 3339`},
		{"duplicate id within a file", "", []string{"dup.jsonl"}, `neardup: duplicate id "x": dup.jsonl:4 and dup.jsonl:9`},
		{"duplicate id across folders", "", []string{"a", "b"}, `neardup: duplicate id "x.txt": a/x.txt and b/x.txt`},
		{"duplicate id across kinds", "", []string{"a", "x.jsonl"}, `neardup: duplicate id "x.txt": a/x.txt and x.jsonl:1`},
		{"duplicate id across files", "", []string{"a/x.txt", "b/x.txt"}, `neardup: duplicate id "x.txt": a/x.txt and b/x.txt`},
		{"stdin", `{"id":"1","text":"one"}` + "\n" + `{"id":"2"}`, []string{"-"}, `neardup: <stdin>:2: missing "text"`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			code, stdout, stderr := runCLI(t, tt.stdin, tt.args...)
			assert.Equal(t, exitFail, code)
			assert.Empty(t, stdout)
			assert.Equal(t, tt.want+"\n", stderr)
		})
	}
}

func TestUnreadableFile(t *testing.T) {
	// Root reads files whatever their permissions, so as root (as in CI)
	// the test runs itself again as an unprivileged user.
	if os.Geteuid() == 0 {
		runAsNobody(t, "TestUnreadableFile")
		return
	}
	dir := inTempDir(t)
	writeFiles(t, dir, map[string]string{"a.txt": "secret", "corpus/b.txt": "secret", "d.jsonl": "{}"})
	for _, p := range []string{"a.txt", "corpus/b.txt", "d.jsonl"} {
		require.NoError(t, os.Chmod(p, 0))
	}
	for _, tt := range []struct{ arg, want string }{
		{"a.txt", "neardup: a.txt: permission denied\n"},
		{"corpus", "neardup: corpus/b.txt: permission denied\n"},
		{"d.jsonl", "neardup: d.jsonl: permission denied\n"},
	} {
		code, _, stderr := runCLI(t, "", tt.arg)
		assert.Equal(t, exitFail, code, tt.arg)
		assert.Equal(t, tt.want, stderr, tt.arg)
	}
}

func TestEmptyFolder(t *testing.T) {
	dir := t.TempDir()
	writeFiles(t, dir, map[string]string{"notes.csv": "not a document", ".git/HEAD.txt": "hidden"})
	code, stdout, stderr := runCLI(t, "", "-format", "json", dir)
	require.Equal(t, exitOK, code, stderr)
	assert.Empty(t, stderr)
	r, err := report.ReadJSON(strings.NewReader(stdout))
	require.NoError(t, err)
	assert.Empty(t, r.Documents)
	assert.Empty(t, r.Clusters)

	// Text output of an empty corpus works too.
	code, stdout, _ = runCLI(t, "", dir)
	assert.Equal(t, exitOK, code)
	assert.NotEmpty(t, stdout)
}

func TestJSONFormat(t *testing.T) {
	dir := t.TempDir()
	writeFiles(t, dir, map[string]string{"a.txt": "one two three", "b.md": "four five six"})
	code, stdout, stderr := runCLI(t, "", "-format", "json", "-threshold", "0.7", "-seed", "42", dir)
	require.Equal(t, exitOK, code, stderr)
	var raw map[string]any
	require.NoError(t, json.Unmarshal([]byte(stdout), &raw))
	assert.Equal(t, 1.0, raw["version"])
	params, ok := raw["params"].(map[string]any)
	require.True(t, ok)
	assert.Equal(t, 0.7, params["threshold"], "flags reach the library")
	assert.Equal(t, 42.0, params["seed"])
	assert.Equal(t, float64(neardup.DefaultOptions().Hashes), params["hashes"], "unset flags take the defaults")
}

func TestOtherFormats(t *testing.T) {
	dir := t.TempDir()
	// The two files share a passage; the token lies outside it, so it shows
	// only if the HTML writer gets the full texts. It is plain letters, so
	// it survives any escaping.
	writeFiles(t, dir, map[string]string{
		"a.txt": "A preface with zqxjvtoken in it.\n\n" + sharedPassage,
		"b.txt": sharedPassage + "\n\nAn ending of another kind.",
	})
	for _, f := range []string{"text", "md", "html"} {
		code, stdout, stderr := runCLI(t, "", "-format", f, dir)
		assert.Equal(t, exitOK, code, f)
		assert.NotEmpty(t, stdout, f)
		assert.Empty(t, stderr, f)
		// Output to a buffer is not a terminal: no colour escapes.
		assert.NotContains(t, stdout, "\x1b[", f)
		if f == "html" {
			assert.True(t, strings.Contains(stdout, "zqxjvtoken"), "HTML gets the full texts")
		}
	}
}

// sharedPassage is long enough to be found as reuse with the defaults.
const sharedPassage = "The regional council voted on Thursday to close the old harbour bridge for " +
	"repairs that engineers say are long overdue, after an inspection found corroded cables " +
	"and cracked supports along most of its length, and the closure is expected to last until spring."

func TestStdinJSONL(t *testing.T) {
	in := "\xef\xbb\xbf" + `{"id":"a","text":"one","date":"2024-05-01","source":"s","title":"T","url":"https://e.org/a"}` + "\r\n" +
		`{"id":"b","text":"two","date":"2024-05-01T08:30:00+04:00"}` + "\r\n"
	code, stdout, stderr := runCLI(t, in, "-format", "json", "-")
	require.Equal(t, exitOK, code, stderr)
	_, err := report.ReadJSON(strings.NewReader(stdout))
	require.NoError(t, err)
}

func TestBinaryFileSkipped(t *testing.T) {
	dir := inTempDir(t)
	writeFiles(t, dir, map[string]string{
		"corpus/a.txt":     "plain words here",
		"corpus/img/x.txt": "GIF89a\x00\x01binary",
	})
	code, stdout, stderr := runCLI(t, "", "-format", "json", "corpus")
	assert.Equal(t, exitOK, code)
	assert.Equal(t, "neardup: warning: skipping binary file corpus/img/x.txt\n", stderr)
	_, err := report.ReadJSON(strings.NewReader(stdout))
	assert.NoError(t, err)
}

func TestProgressSilentWithoutTerminal(t *testing.T) {
	dir := t.TempDir()
	files := map[string]string{}
	for i := range 200 {
		files[fmt.Sprintf("d%03d.txt", i)] = strings.Repeat(fmt.Sprintf("word%d and more words ", i), 200)
	}
	writeFiles(t, dir, files)

	code, _, stderr := runCLI(t, "", dir)
	assert.Equal(t, exitOK, code)
	assert.Empty(t, stderr, "stderr is a buffer, not a terminal")

	// A real file (a pipe) that is not a terminal stays silent too.
	code, _, errb := runSubprocess(t, nil, dir)
	assert.Equal(t, exitOK, code)
	assert.Empty(t, errb, "stderr is a pipe, not a terminal")
}

// TestDeterministic runs the seed corpus with different parallelism and
// requires byte-identical reports.
func TestDeterministic(t *testing.T) {
	corpus, err := filepath.Abs("../../testdata/karabakh")
	require.NoError(t, err)
	var outs [][]byte
	for _, w := range []string{"1", "4"} {
		code, stdout, stderr := runCLI(t, "", "-format", "json", "-workers", w, corpus)
		require.Equal(t, exitOK, code, stderr)
		outs = append(outs, []byte(stdout))
	}
	for _, procs := range []string{"1", "2"} {
		code, stdout, stderr := runSubprocess(t, []string{"GOMAXPROCS=" + procs}, "-format", "json", corpus)
		require.Equal(t, exitOK, code, string(stderr))
		outs = append(outs, stdout)
	}
	for i := 1; i < len(outs); i++ {
		assert.Equal(t, string(outs[0]), string(outs[i]), "run %d differs from run 0", i)
	}
	// The comparison means something only if the report has content.
	r, err := report.ReadJSON(bytes.NewReader(outs[0]))
	require.NoError(t, err)
	assert.Len(t, r.Documents, 5, "every file of the corpus is a document")
	assert.NotEmpty(t, r.Clusters, "the seed articles share passages")
}

// TestOffsetsByteExact checks that passages point at exact input bytes even
// when a file is not valid UTF-8.
func TestOffsetsByteExact(t *testing.T) {
	dir := t.TempDir()
	shared := "the committee met on tuesday to discuss the caf\xe9 closures and the na\xefve plan that " +
		"residents had opposed for months \xff\xfe while the mayor stayed silent on every question asked"
	texts := map[string]string{
		"a.txt": "Opening words of the first article. " + shared + " Closing words of the first.",
		"b.txt": "A different start \x80\x81 for the second one. " + shared + " and then it ends differently.",
	}
	writeFiles(t, dir, texts)
	code, stdout, stderr := runCLI(t, "", "-format", "json", "-min-words", "5", dir)
	require.Equal(t, exitOK, code, stderr)
	r, err := report.ReadJSON(strings.NewReader(stdout))
	require.NoError(t, err)
	// JSON cannot carry invalid UTF-8: the encoder writes U+FFFD for each
	// invalid byte, as ranging over a string decodes it.
	jsonText := func(s string) string {
		var b strings.Builder
		for _, r := range s {
			b.WriteRune(r)
		}
		return b.String()
	}
	require.NotEmpty(t, r.Clusters, "the shared passage is found")
	for _, c := range r.Clusters {
		for _, p := range c.Passages {
			text, ok := texts[p.Doc]
			require.True(t, ok, p.Doc)
			require.True(t, 0 <= p.Start && p.Start <= p.End && p.End <= len(text), "%s [%d:%d]", p.Doc, p.Start, p.End)
			assert.Equal(t, jsonText(text[p.Start:p.End]), p.Text)
		}
	}
}

func TestInterrupted(t *testing.T) {
	dir := t.TempDir()
	writeFiles(t, dir, map[string]string{"a.txt": "one two three"})
	out := filepath.Join(dir, "report.txt")
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	var stdout, stderr bytes.Buffer
	code := run(ctx, []string{"-o", out, dir}, nil, &stdout, &stderr)
	assert.Equal(t, exitFail, code)
	assert.Equal(t, "neardup: interrupted\n", stderr.String())
	assert.NoFileExists(t, out)
	assert.Equal(t, []string{"a.txt"}, dirNames(t, dir))
}

func TestMemoryLimit(t *testing.T) {
	limit, ok := memoryLimit(1<<30, "")
	require.True(t, ok)
	require.Greater(t, limit, neardup.HeapEstimate(1<<30), "room above the live heap")
	require.Less(t, limit, int64(4<<30), "a 1 GB corpus runs in under 4 GB")
	small, ok := memoryLimit(10<<20, "")
	require.True(t, ok)
	require.Less(t, small, int64(700<<20), "a small corpus gets a small limit")
	// 100 MB keeps its words (five times the text) and gets the room.
	mid, ok := memoryLimit(100<<20, "")
	require.True(t, ok)
	require.Greater(t, mid, int64(7*100<<20))
	_, ok = memoryLimit(1<<30, "2GiB")
	require.False(t, ok, "GOMEMLIMIT set by the user wins")
}
