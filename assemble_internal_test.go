package neardup

import (
	"cmp"
	"math/rand/v2"
	"slices"
	"testing"
	"time"

	"github.com/neardup/neardup/shingle"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func mustDate(t *testing.T, s string) dateKey {
	t.Helper()
	tm, err := ParseDate(s)
	require.NoError(t, err)
	return newDateKey(docDate{t: tm, known: true, dayOnly: len(s) == len(time.DateOnly)})
}

func TestDateKeyCompare(t *testing.T) {
	day := mustDate(t, "2020-10-17")
	for _, tc := range []struct {
		other string
		c     int
		tie   bool
	}{
		{"2020-10-17T23:30:00+02:00", 0, true}, // 21:30 UTC, that day
		{"2020-10-18T01:00:00+02:00", 0, true}, // 23:00 UTC on the 17th
		{"2020-10-18T03:00:00+02:00", -1, false},
		{"2020-10-16T23:59:59Z", 1, false},
		{"1969-12-31", 1, false},
	} {
		c, tie := day.compare(mustDate(t, tc.other))
		assert.Equal(t, tc.c, c, tc.other)
		assert.Equal(t, tc.tie, tie, tc.other)
	}
	// Two instants tie only when equal, whatever their zones.
	c, tie := mustDate(t, "2020-10-17T10:00:00+02:00").compare(mustDate(t, "2020-10-17T08:00:00Z"))
	assert.True(t, tie)
	assert.Zero(t, c)
	c, tie = mustDate(t, "2020-10-17T10:00:00+02:00").compare(mustDate(t, "2020-10-17T08:00:01Z"))
	assert.False(t, tie)
	assert.Equal(t, -1, c)
}

// The keys must order dates as the calendar does, before 1970 too.
func TestDateKeyMatchesTime(t *testing.T) {
	r := rand.New(rand.NewPCG(3, 4))
	random := func() (time.Time, bool) {
		sec := r.Int64N(200*365*86400) - 100*365*86400
		if r.IntN(4) == 0 {
			sec -= sec % 86400 // midnight UTC: days and their edges
		}
		zone := time.FixedZone("", (r.IntN(27)-12)*3600)
		return time.Unix(sec, int64(r.IntN(3))*500_000_000).In(zone), r.IntN(2) == 0
	}
	for range 20000 {
		ta, da := random()
		tb, db := random()
		if r.IntN(2) == 0 {
			// Near each other: ties and days' edges.
			tb = ta.Add(time.Duration(r.Int64N(4*86400)-2*86400) * time.Second).In(tb.Location())
		}
		wantTie := ta.Equal(tb)
		if da || db {
			ua, ub := ta.UTC(), tb.UTC()
			wantTie = ua.Year() == ub.Year() && ua.YearDay() == ub.YearDay()
		}
		want := ta.Compare(tb)
		if wantTie {
			want = 0
		}
		c, tie := newDateKey(docDate{t: ta, known: true, dayOnly: da}).compare(newDateKey(docDate{t: tb, known: true, dayOnly: db}))
		require.Equal(t, wantTie, tie, "%v %v", ta, tb)
		require.Equal(t, want, c, "%v %v", ta, tb)
	}
}

func TestFirstFromMatchesSearch(t *testing.T) {
	r := rand.New(rand.NewPCG(15, 16))
	for trial := range 2000 {
		// Shingles in order of their first words, with gaps (dropped
		// boilerplate) and, now and then, repeats.
		sh := make([]shingle.Shingle, r.IntN(80))
		w := uint32(r.IntN(5))
		for i := range sh {
			sh[i].First = w
			switch r.IntN(6) {
			case 0:
				w += uint32(1 + r.IntN(30))
			case 1:
			default:
				w++
			}
		}
		for q := int32(-2); q <= int32(w)+3; q++ {
			want, _ := slices.BinarySearchFunc(sh, q, func(s shingle.Shingle, q int32) int { return cmp.Compare(int32(s.First), q) })
			require.Equal(t, want, firstFrom(sh, q), "trial %d, word %d", trial, q)
		}
	}
}
