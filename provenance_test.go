package neardup_test

import (
	"context"
	"errors"
	"strings"
	"testing"

	"github.com/neardup/neardup"
	"github.com/neardup/neardup/report"
	"github.com/stretchr/testify/require"
)

// passage is a paragraph long enough to be reported, and distinctive.
const passage = "In November 2021, Armenian citizen Norayr Mirzoyan, who was reportedly involved in the 2020 war, " +
	"threw an RGD-5 anti-personnel fragmentation grenade at the Azerbaijani soldiers stationed next to the " +
	"Russian peacekeepers along the Lachin corridor near the Shusha city. At least three Azerbaijani " +
	"servicemen were injured in the terrorist attack."

func filler(seed string) string {
	words := []string{"weather", "markets", "football", "elections", "concert", "harvest", "bridge", "museum", "festival", "library"}
	var b strings.Builder
	for i := 0; i < 60; i++ {
		b.WriteString(words[(i*7+len(seed)*3+i*i)%len(words)])
		b.WriteString(" ")
		b.WriteString(seed)
		b.WriteString(" ")
	}
	return b.String()
}

func onlyReuse(t *testing.T, r *report.Report) report.Cluster {
	t.Helper()
	var reuse []report.Cluster
	for _, c := range r.Clusters {
		if c.Kind == report.KindReuse {
			reuse = append(reuse, c)
		}
	}
	require.Len(t, reuse, 1, "want exactly one reuse family")
	return reuse[0]
}

func TestProvenance(t *testing.T) {
	doc := func(id, date string) neardup.Document {
		return neardup.Document{ID: id, Date: date, Source: "outlet-" + id, Text: filler(id) + "\n\n" + passage + "\n\n" + filler(id+"x")}
	}
	run := func(docs ...neardup.Document) report.Cluster {
		r, err := neardup.Run(context.Background(), docs, neardup.Options{})
		require.NoError(t, err)
		return onlyReuse(t, r)
	}

	t.Run("earliest", func(t *testing.T) {
		c := run(doc("a", "2022-03-05"), doc("b", "2021-11-20"), doc("c", "2023-01-01T10:00:00Z"))
		require.Equal(t, report.Origin{Doc: "b", Date: "2021-11-20", Note: report.OriginEarliest}, c.Origin)
		var order []string
		for _, p := range c.Passages {
			order = append(order, p.Doc)
		}
		require.Equal(t, []string{"b", "a", "c"}, order, "passages by date")
		require.True(t, c.Passages[0].Origin)
		require.False(t, c.Passages[1].Origin)
		require.Equal(t, 3, c.Documents)
		require.Equal(t, 3, c.Sources)
	})
	t.Run("tie", func(t *testing.T) {
		c := run(doc("a", "2022-03-05"), doc("b", "2022-03-05T08:00:00Z"), doc("c", "2023-01-01"))
		require.Equal(t, "a", c.Origin.Doc, "ties go to the first document by id")
		require.Equal(t, report.OriginTie, c.Origin.Note)
		require.Equal(t, []string{"b"}, c.Origin.Tied)
	})
	t.Run("undated", func(t *testing.T) {
		c := run(doc("a", ""), doc("b", ""))
		require.Equal(t, report.Origin{Note: report.OriginUndated}, c.Origin)
		require.False(t, c.Passages[0].Origin)
		require.Equal(t, "a", c.Passages[0].Doc)
	})
	t.Run("undated last", func(t *testing.T) {
		c := run(doc("a", ""), doc("b", "2024-01-01"), doc("c", "2023-06-01"))
		require.Equal(t, "c", c.Origin.Doc)
		require.Equal(t, "a", c.Passages[len(c.Passages)-1].Doc)
	})
	t.Run("bad date", func(t *testing.T) {
		_, err := neardup.Run(context.Background(), []neardup.Document{doc("a", "5 March 2022")}, neardup.Options{})
		require.True(t, errors.Is(err, neardup.ErrBadDate), "got %v", err)
		require.Contains(t, err.Error(), `"a"`)
	})
}

func TestInvalidUTF8OffsetsExact(t *testing.T) {
	bad := strings.Replace(passage, "Norayr", "Nor\xffayr", 1)
	docs := []neardup.Document{
		{ID: "a", Text: "\xfe\xfe header\n\n" + bad + "\n\ntail one"},
		{ID: "b", Text: filler("b") + "\n\n" + bad + " And more."},
	}
	r, err := neardup.Run(context.Background(), docs, neardup.Options{})
	require.NoError(t, err)
	c := onlyReuse(t, r)
	for _, p := range c.Passages {
		text := docs[0].Text
		if p.Doc == "b" {
			text = docs[1].Text
		}
		require.Equal(t, text[p.Start:p.End], p.Text)
		require.Contains(t, p.Text, "Nor\xffayr")
	}
}

func TestEmptyAndDuplicates(t *testing.T) {
	r, err := neardup.Run(context.Background(), nil, neardup.Options{})
	require.NoError(t, err)
	require.Empty(t, r.Clusters)
	require.Empty(t, r.Documents)
	require.Equal(t, report.Version, r.Version)

	r, err = neardup.Run(context.Background(), []neardup.Document{{ID: "x"}, {ID: "y", Text: "   "}}, neardup.Options{})
	require.NoError(t, err)
	require.Empty(t, r.Clusters)
	require.Len(t, r.Documents, 2)

	_, err = neardup.Run(context.Background(), []neardup.Document{{ID: "x", Text: "a"}, {ID: "x", Text: "b"}}, neardup.Options{})
	require.ErrorIs(t, err, neardup.ErrDuplicateID)

	_, err = neardup.Run(context.Background(), nil, neardup.Options{Threshold: 1.5})
	require.ErrorIs(t, err, neardup.ErrInvalidOptions)
}

func TestCanceled(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	_, err := neardup.Run(ctx, loadKarabakh(t), neardup.Options{})
	require.ErrorIs(t, err, context.Canceled)
}

func TestOptionsValidate(t *testing.T) {
	require.NoError(t, neardup.Options{}.Validate())
	require.NoError(t, neardup.DefaultOptions().Validate())
	for _, o := range []neardup.Options{
		{Threshold: 1.5}, {Threshold: -0.1}, {Shingle: 17}, {Hashes: 4}, {MinWords: -1},
		{Window: 2, Shingle: 3}, {Window: 10, Stride: 11}, {Stopwords: "some"}, {Boilerplate: 1}, {Workers: -2},
	} {
		require.ErrorIs(t, o.Validate(), neardup.ErrInvalidOptions, "%+v", o)
	}
}
