package main

import (
	"errors"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/neardup/neardup/report"
)

// dirNames lists the names in dir, hidden ones (temporary files) included.
func dirNames(t *testing.T, dir string) []string {
	t.Helper()
	entries, err := os.ReadDir(dir)
	require.NoError(t, err)
	var names []string
	for _, e := range entries {
		names = append(names, e.Name())
	}
	return names
}

func TestWriteFileAtomicSuccess(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "out.txt")
	require.NoError(t, writeFileAtomic(path, func(w io.Writer) error {
		_, err := io.WriteString(w, "new contents\n")
		return err
	}))
	got, err := os.ReadFile(path)
	require.NoError(t, err)
	assert.Equal(t, "new contents\n", string(got))
	fi, err := os.Stat(path)
	require.NoError(t, err)
	assert.Equal(t, os.FileMode(0o644), fi.Mode().Perm(), "not CreateTemp's 0600")
	assert.Equal(t, []string{"out.txt"}, dirNames(t, dir))

	// Replacing a file keeps its permissions.
	require.NoError(t, os.Chmod(path, 0o640))
	require.NoError(t, writeFileAtomic(path, func(w io.Writer) error {
		_, err := io.WriteString(w, "second")
		return err
	}))
	fi, err = os.Stat(path)
	require.NoError(t, err)
	assert.Equal(t, os.FileMode(0o640), fi.Mode().Perm())
}

func TestWriteFileAtomicFailureKeepsOldFile(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "out.txt")
	require.NoError(t, os.WriteFile(path, []byte("previous report"), 0o644))
	boom := errors.New("boom")
	// Much more than the write buffer, so that part of the output has
	// reached the temporary file before the failure.
	err := writeFileAtomic(path, func(w io.Writer) error {
		if _, err := io.WriteString(w, strings.Repeat("partial ", 100_000)); err != nil {
			return err
		}
		return boom
	})
	assert.ErrorIs(t, err, boom)
	assert.EqualError(t, err, path+": boom")
	got, rerr := os.ReadFile(path)
	require.NoError(t, rerr)
	assert.Equal(t, "previous report", string(got))
	assert.Equal(t, []string{"out.txt"}, dirNames(t, dir), "no temporary file left behind")
}

func TestWriteFileAtomicRenameFailure(t *testing.T) {
	// A non-empty folder cannot be renamed over, even by root: the failure
	// comes after the whole output is written and synced.
	dir := t.TempDir()
	target := filepath.Join(dir, "taken")
	writeFiles(t, target, map[string]string{"keep.txt": "kept"})
	err := writeFileAtomic(target, func(w io.Writer) error {
		_, err := io.WriteString(w, "report")
		return err
	})
	require.Error(t, err)
	assert.True(t, strings.HasPrefix(err.Error(), target+": "), err.Error())
	assert.Equal(t, []string{"taken"}, dirNames(t, dir), "no temporary file left behind")
	got, rerr := os.ReadFile(filepath.Join(target, "keep.txt"))
	require.NoError(t, rerr)
	assert.Equal(t, "kept", string(got))
}

func TestOutputFlag(t *testing.T) {
	dir := inTempDir(t)
	writeFiles(t, dir, map[string]string{"corpus/a.txt": "one two three four"})

	code, stdout, stderr := runCLI(t, "", "-format", "json", "-o", "out/report.json", "corpus")
	assert.Equal(t, exitFail, code)
	assert.Equal(t, "neardup: out: no such file or directory\n", stderr)
	assert.Empty(t, stdout)

	require.NoError(t, os.Mkdir("out", 0o755))
	code, stdout, stderr = runCLI(t, "", "-format", "json", "-o", "out/report.json", "corpus")
	require.Equal(t, exitOK, code, stderr)
	assert.Empty(t, stdout, "the report goes to the file only")
	assert.Empty(t, stderr)
	f, err := os.Open("out/report.json")
	require.NoError(t, err)
	defer f.Close()
	r, err := report.ReadJSON(f)
	require.NoError(t, err)
	assert.Equal(t, report.Version, r.Version)
	assert.Equal(t, []string{"report.json"}, dirNames(t, "out"))
}

func TestOutputFlagFailuresLeaveFileUntouched(t *testing.T) {
	dir := inTempDir(t)
	writeFiles(t, dir, map[string]string{
		"corpus/a.txt": "one two three four",
		"bad.jsonl":    `{"id":"1"}` + "\n",
		"report.txt":   "previous report",
	})

	// An input error: nothing is written.
	code, _, stderr := runCLI(t, "", "-o", "report.txt", "corpus", "bad.jsonl")
	assert.Equal(t, exitFail, code)
	assert.Equal(t, "neardup: bad.jsonl:1: missing \"text\"\n", stderr)

	// A usage error after the file was named: nothing is written either.
	code, _, _ = runCLI(t, "", "-o", "report.txt", "-format", "pdf", "corpus")
	assert.Equal(t, exitUsage, code)

	got, err := os.ReadFile("report.txt")
	require.NoError(t, err)
	assert.Equal(t, "previous report", string(got))

	// -o naming a folder fails before the run, leaving the folder as it was.
	require.NoError(t, os.Mkdir("outdir", 0o755))
	code, _, stderr = runCLI(t, "", "-o", "outdir", "corpus")
	assert.Equal(t, exitFail, code)
	assert.Equal(t, "neardup: outdir: is a directory\n", stderr)
	assert.Empty(t, dirNames(t, "outdir"))

	assert.ElementsMatch(t, []string{"corpus", "bad.jsonl", "report.txt", "outdir"}, dirNames(t, "."), "no temporary file left behind")
}

// failWriter fails every write, like a full disk or a closed pipe.
type failWriter struct{}

func (failWriter) Write([]byte) (int, error) { return 0, errors.New("no space left on device") }

func TestStdoutWriteError(t *testing.T) {
	dir := t.TempDir()
	writeFiles(t, dir, map[string]string{"a.txt": "one two three"})
	for _, f := range []string{"text", "json", "md", "html"} {
		var errb strings.Builder
		code := run(t.Context(), []string{"-format", f, dir}, nil, failWriter{}, &errb)
		assert.Equal(t, exitFail, code, f)
		assert.Contains(t, errb.String(), "no space left on device", f)
		assert.True(t, strings.HasPrefix(errb.String(), "neardup: writing the report: "), errb.String())
	}
}
