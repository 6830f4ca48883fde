package neardup

import (
	"context"
	"fmt"
	"testing"
)

func TestZZCount(t *testing.T) {
	docs, _ := stageCorpus(nil)
	ctx := context.Background()
	c, _ := newCorpus(docs, Options{})
	c.scan(ctx)
	w := c.sketch(ctx)
	seen := map[uint64]bool{}
	dup := 0
	for _, k := range w.key {
		if seen[k] {
			dup++
		}
		seen[k] = true
	}
	nm := 0
	for _, m := range c.masks {
		if len(m) > 0 {
			nm++
		}
	}
	fmt.Println("windows", len(w.key), "dups", dup, "docs", len(docs), "masked docs", nm)
}
