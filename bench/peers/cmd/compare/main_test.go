package main

import (
	"testing"

	"github.com/neardup/neardup"
)

func TestDescribe(t *testing.T) {
	for _, c := range []struct {
		o    neardup.Options
		want string
	}{
		{neardup.Options{}, "default options"},
		{neardup.Options{Stride: 16}, "options stride 16"},
		{neardup.Options{Window: 30, Hashes: 32}, "options window 30, hashes 32"},
	} {
		if got := describe(c.o); got != c.want {
			t.Errorf("describe(%+v) = %q, want %q", c.o, got, c.want)
		}
	}
}
