package corpus_test

import (
	"fmt"
	"strings"

	"github.com/neardup/neardup/internal/corpus"
)

func ExampleGenerate() {
	cfg := corpus.DefaultConfig()
	cfg.Bytes = 300 << 10 // about 60 articles
	c, err := corpus.Generate(cfg)
	if err != nil {
		panic(err)
	}
	d := c.Docs[0]
	fmt.Println(d.ID, d.Date, d.Source)

	// The first reuse family: where its passage first ran, and how each
	// later copy changed it.
	for _, f := range c.Families {
		if f.Kind != corpus.KindReuse {
			continue
		}
		for _, o := range f.Occurrences {
			doc, _ := c.Doc(o.Doc)
			passage := doc.Text[o.Start:o.End]
			fmt.Printf("%s %s %-15q %d words\n", doc.ID, doc.Date, o.Edit, len(strings.Fields(passage)))
		}
		break
	}
	// Output:
	// outlet-02/000000 2022-01-03 GandabadPress
	// outlet-08/000003 2022-10-02 ""              54 words
	// outlet-10/000002 2022-12-19 "embed"         54 words
	// outlet-09/000000 2023-01-19 "delete"        50 words
	// outlet-00/000002 2023-04-12 "embed"         54 words
	// outlet-04/000004 2023-05-03 "split"         54 words
}
