package main

import (
	"strings"
	"testing"
)

// TestRun checks the example's promise: the Mirzoyan family, with the
// three articles that carry it and 002's "road" for "corridor".
func TestRun(t *testing.T) {
	var out strings.Builder
	if err := run("../../testdata/karabakh", &out); err != nil {
		t.Fatal(err)
	}
	got := out.String()
	for _, want := range []string{"3 documents", "000_04391fb5481dc2ef.txt", "001_7307909e540cd7b0.txt", "002_36b146ee9c8f3f18.txt", "- corridor\n", "+ road\n"} {
		if !strings.Contains(got, want) {
			t.Errorf("output lacks %q:\n%s", want, got)
		}
	}
	if err := run(t.TempDir(), &out); err == nil {
		t.Error("an empty folder gave no error")
	}
}
