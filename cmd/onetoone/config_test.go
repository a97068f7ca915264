package main

import (
	"bytes"
	"context"
	"log/slog"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/onetoone/onetoone/models"
)

// env is a fake environment: getenv for the variables in the map, "" for
// the rest, so a test never sees the real process environment.
type env map[string]string

func (e env) getenv(k string) string { return e[k] }

// with returns a copy of e with kv (name, value, name, value…) set.
func (e env) with(kv ...string) env {
	out := env{}
	for k, v := range e {
		out[k] = v
	}
	for i := 0; i+1 < len(kv); i += 2 {
		out[kv[i]] = kv[i+1]
	}
	return out
}

// slackEnv is the smallest environment serve accepts.
var slackEnv = env{
	"SLACK_BOT_TOKEN": "xoxb-1-2-SECRETBOT",
	"SLACK_APP_TOKEN": "xapp-1-A1-2-SECRETAPP",
}

// wantConfig is what slackEnv alone yields; cases change what they set.
func wantConfig() config {
	return config{
		BotToken: "xoxb-1-2-SECRETBOT",
		AppToken: "xapp-1-A1-2-SECRETAPP",
		APIURL:   "https://slack.com/api/",
		HTTPAddr: ":8080",
		LogLevel: slog.LevelInfo,
		Timezone: time.UTC,
		Schedule: defaultSchedule,

		Mode:          "socket",
		DigestCron:    "0 9 * * 1",
		Retention:     30 * 24 * time.Hour,
		SendPerMinute: 290,
	}
}

// compareConfig compares configs, with locations compared by name.
var compareConfig = cmp.Comparer(func(a, b *time.Location) bool {
	if a == nil || b == nil {
		return a == b
	}
	return a.String() == b.String()
})

func TestLoadConfig(t *testing.T) {
	tests := []struct {
		name      string
		env       env
		needSlack bool
		want      func(c *config) // edits wantConfig() into the expected config
	}{
		{name: "OK", env: slackEnv, needSlack: true, want: func(*config) {}},
		{
			name: "OKTokensTrimmed", needSlack: true,
			env:  env{"SLACK_BOT_TOKEN": "  xoxb-1-2-SECRETBOT\n", "SLACK_APP_TOKEN": "\txapp-1-A1-2-SECRETAPP "},
			want: func(*config) {},
		},
		{
			name: "OKNoSlackNeeded", needSlack: false, env: env{},
			want: func(c *config) { c.BotToken, c.AppToken = "", "" },
		},
		{
			name: "OKNoSlackNeededIgnoresBadTokens", needSlack: false,
			env:  env{"SLACK_BOT_TOKEN": "xoxp-user", "SLACK_APP_TOKEN": "nonsense"},
			want: func(c *config) { c.BotToken, c.AppToken = "xoxp-user", "nonsense" },
		},
		{
			name: "OKAPIURLTrailingSlashAdded", needSlack: true,
			env:  slackEnv.with("SLACK_API_URL", "http://127.0.0.1:4390/api"),
			want: func(c *config) { c.APIURL = "http://127.0.0.1:4390/api/" },
		},
		{
			name: "OKAPIURLKeptWithSlash", needSlack: true,
			env:  slackEnv.with("SLACK_API_URL", "https://proxy.example.org/slack/api/"),
			want: func(c *config) { c.APIURL = "https://proxy.example.org/slack/api/" },
		},
		{
			name: "OKDatabaseSQLitePrefix", needSlack: true,
			env:  slackEnv.with("DATABASE_URL", "sqlite:x.db"),
			want: func(c *config) { c.DatabaseURL = "sqlite:x.db" },
		},
		{
			name: "OKDatabaseBarePath", needSlack: true,
			env:  slackEnv.with("DATABASE_URL", "/var/lib/onetoone/onetoone.db"),
			want: func(c *config) { c.DatabaseURL = "/var/lib/onetoone/onetoone.db" },
		},
		{
			name: "OKDatabasePostgres", needSlack: true,
			env:  slackEnv.with("DATABASE_URL", "postgres://bot:SECRETPW@db:5432/onetoone?sslmode=disable"),
			want: func(c *config) { c.DatabaseURL = "postgres://bot:SECRETPW@db:5432/onetoone?sslmode=disable" },
		},
		{
			name: "OKHTTPAddrHostPort", needSlack: true,
			env:  slackEnv.with("ONETOONE_HTTP_ADDR", "127.0.0.1:9090"),
			want: func(c *config) { c.HTTPAddr = "127.0.0.1:9090" },
		},
		{
			name: "OKMetricsAddr", needSlack: true,
			env:  slackEnv.with("ONETOONE_METRICS_ADDR", "127.0.0.1:9090"),
			want: func(c *config) { c.MetricsAddr = "127.0.0.1:9090" },
		},
		{
			name: "OKLogDebugJSON", needSlack: true,
			env:  slackEnv.with("LOG_LEVEL", "DEBUG", "LOG_FORMAT", "json"),
			want: func(c *config) { c.LogLevel, c.LogJSON = slog.LevelDebug, true },
		},
		{
			name: "OKLogWarningText", needSlack: true,
			env:  slackEnv.with("LOG_LEVEL", "warning", "LOG_FORMAT", "text"),
			want: func(c *config) { c.LogLevel = slog.LevelWarn },
		},
		{
			name: "OKLogError", needSlack: true,
			env:  slackEnv.with("LOG_LEVEL", " error "),
			want: func(c *config) { c.LogLevel = slog.LevelError },
		},
		{
			name: "OKTimezone", needSlack: true,
			env:  slackEnv.with("ONETOONE_TIMEZONE", "America/Chicago"),
			want: func(c *config) { c.Timezone = mustLoadLocation(t, "America/Chicago") },
		},
		{
			name: "OKCoordinators", needSlack: true,
			env:  slackEnv.with("ONETOONE_COORDINATORS", " U012AB3CD, W0G9QF9GW,,U07 "),
			want: func(c *config) { c.Coordinators = []models.UserID{"U012AB3CD", "W0G9QF9GW", "U07"} },
		},
		{
			name: "OKCoordinatorsOnlyCommas", needSlack: true,
			env:  slackEnv.with("ONETOONE_COORDINATORS", " , ,"),
			want: func(*config) {},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := loadConfig(tt.env.getenv, tt.needSlack)
			if err != nil {
				t.Fatalf("loadConfig: %v", err)
			}
			want := wantConfig()
			tt.want(&want)
			if diff := cmp.Diff(&want, got, compareConfig); diff != "" {
				t.Errorf("loadConfig mismatch (-want +got):\n%s", diff)
			}
		})
	}
}

func TestLoadConfigErrors(t *testing.T) {
	tests := []struct {
		name      string
		env       env
		needSlack bool
		variable  string   // the error must start with this name
		contains  []string // and say these things
	}{
		{
			name: "ErrMissingBotToken", needSlack: true,
			env:      env{"SLACK_APP_TOKEN": "xapp-1-A1-2-SECRETAPP"},
			variable: "SLACK_BOT_TOKEN", contains: []string{"not set", "xoxb-", "README"},
		},
		{
			name: "ErrBlankBotToken", needSlack: true,
			env:      slackEnv.with("SLACK_BOT_TOKEN", "   "),
			variable: "SLACK_BOT_TOKEN", contains: []string{"not set", "README"},
		},
		{
			name: "ErrMissingBothTokensNamesBotFirst", needSlack: true,
			env:      env{},
			variable: "SLACK_BOT_TOKEN", contains: []string{"README"},
		},
		{
			name: "ErrMissingAppToken", needSlack: true,
			env:      env{"SLACK_BOT_TOKEN": "xoxb-1-2-SECRETBOT"},
			variable: "SLACK_APP_TOKEN", contains: []string{"not set", "xapp-", "connections:write", "README"},
		},
		{
			name: "ErrBotTokenIsUserToken", needSlack: true,
			env:      slackEnv.with("SLACK_BOT_TOKEN", "xoxp-1-2-SECRETUSER"),
			variable: "SLACK_BOT_TOKEN", contains: []string{"xoxb-", "README"},
		},
		{
			name: "ErrTokensSwapped", needSlack: true,
			env:      env{"SLACK_BOT_TOKEN": "xapp-1-A1-2-SECRETAPP", "SLACK_APP_TOKEN": "xoxb-1-2-SECRETBOT"},
			variable: "SLACK_BOT_TOKEN", contains: []string{"xoxb-"},
		},
		{
			name: "ErrAppTokenWrongPrefix", needSlack: true,
			env:      slackEnv.with("SLACK_APP_TOKEN", "xoxb-1-2-SECRETBOT"),
			variable: "SLACK_APP_TOKEN", contains: []string{"xapp-", "README"},
		},
		{
			name: "ErrAPIURLNoScheme", needSlack: true,
			env:      slackEnv.with("SLACK_API_URL", "slack.com/api"),
			variable: "SLACK_API_URL", contains: []string{"https://slack.com/api/"},
		},
		{
			name: "ErrAPIURLWrongScheme", needSlack: true,
			env:      slackEnv.with("SLACK_API_URL", "ws://127.0.0.1:4390/api/"),
			variable: "SLACK_API_URL",
		},
		{
			name: "ErrAPIURLNoHost", needSlack: true,
			env:      slackEnv.with("SLACK_API_URL", "https:///api/"),
			variable: "SLACK_API_URL",
		},
		{
			name: "ErrAPIURLUnparseable", needSlack: true,
			env:      slackEnv.with("SLACK_API_URL", "http://[::1"),
			variable: "SLACK_API_URL",
		},
		{
			name: "ErrAPIURLCheckedWithoutSlack", needSlack: false,
			env:      env{"SLACK_API_URL": "nope"},
			variable: "SLACK_API_URL",
		},
		{
			name: "ErrDatabaseMySQL", needSlack: true,
			env:      slackEnv.with("DATABASE_URL", "mysql://root@db/onetoone"),
			variable: "DATABASE_URL", contains: []string{"postgres://", "sqlite:"},
		},
		{
			name: "ErrDatabaseSQLiteNoPath", needSlack: false,
			env:      env{"DATABASE_URL": "sqlite:"},
			variable: "DATABASE_URL", contains: []string{"file path"},
		},
		{
			name: "ErrMetricsAddrNoColon", needSlack: true,
			env:      slackEnv.with("ONETOONE_METRICS_ADDR", "9090"),
			variable: "ONETOONE_METRICS_ADDR", contains: []string{":9090", `"9090"`},
		},
		{
			name: "ErrMetricsAddrIsHTTPAddr", needSlack: true,
			env:      slackEnv.with("ONETOONE_HTTP_ADDR", ":8080", "ONETOONE_METRICS_ADDR", ":8080"),
			variable: "ONETOONE_METRICS_ADDR", contains: []string{"must differ from ONETOONE_HTTP_ADDR"},
		},
		{
			name: "ErrHTTPAddrNoColon", needSlack: true,
			env:      slackEnv.with("ONETOONE_HTTP_ADDR", "8080"),
			variable: "ONETOONE_HTTP_ADDR", contains: []string{":8080", `"8080"`},
		},
		{
			name: "ErrLogLevel", needSlack: true,
			env:      slackEnv.with("LOG_LEVEL", "verbose"),
			variable: "LOG_LEVEL", contains: []string{"debug, info, warn or error", `"verbose"`},
		},
		{
			name: "ErrLogFormat", needSlack: true,
			env:      slackEnv.with("LOG_FORMAT", "logfmt"),
			variable: "LOG_FORMAT", contains: []string{"text or json", `"logfmt"`},
		},
		{
			name: "ErrTimezone", needSlack: true,
			env:      slackEnv.with("ONETOONE_TIMEZONE", "Mars/Olympus_Mons"),
			variable: "ONETOONE_TIMEZONE", contains: []string{"IANA", `"Mars/Olympus_Mons"`},
		},
		{
			name: "ErrTimezoneOffset", needSlack: true,
			env:      slackEnv.with("ONETOONE_TIMEZONE", "+02:00"),
			variable: "ONETOONE_TIMEZONE",
		},
		{
			name: "ErrCoordinatorLowercase", needSlack: true,
			env:      slackEnv.with("ONETOONE_COORDINATORS", "U012AB3CD,u0123"),
			variable: "ONETOONE_COORDINATORS", contains: []string{"U012AB3CD", `"u0123"`},
		},
		{
			name: "ErrCoordinatorMention", needSlack: true,
			env:      slackEnv.with("ONETOONE_COORDINATORS", "<@U012AB3CD>"),
			variable: "ONETOONE_COORDINATORS",
		},
		{
			name: "ErrCoordinatorChannelID", needSlack: true,
			env:      slackEnv.with("ONETOONE_COORDINATORS", "C0123ABCD"),
			variable: "ONETOONE_COORDINATORS",
		},
		{
			name: "ErrCoordinatorTooShort", needSlack: true,
			env:      slackEnv.with("ONETOONE_COORDINATORS", "U1"),
			variable: "ONETOONE_COORDINATORS",
		},
		{
			name: "ErrCoordinatorsSpaceSeparated", needSlack: true,
			env:      slackEnv.with("ONETOONE_COORDINATORS", "U012AB3CD U0G9QF9GW"),
			variable: "ONETOONE_COORDINATORS",
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := loadConfig(tt.env.getenv, tt.needSlack)
			if err == nil {
				t.Fatalf("loadConfig = %+v, want an error naming %s", got, tt.variable)
			}
			if got != nil {
				t.Errorf("loadConfig returned a config with its error: %+v", got)
			}
			msg := err.Error()
			if !strings.HasPrefix(msg, tt.variable+" ") {
				t.Errorf("error %q does not start with %s", msg, tt.variable)
			}
			for _, s := range tt.contains {
				if !strings.Contains(msg, s) {
					t.Errorf("error %q does not mention %q", msg, s)
				}
			}
			if strings.Contains(msg, "\n") {
				t.Errorf("error %q spans more than one line", msg)
			}
			if strings.Contains(msg, "SECRET") {
				t.Errorf("error %q leaks a token or password", msg)
			}
		})
	}
}

// TestLoadConfigCoordinatorsEdges pins the user id rule at its edges.
func TestLoadConfigCoordinatorsEdges(t *testing.T) {
	for _, id := range []string{"U12", "W12", "U012AB3CD", "WABCDEFGHIJ0123456789"} {
		t.Run("OK"+id, func(t *testing.T) {
			c, err := loadConfig(env{"ONETOONE_COORDINATORS": id}.getenv, false)
			if err != nil {
				t.Fatalf("loadConfig: %v", err)
			}
			if diff := cmp.Diff([]models.UserID{models.UserID(id)}, c.Coordinators); diff != "" {
				t.Errorf("Coordinators (-want +got):\n%s", diff)
			}
		})
	}
}

func TestParseDuration(t *testing.T) {
	const def = 7 * 24 * time.Hour
	tests := []struct {
		name string
		in   string
		want time.Duration
	}{
		{"OKUnsetIsDefault", "", def},
		{"OKBlankIsDefault", "  ", def},
		{"OKMinutes", "90m", 90 * time.Minute},
		{"OKHoursAndMinutes", "1h30m", 90 * time.Minute},
		{"OKDays", "14d", 14 * 24 * time.Hour},
		{"OKOneDay", "1d", 24 * time.Hour},
		{"OKTrimmed", " 2h\n", 2 * time.Hour},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := parseDuration("ONETOONE_X", tt.in, def)
			if err != nil {
				t.Fatalf("parseDuration(%q): %v", tt.in, err)
			}
			if got != tt.want {
				t.Errorf("parseDuration(%q) = %v, want %v", tt.in, got, tt.want)
			}
		})
	}

	errs := []struct{ name, in string }{
		{"ErrZeroDays", "0d"},
		{"ErrNegativeDays", "-3d"},
		{"ErrPlusDays", "+3d"},
		{"ErrFractionalDays", "1.5d"},
		{"ErrLeadingZeroDays", "014d"},
		{"ErrJustD", "d"},
		{"ErrDaysWithHours", "1d2h"},
		{"ErrDaysOverflow", "300000d"},
		{"ErrZero", "0s"},
		{"ErrNegative", "-5m"},
		{"ErrNoUnit", "90"},
		{"ErrWords", "two weeks"},
	}
	for _, tt := range errs {
		t.Run(tt.name, func(t *testing.T) {
			got, err := parseDuration("ONETOONE_X", tt.in, def)
			if err == nil {
				t.Fatalf("parseDuration(%q) = %v, want an error", tt.in, got)
			}
			msg := err.Error()
			if !strings.HasPrefix(msg, "ONETOONE_X ") || !strings.Contains(msg, "14d") || !strings.Contains(msg, tt.in) {
				t.Errorf("error %q should name ONETOONE_X, show %q and give an example", msg, tt.in)
			}
		})
	}
}

func TestRun(t *testing.T) {
	ctx := context.Background()

	t.Run("OKVersion", func(t *testing.T) {
		var stdout, stderr bytes.Buffer
		if code := run(ctx, []string{"version"}, env{}.getenv, &stdout, &stderr); code != 0 {
			t.Fatalf("run version = %d, want 0; stderr: %s", code, stderr.String())
		}
		if diff := cmp.Diff("onetoone dev\n", stdout.String()); diff != "" {
			t.Errorf("stdout (-want +got):\n%s", diff)
		}
		if stderr.Len() != 0 {
			t.Errorf("stderr = %q, want nothing", stderr.String())
		}
	})

	t.Run("ErrServeWithoutTokens", func(t *testing.T) {
		var stdout, stderr bytes.Buffer
		code := run(ctx, []string{"serve"}, env{}.getenv, &stdout, &stderr)
		if code == 0 {
			t.Fatalf("run serve without tokens = 0, want non-zero")
		}
		lines := strings.Split(strings.TrimRight(stderr.String(), "\n"), "\n")
		if len(lines) != 1 || !strings.HasSuffix(stderr.String(), "\n") {
			t.Fatalf("stderr should be exactly one line, got %d:\n%s", len(lines), stderr.String())
		}
		if !strings.Contains(lines[0], "SLACK_BOT_TOKEN") || !strings.Contains(lines[0], "README") {
			t.Errorf("stderr %q should name SLACK_BOT_TOKEN and point at the README", lines[0])
		}
		if stdout.Len() != 0 {
			t.Errorf("stdout = %q, want nothing", stdout.String())
		}
	})

	t.Run("ErrDefaultIsServe", func(t *testing.T) {
		var stdout, stderr bytes.Buffer
		if code := run(ctx, nil, env{}.getenv, &stdout, &stderr); code == 0 {
			t.Fatalf("run with no args and no tokens = 0, want non-zero")
		}
		if !strings.Contains(stderr.String(), "SLACK_BOT_TOKEN") {
			t.Errorf("stderr %q should name SLACK_BOT_TOKEN", stderr.String())
		}
	})

	t.Run("ErrUnknownCommand", func(t *testing.T) {
		var stdout, stderr bytes.Buffer
		if code := run(ctx, []string{"frobnicate"}, env{}.getenv, &stdout, &stderr); code != 2 {
			t.Fatalf("run frobnicate = %d, want 2", code)
		}
		if !strings.Contains(stderr.String(), `"frobnicate"`) || !strings.Contains(stderr.String(), "usage:") {
			t.Errorf("stderr %q should name the command and show the usage", stderr.String())
		}
	})

	t.Run("OKMigrateSQLite", func(t *testing.T) {
		path := filepath.Join(t.TempDir(), "x.db")
		var stdout, stderr bytes.Buffer
		e := env{"DATABASE_URL": "sqlite:" + path}
		if code := run(ctx, []string{"migrate"}, e.getenv, &stdout, &stderr); code != 0 {
			t.Fatalf("run migrate = %d, want 0; stderr: %s", code, stderr.String())
		}
		if !strings.Contains(stdout.String(), "up to date") {
			t.Errorf("stdout %q should say the database is up to date", stdout.String())
		}
		if _, err := os.Stat(path); err != nil {
			t.Errorf("migrate did not create the database file: %v", err)
		}
		// Migrating again is a no-op that still succeeds.
		stdout.Reset()
		if code := run(ctx, []string{"migrate"}, e.getenv, &stdout, &stderr); code != 0 {
			t.Fatalf("second run migrate = %d, want 0; stderr: %s", code, stderr.String())
		}
		if !strings.Contains(stdout.String(), "up to date") {
			t.Errorf("second migrate stdout %q should say the database is up to date", stdout.String())
		}
	})

	t.Run("ErrMigrateBadDatabaseURL", func(t *testing.T) {
		var stdout, stderr bytes.Buffer
		e := env{"DATABASE_URL": "mysql://root:hunter2@db/onetoone"}
		if code := run(ctx, []string{"migrate"}, e.getenv, &stdout, &stderr); code != 1 {
			t.Fatalf("run migrate = %d, want 1", code)
		}
		if !strings.Contains(stderr.String(), "DATABASE_URL") || strings.Contains(stderr.String(), "hunter2") {
			t.Errorf("stderr %q should name DATABASE_URL and never show the password", stderr.String())
		}
	})
}

func mustLoadLocation(tb testing.TB, name string) *time.Location {
	tb.Helper()
	loc, err := time.LoadLocation(name)
	if err != nil {
		tb.Fatalf("LoadLocation(%q): %v", name, err)
	}
	return loc
}

func TestLoadConfigModesDigestRetention(t *testing.T) {
	base := map[string]string{"SLACK_BOT_TOKEN": "xoxb-1", "SLACK_APP_TOKEN": "xapp-1"}
	env := func(kv ...string) func(string) string {
		m := map[string]string{}
		for k, v := range base {
			m[k] = v
		}
		for i := 0; i+1 < len(kv); i += 2 {
			m[kv[i]] = kv[i+1]
		}
		return func(k string) string { return m[k] }
	}
	for _, tt := range []struct {
		name string
		env  func(string) string
		bad  string // the variable an error must name; "" for OK
	}{
		{"OKHTTPWithSecret", env("ONETOONE_MODE", "http", "SLACK_SIGNING_SECRET", "s", "SLACK_APP_TOKEN", ""), ""},
		{"ErrHTTPWithoutSecret", env("ONETOONE_MODE", "http"), "SLACK_SIGNING_SECRET"},
		{"ErrMode", env("ONETOONE_MODE", "webhook"), "ONETOONE_MODE"},
		{"OKDigest", env("ONETOONE_DIGEST_CHANNEL", "C0123ABC", "ONETOONE_DIGEST_CRON", "30 16 * * 5"), ""},
		{"ErrDigestChannel", env("ONETOONE_DIGEST_CHANNEL", "#general"), "ONETOONE_DIGEST_CHANNEL"},
		{"ErrDigestCron", env("ONETOONE_DIGEST_CRON", "mondays"), "ONETOONE_DIGEST_CRON"},
		{"OKRetentionZero", env("ONETOONE_RETENTION", "0"), ""},
		{"ErrRetention", env("ONETOONE_RETENTION", "forever"), "ONETOONE_RETENTION"},
		{"OKSendRate", env("ONETOONE_SEND_PER_MINUTE", "280"), ""},
		{"ErrSendRateTooHigh", env("ONETOONE_SEND_PER_MINUTE", "1000"), "ONETOONE_SEND_PER_MINUTE"},
		{"ErrSendRateNotANumber", env("ONETOONE_SEND_PER_MINUTE", "fast"), "ONETOONE_SEND_PER_MINUTE"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			c, err := loadConfig(tt.env, true)
			if tt.bad == "" {
				if err != nil {
					t.Fatalf("error: %v", err)
				}
				if tt.name == "OKRetentionZero" && c.Retention != 0 {
					t.Errorf("retention = %v", c.Retention)
				}
				return
			}
			if err == nil || !strings.HasPrefix(err.Error(), tt.bad) {
				t.Errorf("error = %v, want one naming %s", err, tt.bad)
			}
		})
	}
}

// TestLoadConfigSendPerMinute: ONETOONE_SEND_PER_MINUTE is the bot's whole
// chat.postMessage budget, the gap between two posts of any kind.
func TestLoadConfigSendPerMinute(t *testing.T) {
	for _, tt := range []struct {
		name string
		env  env
		want time.Duration
	}{
		{"OKDefault", slackEnv, time.Minute / 290},
		{"OKHalfForTwoReplicas", slackEnv.with("ONETOONE_SEND_PER_MINUTE", "145"), time.Minute / 145},
		{"OKSlackFloor", slackEnv.with("ONETOONE_SEND_PER_MINUTE", "300"), 200 * time.Millisecond},
	} {
		t.Run(tt.name, func(t *testing.T) {
			c, err := loadConfig(tt.env.getenv, true)
			if err != nil {
				t.Fatal(err)
			}
			if got := c.pacing().Message; got != tt.want {
				t.Errorf("gap between posts = %v, want %v", got, tt.want)
			}
		})
	}
}
