package main

import "sync"

// ordered runs work on the jobs that produce emits, on up to workers
// goroutines, and hands the results to consume in the order the jobs were
// emitted, on the calling goroutine. Reading stays sequential where it must
// be (a folder walk, the lines of a file) while the costly part (reading a
// file, decoding JSON) runs in parallel, and documents, warnings and errors
// still come out in input order, so that the first error reported is the
// first in the input whatever the timing.
//
// emit returns false once consume has failed; produce should then stop.
// consume's error wins over produce's, since it concerns earlier input. At
// most 2×workers jobs are in flight, which bounds memory.
func ordered[J, R any](workers int, produce func(emit func(J) bool) error, work func(J) R, consume func(R) error) error {
	workers = max(workers, 1)
	type slot struct {
		job  J
		res  R
		done chan struct{}
	}
	jobs := make(chan *slot)
	queue := make(chan *slot, 2*workers)
	stop := make(chan struct{})

	var wg sync.WaitGroup
	for range workers {
		wg.Go(func() {
			for s := range jobs {
				s.res = work(s.job)
				close(s.done)
			}
		})
	}

	var perr error
	go func() {
		defer close(queue)
		defer close(jobs)
		perr = produce(func(j J) bool {
			s := &slot{job: j, done: make(chan struct{})}
			// The slot takes its place in line before any worker can
			// finish it; the queue's capacity is what bounds the work in
			// flight.
			select {
			case queue <- s:
			case <-stop:
				return false
			}
			select {
			case jobs <- s:
				return true
			case <-stop:
				return false
			}
		})
	}()

	var cerr error
	for s := range queue {
		if cerr != nil {
			continue // drain, so that produce is never stuck on a full queue
		}
		<-s.done
		if err := consume(s.res); err != nil {
			cerr = err
			close(stop)
		}
	}
	wg.Wait()
	if cerr != nil {
		return cerr
	}
	return perr
}
