package models_test

import (
	"context"
	"errors"
	"io"
	"net"
	"net/url"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/onetoone/onetoone/models"
	"github.com/onetoone/onetoone/models/storetest"
)

// openAsync runs Open in the background, for tests of how long it takes.
func openAsync(ctx context.Context, rawURL string) <-chan error {
	done := make(chan error, 1)
	go func() {
		s, err := models.Open(ctx, rawURL, models.Options{Now: time.Now})
		if s != nil {
			s.Close()
		}
		done <- err
	}()
	return done
}

// TestOpenGivesUpOnSilentDatabase: a Postgres that accepts the connection
// and never answers makes Open fail within ConnectTimeout, with words that
// say so, instead of waiting forever.
func TestOpenGivesUpOnSilentDatabase(t *testing.T) {
	t.Parallel()
	addr, _ := storetest.SilentServer(t)
	start := time.Now()
	select {
	case err := <-openAsync(context.Background(), "postgres://postgres@"+addr+"/onetoone?sslmode=disable"):
		took := time.Since(start)
		if models.ErrorCode(err) != models.EUNAVAILABLE || !strings.Contains(models.ErrorMessage(err), "did not answer within") {
			t.Errorf("Open = %v (%q), want EUNAVAILABLE saying it did not answer", err, models.ErrorMessage(err))
		}
		if took > models.ConnectTimeout+2*time.Second {
			t.Errorf("Open gave up after %v, want about %v", took, models.ConnectTimeout)
		}
	case <-time.After(models.ConnectTimeout + 10*time.Second):
		t.Fatalf("Open still waiting after %v", models.ConnectTimeout+10*time.Second)
	}
}

// TestOpenStopsWhenCancelled: cancelling Open's context (SIGTERM during
// start-up) stops the wait for a silent database at once.
func TestOpenStopsWhenCancelled(t *testing.T) {
	t.Parallel()
	addr, accepted := storetest.SilentServer(t)
	ctx, cancel := context.WithCancel(context.Background())
	done := openAsync(ctx, "postgres://postgres@"+addr+"/onetoone?sslmode=disable")
	select {
	case <-accepted:
	case err := <-done:
		t.Fatalf("Open returned before connecting: %v", err)
	}
	cancel()
	select {
	case err := <-done:
		if models.ErrorCode(err) != models.EUNAVAILABLE {
			t.Errorf("Open = %v, want EUNAVAILABLE", err)
		}
	case <-time.After(2 * time.Second):
		t.Fatal("Open still waiting 2 s after its context was cancelled")
	}
}

// relay forwards TCP connections to a real server until frozen; then it
// forwards nothing either way and holds every connection open: a database
// that stopped answering without closing anything.
type relay struct {
	addr    string
	frozen  atomic.Bool
	dropped atomic.Int64 // bytes not passed on since the freeze
}

func startRelay(t *testing.T, target string) *relay {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	r := &relay{addr: ln.Addr().String()}
	var mu sync.Mutex
	var conns []net.Conn
	keep := func(cs ...net.Conn) {
		mu.Lock()
		defer mu.Unlock()
		conns = append(conns, cs...)
	}
	go func() {
		for {
			c, err := ln.Accept()
			if err != nil {
				return
			}
			keep(c)
			if r.frozen.Load() {
				continue
			}
			up, err := net.Dial("tcp", target)
			if err != nil {
				c.Close()
				continue
			}
			keep(up)
			go r.pipe(up, c)
			go r.pipe(c, up)
		}
	}()
	t.Cleanup(func() {
		ln.Close()
		mu.Lock()
		defer mu.Unlock()
		for _, c := range conns {
			c.Close()
		}
	})
	return r
}

// pipe copies src to dst while the relay is not frozen, and drops what
// comes after.
func (r *relay) pipe(dst io.Writer, src io.Reader) {
	buf := make([]byte, 32<<10)
	for {
		n, err := src.Read(buf)
		if n > 0 && r.frozen.Load() {
			r.dropped.Add(int64(n))
		} else if n > 0 {
			if _, werr := dst.Write(buf[:n]); werr != nil {
				return
			}
		}
		if err != nil {
			return
		}
	}
}

// TestMigrateStopsWhenCancelled: a database that freezes after Open holds
// Migrate only until its context is cancelled (SIGTERM during start-up).
func TestMigrateStopsWhenCancelled(t *testing.T) {
	u, err := url.Parse(storetest.PostgresURL(t))
	if err != nil {
		t.Fatal(err)
	}
	r := startRelay(t, u.Host)
	u.Host = r.addr
	s, err := models.Open(context.Background(), u.String(), models.Options{Now: time.Now})
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	r.frozen.Store(true)
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() { done <- s.Migrate(ctx) }()
	// Cancel once Migrate's first statement is stuck in the relay.
	for r.dropped.Load() == 0 {
		select {
		case err := <-done:
			t.Fatalf("Migrate returned on a frozen database before sending anything: %v", err)
		case <-time.After(10 * time.Millisecond):
		}
	}
	cancel()
	select {
	case err := <-done:
		if err == nil || !errors.Is(err, context.Canceled) && models.ErrorCode(err) != models.EUNAVAILABLE {
			t.Errorf("Migrate on a frozen database = %v, want it stopped", err)
		}
	case <-time.After(3 * time.Second):
		t.Fatal("Migrate still waiting 3 s after its context was cancelled")
	}
}
