package neardup

import (
	"strings"
	"testing"
)

func TestIsVariable(t *testing.T) {
	for w, want := range map[string]bool{
		"2024": true, "14:02": true, "a1": true, "July": true, "JULY": true, "sept": true, "Sep": true,
		"may": true, "ſep": true, "Dec": true, "update": false, "last": false, "mayday": false,
		"ju": false, "september": true, "septembers": false, "xyz": false, "Ǆan": false, "The": false,
	} {
		if got := isVariable(w); got != want {
			t.Errorf("isVariable(%q) = %v, want %v", w, got, want)
		}
	}
	// The first-letter shortcut agrees with comparing every month.
	for _, w := range strings.Fields("Jan jan JAN Feb mar Apr aug Oct nov DEC june July jUlY august Sept October Kelvin kelvin ſept ſep Ｊan SEPTEMBER sEpTeMbEr Septembe Septembre Ma May_ Ju Marc March Marche DEc Nove DEcember jAN") {
		want := false
		for _, m := range months {
			want = want || strings.EqualFold(w, m)
		}
		if got := isVariable(w); got != want {
			t.Errorf("isVariable(%q) = %v, months say %v", w, got, want)
		}
	}
}

func BenchmarkIsVariable(b *testing.B) {
	words := strings.Fields("Last update July 20 2024 Share this article on Facebook Twitter Email More from Daily News Jan march Sept Monday about after")
	b.ReportAllocs()
	for b.Loop() {
		for _, w := range words {
			isVariable(w)
		}
	}
}
