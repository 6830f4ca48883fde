// Command neardup finds passages of text reused across documents, with or
// without edits, and reports them as families.
//
// Usage:
//
//	neardup [flags] PATH...
//
// A PATH is a folder (its .txt and .md files, recursively), a .jsonl file
// (one JSON object a line with "id" and "text", and optionally "title",
// "source", "url" and "date"), a single .txt or .md file, or "-" for JSONL
// on standard input. The report goes to standard output, or atomically to
// the file named by -o, as text, JSON, Markdown or HTML.
//
// Exit status: 0 on success (an empty corpus gives an empty report), 1 when
// the run fails (bad input, a write error), 2 on a usage error (bad flags,
// no PATH, options out of range).
package main

import (
	"bufio"
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"os/signal"
	"runtime/debug"
	"strings"
	"syscall"

	"github.com/neardup/neardup"
	"github.com/neardup/neardup/report"
)

// version is set at link time with -ldflags "-X main.version=v1.2.3";
// otherwise the module version from the build info is shown.
var version string

// Exit statuses.
const (
	exitOK    = 0
	exitFail  = 1
	exitUsage = 2
)

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	go func() {
		// The first interrupt stops the run cleanly (no half-written -o
		// file, the progress line erased); a second one kills at once.
		<-ctx.Done()
		stop()
	}()
	code := run(ctx, os.Args[1:], os.Stdin, os.Stdout, os.Stderr)
	stop()
	os.Exit(code)
}

// config is the parsed command line.
type config struct {
	format  string
	out     string
	title   string
	quiet   bool
	noColor bool
	version bool
	opts    neardup.Options
	paths   []string
}

// run is the whole command, with its environment passed in so that tests
// can drive it in-process. It returns the exit status.
func run(ctx context.Context, args []string, stdin io.Reader, stdout, stderr io.Writer) int {
	cfg, err := parseFlags(args, stdout)
	if errors.Is(err, flag.ErrHelp) {
		return exitOK
	}
	if err != nil {
		fmt.Fprintf(stderr, "neardup: %s\nRun 'neardup -h' for usage.\n", message(err))
		return exitUsage
	}
	if cfg.version {
		fmt.Fprintf(stdout, "neardup %s (report version %d)\n", buildVersion(), report.Version)
		return exitOK
	}

	if err := runConfig(ctx, cfg, stdin, stdout, stderr); err != nil {
		if errors.Is(err, neardup.ErrInvalidOptions) {
			fmt.Fprintf(stderr, "neardup: %s\nRun 'neardup -h' for usage.\n", message(err))
			return exitUsage
		}
		if ctx.Err() != nil && errors.Is(err, ctx.Err()) {
			fmt.Fprintln(stderr, "neardup: interrupted")
			return exitFail
		}
		fmt.Fprintf(stderr, "neardup: %s\n", message(err))
		return exitFail
	}
	return exitOK
}

// memoryLimit returns the soft memory limit the tool sets for a run over
// text bytes of text, unless the user has set one (env is GOMEMLIMIT).
// By default Go's collector lets the heap grow to twice its live size
// before collecting: 4.5 GB for 1 GB of text, whose live heap peaks at
// 2.3 GB (neardup.HeapEstimate). A third more than the estimate and
// 512 MiB leaves the collector room without that doubling.
func memoryLimit(text int64, env string) (int64, bool) {
	if env != "" {
		return 0, false
	}
	return neardup.HeapEstimate(text)*4/3 + 512<<20, true
}

// runConfig reads the inputs, runs the detection and writes the report.
func runConfig(ctx context.Context, cfg config, stdin io.Reader, stdout, stderr io.Writer) error {
	// Options are checked before any input is read, so that a typo in a
	// flag does not cost a long read.
	if err := cfg.opts.Validate(); err != nil {
		return err
	}
	if cfg.out != "" {
		if err := checkOutputPath(cfg.out); err != nil {
			return err
		}
	}

	stdoutTTY, stdoutWidth := terminal(stdout)
	stderrTTY, stderrWidth := terminal(stderr)
	var m *meter
	if stderrTTY && !cfg.quiet {
		m = newMeter(stderr, stderrWidth)
	}

	in, err := readInputs(ctx, cfg.paths, stdin, cfg.opts.Workers, inputHooks{
		warn: func(msg string) { m.println(stderr, "neardup: warning: "+msg) },
		read: m.reading,
	})
	if err != nil {
		m.clear()
		return err
	}

	if limit, ok := memoryLimit(in.bytes, os.Getenv("GOMEMLIMIT")); ok {
		debug.SetMemoryLimit(limit)
	}

	opts := cfg.opts
	if m != nil {
		m.setTotals(len(in.docs), in.bytes)
		opts.Progress = m.update
	}
	rep, err := neardup.Run(ctx, in.docs, opts)
	m.clear()
	if err != nil {
		return err
	}

	wo := writeOptions{
		format: cfg.format,
		title:  cfg.title,
		width:  textWidth(stdoutTTY && cfg.out == "", stdoutWidth, os.Getenv("COLUMNS")),
		color:  useColor(cfg.noColor, os.Getenv("NO_COLOR"), cfg.out, stdoutTTY),
	}
	if cfg.format == "html" {
		wo.texts = make(map[string]string, len(in.docs))
		for _, d := range in.docs {
			wo.texts[d.ID] = d.Text
		}
	}
	write := func(w io.Writer) error { return writeReport(w, rep, wo) }
	if cfg.out != "" {
		return writeFileAtomic(cfg.out, write)
	}
	bw := bufio.NewWriterSize(stdout, 64<<10)
	if err := write(bw); err != nil {
		return fmt.Errorf("writing the report: %w", err)
	}
	if err := bw.Flush(); err != nil {
		return fmt.Errorf("writing the report: %w", err)
	}
	return nil
}

// parseFlags parses the command line; every error it returns is a usage
// error. Help asked for with -h goes to help, and flag.ErrHelp comes back.
func parseFlags(args []string, help io.Writer) (config, error) {
	d := neardup.DefaultOptions()
	var cfg config
	fs := flag.NewFlagSet("neardup", flag.ContinueOnError)
	// The flag package would print the whole usage after any bad flag; a
	// one-line message and a pointer to -h are easier to read, so its own
	// output is silenced and run says what went wrong.
	fs.SetOutput(io.Discard)
	fs.StringVar(&cfg.format, "format", "text", "report `format`: text, json, md or html")
	fs.StringVar(&cfg.out, "o", "", "write the report to `FILE` (replaced only once the report is complete) instead of standard output")
	fs.StringVar(&cfg.title, "title", "", "`title` of the HTML report (default the report's own)")
	fs.Float64Var(&cfg.opts.Threshold, "threshold", d.Threshold, "Jaccard `similarity` in (0, 1] at which two windows of words match")
	fs.IntVar(&cfg.opts.Shingle, "shingle", d.Shingle, "`words` per shingle")
	fs.IntVar(&cfg.opts.Hashes, "hashes", d.Hashes, "MinHash signature `length`")
	fs.IntVar(&cfg.opts.MinWords, "min-words", d.MinWords, "shortest passage reported, in `words`")
	fs.IntVar(&cfg.opts.Window, "window", d.Window, "`words` per window sketched and indexed")
	fs.IntVar(&cfg.opts.Stride, "stride", 0, fmt.Sprintf("`words` between window starts (default window/2, %d)", d.Window/2))
	fs.StringVar(&cfg.opts.Stopwords, "stopwords", d.Stopwords, "stopword `mode`: keep (shingle every word), drop (skip stopwords) or anchor (shingles start at stopwords)")
	fs.StringVar(&cfg.opts.Language, "language", d.Language, "stopword `language` (ISO 639-1)")
	fs.IntVar(&cfg.opts.Boilerplate, "boilerplate", d.Boilerplate, "`documents` of one source a family must span to count as that source's boilerplate")
	fs.Uint64Var(&cfg.opts.Seed, "seed", d.Seed, "hash `seed`")
	fs.IntVar(&cfg.opts.Workers, "workers", 0, "parallel `workers` (default the number of CPUs); the report does not depend on it")
	fs.BoolVar(&cfg.quiet, "q", false, "no progress line on standard error")
	fs.BoolVar(&cfg.noColor, "no-color", false, "no colour in text output (also when NO_COLOR is set)")
	fs.BoolVar(&cfg.version, "version", false, "print the version and exit")
	usage := func() {
		w := help
		fs.SetOutput(w)
		fmt.Fprint(w, `Usage: neardup [flags] PATH...

neardup finds passages of text reused across documents, with or without
edits, and reports them as families: which documents carry each passage,
which one ran it first, and what each copy changed.

PATH is one of:
  FOLDER        its .txt and .md files, recursively (hidden entries skipped);
                a document's id is its path relative to FOLDER
  FILE.jsonl    one JSON object a line: "id" and "text" (strings) required;
                "title", "source", "url", "date" (YYYY-MM-DD or RFC 3339) optional
  FILE.txt|.md  one document; its id is the file's base name
  -             JSONL on standard input

Exit status: 0 success, 1 failed run (bad input, write error), 2 usage error.

Flags:
`)
		fs.PrintDefaults()
	}
	fs.Usage = func() {}
	if err := fs.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			usage()
		}
		return cfg, err
	}
	if cfg.version {
		return cfg, nil
	}
	cfg.paths = fs.Args()

	bad := func(format string, a ...any) (config, error) {
		return cfg, fmt.Errorf(format, a...)
	}
	switch cfg.format {
	case "text", "json", "md", "html":
	default:
		return bad("unknown -format %q: want text, json, md or html", cfg.format)
	}
	if len(cfg.paths) == 0 {
		return bad("no PATH given")
	}
	stdinCount := 0
	for _, p := range cfg.paths {
		if p == "-" {
			stdinCount++
		}
	}
	if stdinCount > 1 {
		return bad(`"-" (standard input) given more than once`)
	}
	// The library reads a zero option as "use the default"; a zero typed on
	// the command line is a mistake that must not be silently replaced.
	var zeroErr error
	fs.Visit(func(f *flag.Flag) {
		if zeroErr != nil {
			return
		}
		switch f.Name {
		case "threshold", "shingle", "hashes", "min-words", "window", "stride", "boilerplate":
			if f.Value.String() == "0" {
				zeroErr = fmt.Errorf("%w: -%s 0 is out of range", neardup.ErrInvalidOptions, f.Name)
			}
		case "stopwords", "language":
			if f.Value.String() == "" {
				zeroErr = fmt.Errorf("%w: -%s is empty", neardup.ErrInvalidOptions, f.Name)
			}
		}
	})
	if zeroErr != nil {
		return cfg, zeroErr
	}
	return cfg, nil
}

// message renders an error for the "neardup: " prefix: the library's own
// errors already carry that prefix, which would otherwise be doubled.
func message(err error) string {
	s := err.Error()
	for strings.HasPrefix(s, "neardup: ") {
		s = strings.TrimPrefix(s, "neardup: ")
	}
	return s
}

// buildVersion names the version of this binary.
func buildVersion() string {
	if version != "" {
		return version
	}
	if bi, ok := debug.ReadBuildInfo(); ok && bi.Main.Version != "" {
		return bi.Main.Version
	}
	return "(devel)"
}
