package bot_test

import (
	"errors"
	"io"
	"net"
	"sync"
	"testing"
)

// relay forwards TCP connections to a database server and can freeze them,
// as a database does when it stops answering without failing (a paused
// VM, a stalled disk, a process stopped with SIGSTOP): while frozen it
// keeps every connection open and accepts new ones, but moves no byte
// either way. What either side sends meanwhile waits in the relay and
// arrives after the thaw, in order, the way it reaches a server that was
// paused; a side that closed its connection meanwhile is seen closing
// after that.
type relay struct {
	ln     net.Listener
	target string

	mu     sync.Mutex
	flow   chan struct{} // closed while bytes flow
	conns  []net.Conn
	closed bool
	pumps  sync.WaitGroup
}

// startRelay listens on a free loopback port and forwards to target.
func startRelay(t *testing.T, target string) *relay {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	r := &relay{ln: ln, target: target, flow: make(chan struct{})}
	close(r.flow)
	go r.accept()
	t.Cleanup(r.close)
	return r
}

// Addr is host:port to connect to instead of the target.
func (r *relay) Addr() string { return r.ln.Addr().String() }

// freeze stops every byte, on open connections and new ones alike.
func (r *relay) freeze() {
	r.mu.Lock()
	defer r.mu.Unlock()
	select {
	case <-r.flow:
		r.flow = make(chan struct{})
	default: // already frozen
	}
}

// thaw lets the bytes flow again, those held first.
func (r *relay) thaw() {
	r.mu.Lock()
	defer r.mu.Unlock()
	select {
	case <-r.flow:
	default:
		close(r.flow)
	}
}

// wait returns once bytes may flow.
func (r *relay) wait() {
	r.mu.Lock()
	flow := r.flow
	r.mu.Unlock()
	<-flow
}

func (r *relay) accept() {
	for {
		c, err := r.ln.Accept()
		if err != nil {
			return
		}
		up, err := net.Dial("tcp", r.target)
		if err != nil {
			c.Close()
			continue
		}
		r.mu.Lock()
		if r.closed {
			r.mu.Unlock()
			c.Close()
			up.Close()
			return
		}
		r.conns = append(r.conns, c, up)
		r.pumps.Add(2)
		r.mu.Unlock()
		go r.pump(up, c)
		go r.pump(c, up)
	}
}

// pump copies src to dst, holding each read until bytes may flow. When src
// ends, dst's writing half is closed once bytes flow, after what was held.
func (r *relay) pump(dst, src net.Conn) {
	defer r.pumps.Done()
	buf := make([]byte, 32<<10)
	for {
		n, err := src.Read(buf)
		if n > 0 {
			r.wait()
			if _, werr := dst.Write(buf[:n]); werr != nil {
				src.Close()
				return
			}
		}
		if err != nil {
			r.wait()
			if tcp, ok := dst.(*net.TCPConn); ok && errors.Is(err, io.EOF) {
				tcp.CloseWrite()
			} else {
				dst.Close()
			}
			return
		}
	}
}

// close stops listening, lets what was held go, and closes every
// connection.
func (r *relay) close() {
	r.ln.Close()
	r.thaw()
	r.mu.Lock()
	r.closed = true
	for _, c := range r.conns {
		c.Close()
	}
	r.mu.Unlock()
	r.pumps.Wait()
}
