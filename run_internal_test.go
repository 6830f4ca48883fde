package neardup

import (
	"testing"

	"github.com/neardup/neardup/minhash"
	"github.com/stretchr/testify/require"
)

// A remembered layout is the one minhash.Bands chooses.
func TestLayoutRemembered(t *testing.T) {
	for range 2 {
		for _, c := range []struct {
			t float64
			k int
		}{{0.5, 40}, {0.8, 64}, {0.3, 16}} {
			b, r, err := layout(c.t, c.k)
			require.NoError(t, err)
			wb, wr, err := minhash.Bands(c.t, c.k, 0.5, 0.5)
			require.NoError(t, err)
			require.Equal(t, [2]int{wb, wr}, [2]int{b, r})
		}
	}
	_, _, err := layout(1.5, 40)
	require.ErrorIs(t, err, minhash.ErrInvalidParameter)
}
