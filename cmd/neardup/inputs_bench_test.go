package main

import (
	"bufio"
	"fmt"
	"math/rand/v2"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// benchWords makes n words of made-up text, the same for every run.
func benchWords(rng *rand.Rand, n int) string {
	var b strings.Builder
	for i := range n {
		if i > 0 {
			b.WriteByte(' ')
		}
		for range 2 + rng.IntN(8) {
			b.WriteByte(byte('a' + rng.IntN(26)))
		}
	}
	return b.String()
}

// BenchmarkReadJSONL reads a 2,000-record JSONL file of about 11 MB.
func BenchmarkReadJSONL(b *testing.B) {
	path := filepath.Join(b.TempDir(), "c.jsonl")
	f, err := os.Create(path)
	if err != nil {
		b.Fatal(err)
	}
	w := bufio.NewWriter(f)
	rng := rand.New(rand.NewPCG(1, 2))
	for i := range 2000 {
		fmt.Fprintf(w, `{"id":"d%d","title":"Title %d","source":"s%d","date":"2024-01-%02d","text":"%s"}`+"\n",
			i, i, i%7, 1+i%28, benchWords(rng, 900))
	}
	if err := w.Flush(); err != nil {
		b.Fatal(err)
	}
	f.Close()
	fi, _ := os.Stat(path)
	b.SetBytes(fi.Size())
	b.ReportAllocs()
	for b.Loop() {
		if _, err := readInputs(b.Context(), []string{path}, nil, 0, inputHooks{}); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkReadFolder reads a folder of 2,000 text files of about 5.6 KB.
func BenchmarkReadFolder(b *testing.B) {
	dir := b.TempDir()
	rng := rand.New(rand.NewPCG(1, 2))
	var size int64
	for i := range 2000 {
		text := benchWords(rng, 900)
		size += int64(len(text))
		p := filepath.Join(dir, fmt.Sprintf("s%d", i%10), fmt.Sprintf("d%04d.txt", i))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			b.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(text), 0o644); err != nil {
			b.Fatal(err)
		}
	}
	b.SetBytes(size)
	b.ReportAllocs()
	for b.Loop() {
		if _, err := readInputs(b.Context(), []string{dir}, nil, 0, inputHooks{}); err != nil {
			b.Fatal(err)
		}
	}
}
