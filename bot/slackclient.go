package bot

import (
	"net/http"
	"time"
)

// Connection settings of the client the bot calls Slack's Web API with.
const (
	// slackIdleConnsPerHost is how many idle connections to one host the
	// client keeps for the next call. Nearly every call goes to one host,
	// and Go's default keeps 2: under concurrent commands every call beyond
	// 2 in flight opened a connection (against Slack, a TLS handshake) and
	// closed it after (BENCHMARKS.md §1, recommendation 6).
	slackIdleConnsPerHost = 50
	// slackCallTimeout bounds one Web API call, answer included: a backstop
	// for a call whose context has no deadline, so a stuck connection cannot
	// hold a goroutine forever. The slowest call, uploading a coordinator's
	// export, runs within the 2 minutes of work after an ack
	// (afterAckTimeout); the others answer within seconds.
	slackCallTimeout = 2 * time.Minute
)

// SlackHTTPClient returns a new HTTP client for the bot's slack-go client
// (slack.OptionHTTPClient). Without it slack-go uses &http.Client{}: no
// timeout, and 2 idle connections per host. The transport is a clone of
// Go's default one (proxy from the environment, HTTP/2, dial and TLS
// handshake timeouts) keeping slackIdleConnsPerHost idle connections; each
// client has its own, so a caller may tune it.
func SlackHTTPClient() *http.Client {
	t := http.DefaultTransport.(*http.Transport).Clone()
	t.MaxIdleConnsPerHost = slackIdleConnsPerHost
	return &http.Client{Transport: t, Timeout: slackCallTimeout}
}
