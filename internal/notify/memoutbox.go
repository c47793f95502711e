package notify

import (
	"context"
	"fmt"
	"sort"
	"sync"
	"time"
)

// MemOutbox is an Outbox in memory, for tests and for running without a
// database. It does not survive a restart.
type MemOutbox struct {
	Lease time.Duration // how long a claim holds; default 5 minutes

	mu     sync.Mutex
	nextID int64
	items  map[int64]*MemItem
}

// MemItem is the state of one message in a MemOutbox.
type MemItem struct {
	Queued
	DueAt     time.Time
	LeasedTil time.Time
	SentAt    time.Time
	GaveUp    bool
	LastError string
}

// Enqueue adds m, due at due, and returns its id.
func (o *MemOutbox) Enqueue(m Message, due time.Time) int64 {
	o.mu.Lock()
	defer o.mu.Unlock()
	if o.items == nil {
		o.items = map[int64]*MemItem{}
	}
	o.nextID++
	o.items[o.nextID] = &MemItem{Queued: Queued{ID: o.nextID, Message: m}, DueAt: due}
	return o.nextID
}

// Item returns a copy of the state of message id.
func (o *MemOutbox) Item(id int64) (MemItem, bool) {
	o.mu.Lock()
	defer o.mu.Unlock()
	it, ok := o.items[id]
	if !ok {
		return MemItem{}, false
	}
	return *it, true
}

// Claim implements Outbox.
func (o *MemOutbox) Claim(_ context.Context, now time.Time, limit int) ([]Queued, error) {
	o.mu.Lock()
	defer o.mu.Unlock()
	lease := o.Lease
	if lease <= 0 {
		lease = 5 * time.Minute
	}
	ids := make([]int64, 0, len(o.items))
	for id := range o.items {
		ids = append(ids, id)
	}
	sort.Slice(ids, func(i, j int) bool { return ids[i] < ids[j] })
	var out []Queued
	for _, id := range ids {
		it := o.items[id]
		if len(out) == limit {
			break
		}
		if !it.SentAt.IsZero() || it.GaveUp || now.Before(it.DueAt) || now.Before(it.LeasedTil) {
			continue
		}
		it.LeasedTil = now.Add(lease)
		out = append(out, it.Queued)
	}
	return out, nil
}

// MarkSent implements Outbox.
func (o *MemOutbox) MarkSent(_ context.Context, id int64, at time.Time) error {
	o.mu.Lock()
	defer o.mu.Unlock()
	it, ok := o.items[id]
	if !ok {
		return fmt.Errorf("notify: no message %d in the outbox", id)
	}
	it.SentAt, it.LeasedTil = at, time.Time{}
	return nil
}

// MarkFailed implements Outbox.
func (o *MemOutbox) MarkFailed(_ context.Context, id int64, errText string, retryAt time.Time) error {
	o.mu.Lock()
	defer o.mu.Unlock()
	it, ok := o.items[id]
	if !ok {
		return fmt.Errorf("notify: no message %d in the outbox", id)
	}
	it.Attempts++
	it.LastError, it.LeasedTil = errText, time.Time{}
	if retryAt.IsZero() {
		it.GaveUp = true
	} else {
		it.DueAt = retryAt
	}
	return nil
}
