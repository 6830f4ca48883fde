package floor_test

import (
	"testing"

	"github.com/cespare/xxhash/v2"
	"github.com/neardup/neardup"
	"github.com/neardup/neardup/internal/floor"
	"github.com/stretchr/testify/assert"
)

func TestFloor(t *testing.T) {
	docs := []neardup.Document{{Text: "one two  three\nfour"}, {Text: " five\t"}}
	assert.Equal(t, 5, floor.Split(docs))
	assert.Equal(t, xxhash.Sum64String(docs[0].Text)^xxhash.Sum64String(docs[1].Text), floor.Read(docs))
}
