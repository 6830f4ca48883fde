package peers_test

import (
	"fmt"

	"github.com/neardup/neardup"
	"github.com/neardup/neardup/bench/peers"
)

// The paragraph job finds a paragraph copied with one word changed, and
// reports it as a pair of whole paragraphs, the earlier one first.
func ExampleDgryski() {
	docs := []neardup.Document{
		{ID: "copy", Date: "2024-01-02", Text: "The city council approved a new budget for public libraries, adding evening hours at four branches across town.\n\n" +
			"The harbour authority confirmed on Monday that the northern dock will close for repairs until the end of March."},
		{ID: "first", Date: "2024-01-01", Text: "The harbour authority confirmed on Monday that the northern pier will close for repairs until the end of March.\n\n" +
			"Local farmers expect a late harvest this year because the spring rains arrived three weeks after the usual time."},
	}
	r, err := peers.Dgryski(docs, peers.DefaultConfig())
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(len(r.Paragraphs), "paragraphs,", len(r.Families), "family")
	for _, c := range r.Cases(docs) {
		fmt.Printf("%s[%d:%d] → %s[%d:%d]\n", c.A.Doc, c.A.Start, c.A.End, c.B.Doc, c.B.Start, c.B.End)
	}
	// Output:
	// 4 paragraphs, 1 family
	// first[0:111] → copy[113:224]
}
