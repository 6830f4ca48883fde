package neardup

import (
	"errors"
	"fmt"
	"time"
)

// ErrBadDate is returned by Run for a document whose Date is neither
// YYYY-MM-DD nor RFC 3339.
var ErrBadDate = errors.New("neardup: date is not YYYY-MM-DD or RFC 3339")

// ParseDate parses a document date: YYYY-MM-DD or RFC 3339. An empty date
// gives the zero time and no error.
func ParseDate(s string) (time.Time, error) {
	if s == "" {
		return time.Time{}, nil
	}
	if t, err := time.Parse(time.DateOnly, s); err == nil {
		return t, nil
	}
	if t, err := time.Parse(time.RFC3339, s); err == nil {
		return t, nil
	}
	return time.Time{}, fmt.Errorf("%w: %q", ErrBadDate, s)
}
