package main

import (
	"io"
	"os"
	"strconv"
	"strings"

	"golang.org/x/term"
)

// defaultWidth is the text width when no terminal or COLUMNS says otherwise.
const defaultWidth = 80

// terminal reports whether w is a terminal, and its width in columns (0 when
// unknown). Anything that is not an *os.File, such as a test's buffer, is
// not a terminal.
func terminal(w io.Writer) (bool, int) {
	f, ok := w.(*os.File)
	if !ok || f == nil {
		return false, 0
	}
	fd := int(f.Fd())
	if !term.IsTerminal(fd) {
		return false, 0
	}
	width, _, err := term.GetSize(fd)
	if err != nil || width <= 0 {
		return true, 0
	}
	return true, width
}

// textWidth picks the width of text output: COLUMNS when it holds a positive
// number (the user asked for it), else the terminal's width when output goes
// to a terminal, else defaultWidth.
func textWidth(tty bool, termWidth int, columns string) int {
	if n, err := strconv.Atoi(strings.TrimSpace(columns)); err == nil && n > 0 {
		return n
	}
	if tty && termWidth > 0 {
		return termWidth
	}
	return defaultWidth
}

// useColor decides whether text output is coloured: only on a terminal, never
// into a file, and not when -no-color or a non-empty NO_COLOR
// (https://no-color.org) asks otherwise.
func useColor(noColorFlag bool, noColorEnv, outFile string, stdoutTTY bool) bool {
	return stdoutTTY && outFile == "" && !noColorFlag && noColorEnv == ""
}
