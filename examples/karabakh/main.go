// Command karabakh runs neardup on the seed articles in testdata/karabakh
// and prints the family of the paragraph about Norayr Mirzoyan's grenade
// attack: which articles carry it, where, and what each copy changed.
//
//	go run ./examples/karabakh [folder]
package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log"
	"os"
	"path/filepath"
	"strings"

	"github.com/neardup/neardup"
	"github.com/neardup/neardup/report"
)

func main() {
	dir := "testdata/karabakh"
	if len(os.Args) > 1 {
		dir = os.Args[1]
	}
	if err := run(dir, os.Stdout); err != nil {
		log.Fatalf("karabakh: %v", err)
	}
}

func run(dir string, w io.Writer) error {
	paths, err := filepath.Glob(filepath.Join(dir, "*.txt"))
	if err != nil || len(paths) == 0 {
		return fmt.Errorf("no .txt files in %s (run from the repository root or name the folder)", dir)
	}
	var docs []neardup.Document
	for _, p := range paths {
		text, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		docs = append(docs, neardup.Document{ID: filepath.Base(p), Text: string(text)})
	}

	r, err := neardup.Run(context.Background(), docs, neardup.Options{})
	if err != nil {
		return err
	}
	for _, c := range r.Clusters {
		if !strings.Contains(c.Canonical, "Norayr Mirzoyan") {
			continue
		}
		fmt.Fprintf(w, "family %d: %d documents\n", c.ID, c.Documents)
		for _, p := range c.Passages {
			fmt.Fprintf(w, "  %s bytes %d-%d, similarity %.2f\n", p.Doc, p.Start, p.End, p.Similarity)
			for _, d := range p.Diff {
				switch d.Op {
				case report.OpInsert:
					fmt.Fprintf(w, "    + %s\n", d.Text)
				case report.OpDelete:
					fmt.Fprintf(w, "    - %s\n", d.Text)
				}
			}
		}
		return nil
	}
	return errors.New("the Mirzoyan family was not found")
}
