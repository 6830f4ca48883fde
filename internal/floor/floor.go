// Package floor is the least work any tool that looks at all the text of
// a corpus must do: read every byte once, and split the text into words
// once. neardup's benchmarks and the peer comparison (bench/peers) both
// measure the whole job against it, so both use this one definition.
package floor

import (
	"strings"

	"github.com/cespare/xxhash/v2"
	"github.com/neardup/neardup"
)

// Read reads every byte of every text once, with xxhash, and returns the
// hashes XORed together.
func Read(docs []neardup.Document) uint64 {
	var h uint64
	for _, d := range docs {
		h ^= xxhash.Sum64String(d.Text)
	}
	return h
}

// Split splits every text into white-space separated words once and
// returns how many there are.
func Split(docs []neardup.Document) int {
	n := 0
	for _, d := range docs {
		for range strings.FieldsSeq(d.Text) {
			n++
		}
	}
	return n
}
