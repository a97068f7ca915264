package main

import (
	"net/http"
	"testing"
)

// TestAckHTTPClient: --http-idle keeps the production client by default,
// tunes its idle connections, or falls back to slack-go's default client.
func TestAckHTTPClient(t *testing.T) {
	if c := ackHTTPClient(0); c != nil {
		t.Errorf("--http-idle 0 = %+v, want nil: botSlack's production client", c)
	}
	if c := ackHTTPClient(7); c == nil || c.Transport.(*http.Transport).MaxIdleConnsPerHost != 7 || c.Timeout == 0 {
		t.Errorf("--http-idle 7 = %+v, want the production client keeping 7", c)
	}
	if c := ackHTTPClient(-1); c == nil || c.Transport != nil || c.Timeout != 0 {
		t.Errorf("--http-idle -1 = %+v, want slack-go's &http.Client{}", c)
	}
}
