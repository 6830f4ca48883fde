package main

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestUseColor(t *testing.T) {
	tests := []struct {
		name    string
		flag    bool
		env     string
		out     string
		tty     bool
		colored bool
	}{
		{"terminal", false, "", "", true, true},
		{"not a terminal", false, "", "", false, false},
		{"-no-color", true, "", "", true, false},
		{"NO_COLOR set", false, "1", "", true, false},
		{"-o given", false, "", "report.txt", true, false},
	}
	for _, tt := range tests {
		assert.Equal(t, tt.colored, useColor(tt.flag, tt.env, tt.out, tt.tty), tt.name)
	}
}

func TestTextWidth(t *testing.T) {
	assert.Equal(t, 80, textWidth(false, 0, ""))
	assert.Equal(t, 80, textWidth(false, 132, ""), "a terminal's width counts only when writing to it")
	assert.Equal(t, 132, textWidth(true, 132, ""))
	assert.Equal(t, 80, textWidth(true, 0, ""), "unknown terminal width")
	assert.Equal(t, 100, textWidth(false, 0, "100"))
	assert.Equal(t, 100, textWidth(true, 132, " 100 "))
	assert.Equal(t, 132, textWidth(true, 132, "wide"), "COLUMNS that is not a number is ignored")
	assert.Equal(t, 80, textWidth(false, 0, "-5"))
}

func TestTerminal(t *testing.T) {
	tty, width := terminal(&bytes.Buffer{})
	assert.False(t, tty)
	assert.Zero(t, width)
	f, err := os.CreateTemp(t.TempDir(), "out")
	if assert.NoError(t, err) {
		defer f.Close()
		tty, _ = terminal(f)
		assert.False(t, tty, "a regular file is not a terminal")
	}
}

// TestColumnsSetsTextWidth runs the seed corpus as text: output that is not
// a terminal is 80 columns wide unless COLUMNS says otherwise.
func TestColumnsSetsTextWidth(t *testing.T) {
	corpus, err := filepath.Abs("../../testdata/karabakh")
	require.NoError(t, err)
	widest := func(s string) int {
		w := 0
		for line := range strings.Lines(s) {
			w = max(w, utf8.RuneCountInString(strings.TrimRight(line, "\n")))
		}
		return w
	}
	t.Setenv("COLUMNS", "")
	code, wide, _ := runCLI(t, "", corpus)
	require.Equal(t, exitOK, code)
	assert.LessOrEqual(t, widest(wide), 80)
	assert.Greater(t, widest(wide), 50)

	t.Setenv("COLUMNS", "50")
	code, narrow, _ := runCLI(t, "", corpus)
	require.Equal(t, exitOK, code)
	assert.LessOrEqual(t, widest(narrow), 50)
}
