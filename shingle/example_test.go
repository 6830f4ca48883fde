package shingle_test

import (
	"fmt"
	"strings"

	"github.com/neardup/neardup/shingle"
)

func ExampleTokenizer_AppendWords() {
	text := "“Azerbaijan’s” peacekeepers—1,960 of them."
	var tok shingle.Tokenizer // reuse it for every text of a goroutine
	words := tok.AppendWords(nil, text)
	for _, w := range words {
		fmt.Printf("%2d-%2d %s\n", w.Start, w.End, text[w.Start:w.End])
	}
	// Spellings that normalise alike hash alike.
	other := tok.AppendWords(nil, "AZERBAIJAN'S")
	fmt.Println(other[0].Hash == words[0].Hash)
	// Output:
	//  3-17 Azerbaijan’s
	// 21-33 peacekeepers
	// 36-41 1,960
	// 42-44 of
	// 45-49 them
	// true
}

func ExampleAppendUnits() {
	text := "First paragraph,\nstill the first.\r\n\r\n  Second paragraph.  \n"
	for _, u := range shingle.AppendUnits(nil, text) {
		fmt.Printf("%d-%d %q\n", u.Start, u.End, text[u.Start:u.End])
	}
	// A text without blank lines is cut into lines.
	fmt.Println(len(shingle.AppendUnits(nil, "one\ntwo\nthree")))
	// Output:
	// 0-33 "First paragraph,\nstill the first."
	// 39-56 "Second paragraph."
	// 3
}

func ExampleAppendShingles() {
	text := "Russian peacekeepers have been deployed"
	words := shingle.AppendWords(nil, text)
	for _, s := range shingle.AppendShingles(nil, words, 3, 1) {
		var run []string
		for _, w := range words[s.First : s.Last+1] {
			run = append(run, w.Text(text))
		}
		fmt.Println(s.First, s.Last, strings.Join(run, " "))
	}
	// Output:
	// 0 2 Russian peacekeepers have
	// 1 3 peacekeepers have been
	// 2 4 have been deployed
}

// Signing needs only the shingles' hashes.
func ExampleAppendShingleHashes() {
	words := shingle.AppendWords(nil, "Russian peacekeepers have been deployed")
	hashes := shingle.AppendShingleHashes(nil, words, 3, 1)
	fmt.Println(len(hashes), hashes[0] == shingle.AppendShingles(nil, words, 3, 1)[0].Hash)
	// Output: 3 true
}
