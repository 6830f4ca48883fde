package main

import (
	"errors"
	"fmt"
	"math/rand/v2"
	"sync/atomic"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
)

func TestOrderedKeepsOrder(t *testing.T) {
	for _, workers := range []int{0, 1, 3, 8} {
		var got []int
		err := ordered(workers,
			func(emit func(int) bool) error {
				for i := range 500 {
					if !emit(i) {
						return nil
					}
				}
				return nil
			},
			func(i int) int {
				// Some jobs take longer, so they finish out of order.
				if rand.IntN(8) == 0 {
					time.Sleep(time.Duration(rand.IntN(200)) * time.Microsecond)
				}
				return i * i
			},
			func(r int) error { got = append(got, r); return nil })
		assert.NoError(t, err)
		want := make([]int, 500)
		for i := range want {
			want[i] = i * i
		}
		assert.Equal(t, want, got, "workers %d", workers)
	}
}

func TestOrderedConsumeErrorStops(t *testing.T) {
	var emitted atomic.Int64
	var consumed []int
	stopAt := errors.New("stop at 10")
	err := ordered(4,
		func(emit func(int) bool) error {
			for i := range 1_000_000 {
				if !emit(i) {
					return errors.New("produce stopped")
				}
				emitted.Add(1)
			}
			return nil
		},
		func(i int) int { return i },
		func(r int) error {
			if r == 10 {
				return stopAt
			}
			consumed = append(consumed, r)
			return nil
		})
	assert.ErrorIs(t, err, stopAt, "consume's error wins over produce's")
	assert.Equal(t, []int{0, 1, 2, 3, 4, 5, 6, 7, 8, 9}, consumed)
	assert.Less(t, emitted.Load(), int64(100), "produce stops soon after")
}

func TestOrderedProduceErrorAfterResults(t *testing.T) {
	var consumed []string
	readErr := errors.New("read error")
	err := ordered(2,
		func(emit func(int) bool) error {
			for i := range 5 {
				emit(i)
			}
			return readErr
		},
		func(i int) string { return fmt.Sprint(i) },
		func(s string) error { consumed = append(consumed, s); return nil })
	assert.ErrorIs(t, err, readErr)
	assert.Equal(t, []string{"0", "1", "2", "3", "4"}, consumed, "everything read before the error is consumed first")
}
