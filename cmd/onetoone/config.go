package main

import (
	"fmt"
	"log/slog"
	"net"
	"net/url"
	"strconv"
	"strings"
	"time"
	_ "time/tzdata" // the static binary may run where /usr/share/zoneinfo is absent

	"github.com/onetoone/onetoone/bot"
	"github.com/onetoone/onetoone/bot/catalog"
	"github.com/onetoone/onetoone/models"
	"github.com/onetoone/onetoone/scheduler"
)

// appSetupHint points people at the README section that creates the Slack
// app from deploy/slack-manifest.yml and yields both tokens.
const appSetupHint = "see README.md, \"Create the Slack app\""

// config is everything onetoone reads from its environment.
type config struct {
	BotToken    string
	AppToken    string
	APIURL      string
	DatabaseURL string
	HTTPAddr    string
	// MetricsAddr, when set, is where /metrics is served instead of
	// HTTPAddr, so that exposing /slack/* does not expose the metrics.
	MetricsAddr  string
	LogLevel     slog.Level
	LogJSON      bool
	Timezone     *time.Location
	Coordinators []models.UserID

	// EncryptionKeys seal reflections at rest, newest first; none leaves
	// them as written (see models.AESGCMSealer).
	EncryptionKeys [][]byte

	// Schedule is when scheduled messages go out (ONETOONE_TICK and the
	// rest of the scheduler's variables).
	Schedule schedule

	// Mode is "socket" (Socket Mode, the default) or "http" (the Events
	// API, with SigningSecret).
	Mode          string
	SigningSecret string
	// DigestChannel and DigestCron are the default weekly digest.
	DigestChannel string
	DigestCron    string
	// Language is the group's default language (ONETOONE_LANGUAGE), one
	// the bot has messages for.
	Language string
	// Retention is how long data is kept after the app is uninstalled.
	Retention time.Duration
	// SendPerMinute is this process's whole chat.postMessage budget
	// (ONETOONE_SEND_PER_MINUTE, default bot.DefaultPostsPerMinute),
	// shared by scheduled sends and people's own requests: replies and
	// invitations go at once and count in it, scheduled sends wait for
	// what is left. Slack's limit is per workspace, so with N replicas
	// each should get 1/N of it; set higher, the replicas together meet
	// 429s, which are waited out (Retry-After) and cost time, not
	// messages.
	SendPerMinute int
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
	c.Mode = strings.ToLower(orDefault(getenv("ONETOONE_MODE"), "socket"))
	c.SigningSecret = strings.TrimSpace(getenv("SLACK_SIGNING_SECRET"))
	switch {
	case c.Mode != "socket" && c.Mode != "http":
		return nil, &configError{"ONETOONE_MODE", fmt.Sprintf("must be socket or http (got %q)", c.Mode)}
	case needSlack && c.Mode == "http" && c.SigningSecret == "":
		return nil, &configError{"SLACK_SIGNING_SECRET", "is not set: HTTP mode verifies every request with it; find it under Basic Information, App Credentials"}
	}
	if needSlack {
		switch {
		case c.BotToken == "":
			return nil, &configError{"SLACK_BOT_TOKEN", "is not set: it is the bot token (xoxb-…) from your Slack app's OAuth page; " + appSetupHint + "; or try `onetoone playground`, which needs no Slack"}
		case !strings.HasPrefix(c.BotToken, "xoxb-"):
			return nil, &configError{"SLACK_BOT_TOKEN", "must be a bot token starting with xoxb- (not a user or app token); " + appSetupHint}
		case c.Mode == "http":
			// Slack calls us: no app-level token to check.
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
		c.APIURL += "/" // slack-go joins method names onto it (docs/slack.md)
	}
	if _, _, err := models.ParseDSN(c.DatabaseURL); err != nil {
		return nil, &configError{"DATABASE_URL", "is not usable: " + strings.TrimPrefix(err.Error(), "DATABASE_URL ")}
	}
	if _, _, err := net.SplitHostPort(c.HTTPAddr); err != nil {
		return nil, &configError{"ONETOONE_HTTP_ADDR", fmt.Sprintf("must be host:port or :port, like :8080 (got %q)", c.HTTPAddr)}
	}
	c.MetricsAddr = strings.TrimSpace(getenv("ONETOONE_METRICS_ADDR"))
	if c.MetricsAddr != "" {
		if _, _, err := net.SplitHostPort(c.MetricsAddr); err != nil {
			return nil, &configError{"ONETOONE_METRICS_ADDR", fmt.Sprintf("must be host:port or :port, like :9090, or unset to serve /metrics on ONETOONE_HTTP_ADDR (got %q)", c.MetricsAddr)}
		}
		if c.MetricsAddr == c.HTTPAddr {
			return nil, &configError{"ONETOONE_METRICS_ADDR", fmt.Sprintf("must differ from ONETOONE_HTTP_ADDR (both %q): it moves /metrics to an address of its own; unset it to serve /metrics beside /slack/*", c.MetricsAddr)}
		}
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
	if c.EncryptionKeys, err = models.ParseKeys(getenv("ONETOONE_ENCRYPTION_KEY")); err != nil {
		return nil, &configError{"ONETOONE_ENCRYPTION_KEY", models.ErrorMessage(err)}
	}
	if c.Schedule, err = loadSchedule(getenv); err != nil {
		return nil, err
	}
	c.DigestChannel = strings.TrimSpace(getenv("ONETOONE_DIGEST_CHANNEL"))
	c.DigestCron = orDefault(getenv("ONETOONE_DIGEST_CRON"), scheduler.DefaultDigestCron)
	c.Language = strings.ToLower(orDefault(getenv("ONETOONE_LANGUAGE"), models.DefaultLanguage))
	if err := checkSettings(getenv, c.defaults()); err != nil {
		return nil, err
	}
	c.SendPerMinute = bot.DefaultPostsPerMinute
	if v := strings.TrimSpace(getenv("ONETOONE_SEND_PER_MINUTE")); v != "" {
		n, err := strconv.Atoi(v)
		if err != nil || n < 1 || n > 300 {
			return nil, &configError{"ONETOONE_SEND_PER_MINUTE", fmt.Sprintf("must be a whole number from 1 to 300: the posts a minute this process may make, replies and scheduled messages together; Slack allows several hundred per workspace, so divide by the number of replicas (got %q)", v)}
		}
		c.SendPerMinute = n
	}
	c.Retention = 30 * 24 * time.Hour
	if v := strings.TrimSpace(getenv("ONETOONE_RETENTION")); v == "0" {
		c.Retention = 0
	} else if c.Retention, err = parseDuration("ONETOONE_RETENTION", v, c.Retention); err != nil {
		return nil, err
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

// parseDuration reads a Go duration ("90m") or a number of days ("14d"),
// as the settings modal does (models.ParseDuration).
func parseDuration(name, v string, def time.Duration) (time.Duration, error) {
	v = strings.TrimSpace(v)
	if v == "" {
		return def, nil
	}
	d, err := models.ParseDuration(v)
	if err != nil {
		return 0, &configError{name, fmt.Sprintf("must be a positive duration like 90m, 2h or 14d (got %q)", v)}
	}
	return d, nil
}

// settingsVariables names the variable of each setting the environment
// gives a default to.
var settingsVariables = map[string]string{
	models.FieldDigestChannel:   "ONETOONE_DIGEST_CHANNEL",
	models.FieldDigestCron:      "ONETOONE_DIGEST_CRON",
	models.FieldTimezone:        "ONETOONE_TIMEZONE",
	models.FieldNudgeAfter:      "ONETOONE_NUDGE_AFTER",
	models.FieldExpireAfter:     "ONETOONE_EXPIRE_AFTER",
	models.FieldReflectionDelay: "ONETOONE_REFLECTION_DELAY",
	models.FieldDeliveryHours:   "ONETOONE_DELIVERY_HOURS",
	models.FieldLanguage:        "ONETOONE_LANGUAGE",
}

// checkSettings applies the settings' rules (models.Settings.Validate, the
// same the settings modal applies) to the environment's defaults, and
// names the variable at fault: of those at fault, one the operator set.
//
// The group's language must also be one the bot speaks (bot/catalog), which
// models leaves to the bot.
func checkSettings(getenv func(string) string, def models.Settings) error {
	errs := def.Validate()
	if len(errs) == 0 {
		if !catalog.Has(catalog.Lang(def.Language)) {
			return &configError{"ONETOONE_LANGUAGE", fmt.Sprintf("must be a language the bot speaks, one of %s (got %q)", langList(), def.Language)}
		}
		return nil
	}
	fe := errs[0]
	for _, e := range errs {
		if strings.TrimSpace(getenv(settingsVariables[e.Field])) != "" {
			fe = e
			break
		}
	}
	name := settingsVariables[fe.Field]
	if name == "" {
		name = fe.Field
	}
	got := strings.TrimSpace(getenv(name))
	if got == "" {
		return &configError{name, "is not usable with the others: " + models.ErrorMessage(fe)}
	}
	return &configError{name, fmt.Sprintf("is not usable (got %q): %s", got, models.ErrorMessage(fe))}
}

// langList names the languages the bot speaks, as ONETOONE_LANGUAGE takes
// them: "en, es".
func langList() string {
	var codes []string
	for _, l := range catalog.Langs() {
		codes = append(codes, string(l))
	}
	return strings.Join(codes, ", ")
}

// schedule is the scheduler's timing, from the environment.
type schedule struct {
	Tick            time.Duration // ONETOONE_TICK: how often due work is looked for
	NudgeAfter      time.Duration // ONETOONE_NUDGE_AFTER
	ReflectionDelay time.Duration // ONETOONE_REFLECTION_DELAY
	ReminderBefore  time.Duration // ONETOONE_REMINDER_BEFORE
	ExpireAfter     time.Duration // ONETOONE_EXPIRE_AFTER
	Hours           scheduler.Hours
}

// defaultSchedule is what an unset environment gives.
var defaultSchedule = schedule{
	Tick: scheduler.DefaultTick, NudgeAfter: scheduler.DefaultNudgeAfter, ReflectionDelay: scheduler.DefaultReflectionDelay,
	ReminderBefore: scheduler.DefaultReminderBefore, ExpireAfter: scheduler.DefaultExpireAfter, Hours: scheduler.DefaultHours,
}

func loadSchedule(getenv func(string) string) (schedule, error) {
	s := defaultSchedule
	for _, v := range []struct {
		name string
		to   *time.Duration
	}{
		{"ONETOONE_TICK", &s.Tick},
		{"ONETOONE_NUDGE_AFTER", &s.NudgeAfter},
		{"ONETOONE_REFLECTION_DELAY", &s.ReflectionDelay},
		{"ONETOONE_REMINDER_BEFORE", &s.ReminderBefore},
		{"ONETOONE_EXPIRE_AFTER", &s.ExpireAfter},
	} {
		d, err := parseDuration(v.name, getenv(v.name), *v.to)
		if err != nil {
			return s, err
		}
		*v.to = d
	}
	if s.Tick < time.Second {
		return s, &configError{"ONETOONE_TICK", fmt.Sprintf("must be at least 1s: the scheduler counts in whole seconds (got %s)", s.Tick)}
	}
	if v := strings.TrimSpace(getenv("ONETOONE_DELIVERY_HOURS")); v != "" {
		h, err := scheduler.ParseHours(v)
		if err != nil {
			return s, &configError{"ONETOONE_DELIVERY_HOURS", fmt.Sprintf("is not usable (got %q): %s", v, models.ErrorMessage(err))}
		}
		s.Hours = h
	}
	return s, nil
}

// pacing is the bot's budget of Slack calls from SendPerMinute; the other
// gaps keep bot.DefaultPacing's.
func (c *config) pacing() bot.Pacing {
	return bot.Pacing{Message: time.Minute / time.Duration(max(c.SendPerMinute, 1))}
}
