package neardup_test

import (
	"bytes"
	"context"
	"math/rand/v2"
	"runtime"
	"testing"

	"github.com/neardup/neardup"
	"github.com/neardup/neardup/report"
	"github.com/stretchr/testify/require"
)

// TestDeterministic runs the seeds with one and with four workers, and with
// the documents shuffled, and requires byte-identical JSON reports, as
// report.WriteJSON writes them.
func TestDeterministic(t *testing.T) {
	docs := loadKarabakh(t)
	encode := func(docs []neardup.Document, workers int) []byte {
		r, err := neardup.Run(context.Background(), docs, neardup.Options{Workers: workers})
		require.NoError(t, err)
		var b bytes.Buffer
		require.NoError(t, report.WriteJSON(&b, r))
		return b.Bytes()
	}
	prev := runtime.GOMAXPROCS(1)
	one := encode(docs, 0)
	runtime.GOMAXPROCS(4)
	four := encode(docs, 0)
	runtime.GOMAXPROCS(prev)
	require.True(t, bytes.Equal(one, four), "GOMAXPROCS=1 and GOMAXPROCS=4 reports differ")
	rng := rand.New(rand.NewPCG(1, 2))
	rng.Shuffle(len(docs), func(i, j int) { docs[i], docs[j] = docs[j], docs[i] })
	require.True(t, bytes.Equal(one, encode(docs, 3)), "shuffled input changed the report")
	require.Contains(t, string(one), "\"clusters\": [\n    {", "the report has families")
}
