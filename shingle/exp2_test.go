package shingle

import (
	"fmt"
	"github.com/cespare/xxhash/v2"
	"os"
	"runtime"
	"sort"
	"syscall"
	"testing"
	"time"
	"unsafe"
)

func threadCPU() time.Duration {
	var ts syscall.Timespec
	syscall.Syscall(syscall.SYS_CLOCK_GETTIME, 3, uintptr(unsafe.Pointer(&ts)), 0)
	return time.Duration(ts.Nano())
}

// cpuBench runs f reps times and returns the median thread CPU time per run.
func cpuBench(reps int, f func()) time.Duration {
	runtime.LockOSThread()
	defer runtime.UnlockOSThread()
	f()
	ds := make([]time.Duration, reps)
	for i := range ds {
		t0 := threadCPU()
		f()
		ds[i] = threadCPU() - t0
	}
	sort.Slice(ds, func(i, j int) bool { return ds[i] < ds[j] })
	return ds[reps/4]
}

func TestExpCPU(t *testing.T) {
	if os.Getenv("EXP") == "" {
		t.Skip()
	}
	news, text := benchCorpus()
	var tok Tokenizer
	words := tok.AppendWords(nil, text)
	var short []Word
	for _, w := range words {
		if w.End-w.Start < 32 && scanAlnum(text, int(w.Start)) == int(w.End) {
			short = append(short, w)
		}
	}
	var sink uint64
	mb := func(d time.Duration, n int) string {
		return fmt.Sprintf("%v (%.0f MB/s)", d, float64(n)/d.Seconds()/1e6)
	}
	for round := 0; round < 2; round++ {
		fmt.Println("xxhash ", cpuBench(30, func() {
			for _, w := range short {
				sink += xxhash64s(text[w.Start:w.End])
			}
		}))
		fmt.Println("branchy", cpuBench(30, func() {
			for _, w := range short {
				sink += hashLowerBranchy(text[w.Start:w.End])
			}
		}))
		fmt.Println("cmov   ", cpuBench(30, func() {
			for _, w := range short {
				sink += hashLower(text[w.Start:w.End])
			}
		}))
		fmt.Println("words ascii", mb(cpuBench(30, func() { words = tok.AppendWords(words[:0], text) }), len(text)))
		fmt.Println("words news ", mb(cpuBench(30, func() { words = tok.AppendWords(words[:0], news) }), len(news)))
		var sh []Shingle
		fmt.Println("w+s ascii", mb(cpuBench(30, func() { words = tok.AppendWords(words[:0], text); sh = AppendShingles(sh[:0], words, 3, 1) }), len(text)))
	}
	_ = sink
}
func xxhash64s(s string) uint64 { return xxhash.Sum64String(s) }
