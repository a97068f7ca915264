package models

import (
	"context"
	"time"
)

// deadlineKey carries the time WithDeadline set.
type deadlineKey struct{}

// WithDeadline bounds the database work done with ctx, and only that: every
// query and transaction the store runs with the returned context gives up
// at t (or at ctx's own deadline, if that comes first), while whatever else
// ctx is used for, such as Slack calls, keeps its own time. A database that
// accepts connections and then stops answering costs a person's request a
// clear EUNAVAILABLE at t instead of minutes of silence. A call given up on
// is not retried, and a transaction cut off rolls back, so nothing the
// person was told failed is done later behind their back.
//
// A deadline already set on ctx that comes sooner stays.
func WithDeadline(ctx context.Context, t time.Time) context.Context {
	if prev, ok := ctx.Value(deadlineKey{}).(time.Time); ok && !t.Before(prev) {
		return ctx
	}
	return context.WithValue(ctx, deadlineKey{}, t)
}

// bounded returns ctx cut off at the deadline WithDeadline set, and the
// func that releases it. Without one, ctx comes back as it is.
func bounded(ctx context.Context) (context.Context, context.CancelFunc) {
	t, ok := ctx.Value(deadlineKey{}).(time.Time)
	if !ok {
		return ctx, func() {}
	}
	if d, ok := ctx.Deadline(); ok && !d.After(t) {
		return ctx, func() {}
	}
	return context.WithDeadline(ctx, t)
}
