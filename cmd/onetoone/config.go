package main

import (
	"fmt"
	"log/slog"
	"math"
	"net"
	"net/url"
	"strings"
	"time"
	_ "time/tzdata" // the static binary may run where /usr/share/zoneinfo is absent

	"github.com/onetoone/onetoone/models"
)

// appSetupHint points people at the README section that creates the Slack
// app from deploy/slack-manifest.yml and yields both tokens.
const appSetupHint = "see README.md, \"Create the Slack app\""

// config is everything onetoone reads from its environment.
type config struct {
	BotToken     string
	AppToken     string
	APIURL       string
	DatabaseURL  string
	HTTPAddr     string
	LogLevel     slog.Level
	LogJSON      bool
	Timezone     *time.Location
	Coordinators []models.UserID
}

// configError names the variable at fault and says what to do about it, in
// one line.
type configError struct{ name, problem string }

func (e *configError) Error() string { return e.name + " " + e.problem }

// loadConfig reads the environment through getenv. needSlack is false for
// commands that never talk to Slack (migrate, version).
func loadConfig(getenv func(string) string, needSlack bool) (*config, error) {
	c := &config{
		BotToken:    strings.TrimSpace(getenv("SLACK_BOT_TOKEN")),
		AppToken:    strings.TrimSpace(getenv("SLACK_APP_TOKEN")),
		APIURL:      orDefault(getenv("SLACK_API_URL"), "https://slack.com/api/"),
		DatabaseURL: strings.TrimSpace(getenv("DATABASE_URL")),
		HTTPAddr:    orDefault(getenv("ONETOONE_HTTP_ADDR"), ":8080"),
	}
	if needSlack {
		switch {
		case c.BotToken == "":
			return nil, &configError{"SLACK_BOT_TOKEN", "is not set: it is the bot token (xoxb-…) from your Slack app's OAuth page; " + appSetupHint}
		case !strings.HasPrefix(c.BotToken, "xoxb-"):
			return nil, &configError{"SLACK_BOT_TOKEN", "must be a bot token starting with xoxb- (not a user or app token); " + appSetupHint}
		case c.AppToken == "":
			return nil, &configError{"SLACK_APP_TOKEN", "is not set: it is the app-level token (xapp-…) with the connections:write scope; " + appSetupHint}
		case !strings.HasPrefix(c.AppToken, "xapp-"):
			return nil, &configError{"SLACK_APP_TOKEN", "must be an app-level token starting with xapp-; " + appSetupHint}
		}
	}
	u, err := url.Parse(c.APIURL)
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
		return nil, &configError{"SLACK_API_URL", "must be an http(s) URL like https://slack.com/api/"}
	}
	if !strings.HasSuffix(c.APIURL, "/") {
		c.APIURL += "/" // slack-go joins method names onto it (SLACK.md)
	}
	if _, _, err := models.ParseDSN(c.DatabaseURL); err != nil {
		return nil, &configError{"DATABASE_URL", "is not usable: " + strings.TrimPrefix(err.Error(), "DATABASE_URL ")}
	}
	if _, _, err := net.SplitHostPort(c.HTTPAddr); err != nil {
		return nil, &configError{"ONETOONE_HTTP_ADDR", fmt.Sprintf("must be host:port or :port, like :8080 (got %q)", c.HTTPAddr)}
	}
	switch lvl := strings.ToLower(strings.TrimSpace(getenv("LOG_LEVEL"))); lvl {
	case "", "info":
		c.LogLevel = slog.LevelInfo
	case "debug":
		c.LogLevel = slog.LevelDebug
	case "warn", "warning":
		c.LogLevel = slog.LevelWarn
	case "error":
		c.LogLevel = slog.LevelError
	default:
		return nil, &configError{"LOG_LEVEL", fmt.Sprintf("must be debug, info, warn or error (got %q)", lvl)}
	}
	switch f := strings.ToLower(strings.TrimSpace(getenv("LOG_FORMAT"))); f {
	case "", "text":
	case "json":
		c.LogJSON = true
	default:
		return nil, &configError{"LOG_FORMAT", fmt.Sprintf("must be text or json (got %q)", f)}
	}
	tz := orDefault(getenv("ONETOONE_TIMEZONE"), "UTC")
	if c.Timezone, err = time.LoadLocation(tz); err != nil {
		return nil, &configError{"ONETOONE_TIMEZONE", fmt.Sprintf("must be an IANA timezone like America/Chicago (got %q)", tz)}
	}
	for _, id := range strings.Split(getenv("ONETOONE_COORDINATORS"), ",") {
		id = strings.TrimSpace(id)
		if id == "" {
			continue
		}
		if !validUserID(id) {
			return nil, &configError{"ONETOONE_COORDINATORS", fmt.Sprintf("must be Slack user ids separated by commas, like U012AB3CD (got %q)", id)}
		}
		c.Coordinators = append(c.Coordinators, models.UserID(id))
	}
	return c, nil
}

func validUserID(id string) bool {
	if len(id) < 3 || (id[0] != 'U' && id[0] != 'W') {
		return false
	}
	for _, r := range id {
		if (r < 'A' || r > 'Z') && (r < '0' || r > '9') {
			return false
		}
	}
	return true
}

func orDefault(v, def string) string {
	if v = strings.TrimSpace(v); v != "" {
		return v
	}
	return def
}

// maxDays is the most days a time.Duration holds (about 292 years).
const maxDays = int(math.MaxInt64 / int64(24*time.Hour))

// parseDuration reads a Go duration ("90m") or a number of days ("14d").
func parseDuration(name, v string, def time.Duration) (time.Duration, error) {
	v = strings.TrimSpace(v)
	if v == "" {
		return def, nil
	}
	if n, ok := strings.CutSuffix(v, "d"); ok {
		var days int
		if _, err := fmt.Sscanf(n, "%d", &days); err == nil && days > 0 && days <= maxDays && fmt.Sprint(days) == n {
			return time.Duration(days) * 24 * time.Hour, nil
		}
	}
	d, err := time.ParseDuration(v)
	if err != nil || d <= 0 {
		return 0, &configError{name, fmt.Sprintf("must be a positive duration like 90m, 2h or 14d (got %q)", v)}
	}
	return d, nil
}
