package bot

import (
	"crypto/hmac"
	"crypto/rand"
	"crypto/sha256"
	"encoding/base64"
	"errors"
	"strconv"
	"strings"
	"time"
)

// The state of an installation ties Slack's redirect to an Add to Slack
// page this deployment served (docs/slack.md, OAuth: "state" guards against
// forged redirects). It is "nonce.expiry.signature": a random nonce, the
// Unix second it expires at, and an HMAC-SHA256 of both under the app's
// client secret. Any replica can check it without shared memory; the
// store records each nonce once, so a state is good for one installation.

// Reasons a state is refused.
var (
	errStateMalformed = errors.New("state malformed")
	errStateForged    = errors.New("state signature does not match")
	errStateExpired   = errors.New("state expired")
)

var stateEncoding = base64.RawURLEncoding

// newState returns a fresh state valid for ttl from now.
func newState(key []byte, now time.Time, ttl time.Duration) (string, error) {
	nonce := make([]byte, 16)
	if _, err := rand.Read(nonce); err != nil {
		return "", err
	}
	body := stateEncoding.EncodeToString(nonce) + "." + strconv.FormatInt(now.Add(ttl).Unix(), 10)
	return body + "." + stateSignature(key, body), nil
}

// checkState verifies a state's signature (in constant time) and expiry,
// and returns its nonce.
func checkState(key []byte, state string, now time.Time) (nonce string, err error) {
	parts := strings.Split(state, ".")
	if len(parts) != 3 || len(key) == 0 {
		return "", errStateMalformed
	}
	body := parts[0] + "." + parts[1]
	if !hmac.Equal([]byte(parts[2]), []byte(stateSignature(key, body))) {
		return "", errStateForged
	}
	exp, err := strconv.ParseInt(parts[1], 10, 64)
	if err != nil {
		return "", errStateMalformed
	}
	if !now.Before(time.Unix(exp, 0)) {
		return "", errStateExpired
	}
	return parts[0], nil
}

func stateSignature(key []byte, body string) string {
	mac := hmac.New(sha256.New, key)
	mac.Write([]byte("onetoone-oauth-state:" + body))
	return stateEncoding.EncodeToString(mac.Sum(nil))
}
