package main

import (
	"context"
	"fmt"
	"net"
	"net/http"
	"time"
)

// healthcheck asks the local server's /readyz, for container healthchecks
// on images without curl. It reads ONETOONE_HTTP_ADDR like serve.
func healthcheck(ctx context.Context, getenv func(string) string) error {
	addr := orDefault(getenv("ONETOONE_HTTP_ADDR"), ":8080")
	host, port, err := net.SplitHostPort(addr)
	if err != nil {
		return &configError{"ONETOONE_HTTP_ADDR", fmt.Sprintf("must be host:port or :port (got %q)", addr)}
	}
	if host == "" || host == "0.0.0.0" || host == "::" {
		host = "127.0.0.1"
	}
	ctx, cancel := context.WithTimeout(ctx, 3*time.Second)
	defer cancel()
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, "http://"+net.JoinHostPort(host, port)+"/readyz", nil)
	if err != nil {
		return err
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		return fmt.Errorf("not ready: %w", err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		return fmt.Errorf("not ready: /readyz answered %s", resp.Status)
	}
	return nil
}
