package neardup

import (
	"context"
	"runtime"
	"sync"
	"sync/atomic"
)

// workers returns the number of goroutines a run may use.
func (o Options) workers() int {
	if o.Workers > 0 {
		return o.Workers
	}
	return runtime.GOMAXPROCS(0)
}

// forEach calls fn(worker, i) for i in [0, n) on up to w goroutines; each
// worker index is used by one goroutine at a time, so fn may keep scratch
// state per worker. Results must be written by index: the order of calls is
// not fixed. It stops early when ctx is done.
func forEach(ctx context.Context, n, w int, fn func(worker, i int)) error {
	w = max(1, min(w, n))
	var next atomic.Int64
	var wg sync.WaitGroup
	for k := 0; k < w; k++ {
		wg.Add(1)
		go func(worker int) {
			defer wg.Done()
			for {
				i := int(next.Add(1) - 1)
				if i >= n || ctx.Err() != nil {
					return
				}
				fn(worker, i)
			}
		}(k)
	}
	wg.Wait()
	return ctx.Err()
}
