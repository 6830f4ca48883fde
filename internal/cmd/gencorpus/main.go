// Command gencorpus writes a synthetic news corpus as JSON Lines, one
// document a line with the fields id, text, title, source, date and url,
// for measuring neardup on inputs too large to keep in a repository:
//
//	go run ./internal/cmd/gencorpus -bytes 1000000000 -seed 1 -o corpus.jsonl
//
// Documents are streamed, so memory stays small whatever -bytes is. The
// output is written to a temporary file beside the target and renamed into
// place at the end, so an interrupted run leaves no half-written corpus.
// With -truth, the ground truth (reuse and boilerplate families with their
// byte spans) is written the same way, one family a line.
package main

import (
	"bufio"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"path/filepath"

	"github.com/neardup/neardup/internal/corpus"
)

func main() {
	if err := run(os.Args[1:], os.Stdout, os.Stderr); err != nil {
		if !errors.Is(err, flag.ErrHelp) {
			fmt.Fprintln(os.Stderr, "gencorpus:", err)
		}
		os.Exit(2)
	}
}

func run(args []string, stdout, stderr io.Writer) error {
	def := corpus.DefaultConfig()
	fs := flag.NewFlagSet("gencorpus", flag.ContinueOnError)
	fs.SetOutput(stderr)
	cfg := def
	fs.IntVar(&cfg.Bytes, "bytes", def.Bytes, "approximate total text size in bytes")
	fs.Uint64Var(&cfg.Seed, "seed", def.Seed, "random seed; the same flags give the same corpus")
	fs.IntVar(&cfg.Outlets, "outlets", def.Outlets, "number of news outlets")
	fs.IntVar(&cfg.Topics, "topics", def.Topics, "number of topics")
	fs.Float64Var(&cfg.ReuseRate, "reuse", def.ReuseRate, "share of articles that copy a passage")
	out := fs.String("o", "-", "output file (- for standard output)")
	truth := fs.String("truth", "", "also write the families (ground truth) to this file")
	if err := fs.Parse(args); err != nil {
		return err
	}
	if fs.NArg() > 0 {
		return fmt.Errorf("unexpected argument %q", fs.Arg(0))
	}
	if err := cfg.Validate(); err != nil {
		return err
	}

	docs, err := create(*out, stdout)
	if err != nil {
		return err
	}
	defer docs.abort()
	var fams *output
	var onFamily func(corpus.Family) error
	if *truth != "" {
		if fams, err = create(*truth, stdout); err != nil {
			return err
		}
		defer fams.abort()
		onFamily = func(f corpus.Family) error { return fams.encode(f) }
	}
	if err := corpus.Stream(cfg, func(d corpus.Doc) error { return docs.encode(d) }, onFamily); err != nil {
		return err
	}
	if fams != nil {
		if err := fams.commit(); err != nil {
			return err
		}
	}
	return docs.commit()
}

// output is a JSON Lines file being written under a temporary name.
type output struct {
	name string // final name; "" for standard output
	tmp  *os.File
	w    *bufio.Writer
	enc  *json.Encoder
	done bool
}

func create(name string, stdout io.Writer) (*output, error) {
	o := &output{}
	var w io.Writer = stdout
	if name != "-" {
		tmp, err := os.CreateTemp(filepath.Dir(name), "."+filepath.Base(name)+".tmp*")
		if err != nil {
			return nil, fmt.Errorf("create %s: %w", name, err)
		}
		o.name, o.tmp, w = name, tmp, tmp
	}
	o.w = bufio.NewWriterSize(w, 1<<20)
	o.enc = json.NewEncoder(o.w)
	o.enc.SetEscapeHTML(false)
	return o, nil
}

func (o *output) encode(v any) error {
	if err := o.enc.Encode(v); err != nil {
		return fmt.Errorf("write %s: %w", o.display(), err)
	}
	return nil
}

func (o *output) display() string {
	if o.name == "" {
		return "standard output"
	}
	return o.name
}

// commit flushes the output and moves it to its final name.
func (o *output) commit() error {
	if err := o.w.Flush(); err != nil {
		return fmt.Errorf("write %s: %w", o.display(), err)
	}
	if o.tmp == nil {
		o.done = true
		return nil
	}
	// CreateTemp makes the file private; the corpus is an ordinary file.
	if err := o.tmp.Chmod(0o644); err != nil {
		return fmt.Errorf("write %s: %w", o.name, err)
	}
	if err := o.tmp.Close(); err != nil {
		return fmt.Errorf("write %s: %w", o.name, err)
	}
	if err := os.Rename(o.tmp.Name(), o.name); err != nil {
		return fmt.Errorf("rename to %s: %w", o.name, err)
	}
	o.done = true
	return nil
}

// abort removes the temporary file of an output that was not committed.
func (o *output) abort() {
	if o.done || o.tmp == nil {
		return
	}
	o.tmp.Close()
	os.Remove(o.tmp.Name())
}
