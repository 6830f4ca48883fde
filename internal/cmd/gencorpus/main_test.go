package main

import (
	"bufio"
	"bytes"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/neardup/neardup/internal/corpus"
)

func readLines[T any](t *testing.T, path string) []T {
	t.Helper()
	f, err := os.Open(path)
	require.NoError(t, err)
	defer f.Close()
	var out []T
	sc := bufio.NewScanner(f)
	sc.Buffer(nil, 1<<24)
	for sc.Scan() {
		var v T
		require.NoError(t, json.Unmarshal(sc.Bytes(), &v))
		out = append(out, v)
	}
	require.NoError(t, sc.Err())
	return out
}

func TestRunWritesCorpusAndTruth(t *testing.T) {
	dir := t.TempDir()
	out := filepath.Join(dir, "corpus.jsonl")
	truth := filepath.Join(dir, "truth.jsonl")
	var stderr bytes.Buffer
	err := run([]string{"-bytes", "200000", "-seed", "4", "-o", out, "-truth", truth}, &bytes.Buffer{}, &stderr)
	require.NoError(t, err, stderr.String())

	cfg := corpus.DefaultConfig()
	cfg.Bytes, cfg.Seed = 200000, 4
	want, err := corpus.Generate(cfg)
	require.NoError(t, err)

	type record struct{ ID, Text, Title, Source, Date, URL string }
	got := readLines[record](t, out)
	require.Len(t, got, len(want.Docs))
	for i, d := range want.Docs {
		assert.Equal(t, record{d.ID, d.Text, d.Title, d.Source, d.Date, d.URL}, got[i])
	}
	// Only the six documented fields, in lower case.
	first, err := os.ReadFile(out)
	require.NoError(t, err)
	line := first[:bytes.IndexByte(first, '\n')]
	var fields map[string]any
	require.NoError(t, json.Unmarshal(line, &fields))
	assert.Len(t, fields, 6)
	for _, k := range []string{"id", "text", "title", "source", "date", "url"} {
		assert.Contains(t, fields, k)
	}

	fams := readLines[corpus.Family](t, truth)
	assert.Equal(t, want.Families, fams)

	// No temporary files are left behind.
	entries, err := os.ReadDir(dir)
	require.NoError(t, err)
	assert.Len(t, entries, 2)
}

func TestRunRejectsBadFlags(t *testing.T) {
	dir := t.TempDir()
	out := filepath.Join(dir, "c.jsonl")
	err := run([]string{"-bytes", "0", "-o", out}, &bytes.Buffer{}, &bytes.Buffer{})
	require.ErrorIs(t, err, corpus.ErrConfig)
	_, statErr := os.Stat(out)
	assert.True(t, os.IsNotExist(statErr))

	err = run([]string{"-o", filepath.Join(dir, "missing", "c.jsonl"), "-bytes", "1000"}, &bytes.Buffer{}, &bytes.Buffer{})
	require.Error(t, err)
	assert.Contains(t, err.Error(), "missing")

	err = run([]string{"extra"}, &bytes.Buffer{}, &bytes.Buffer{})
	require.Error(t, err)
	entries, _ := os.ReadDir(dir)
	assert.Empty(t, entries)
}

func TestRunStdout(t *testing.T) {
	var stdout bytes.Buffer
	require.NoError(t, run([]string{"-bytes", "20000"}, &stdout, &bytes.Buffer{}))
	lines := strings.Split(strings.TrimSuffix(stdout.String(), "\n"), "\n")
	assert.NotEmpty(t, lines)
	assert.True(t, strings.HasPrefix(lines[0], `{"id":"outlet-`), lines[0][:40])
}
