//go:build !amd64 || purego

package shingle

// classify64 returns bit masks of the 64 bytes of b: which are ASCII
// letters or digits, and which are not ASCII.
func classify64(b string) (alnum, high uint64) { return classify64Go(b) }
