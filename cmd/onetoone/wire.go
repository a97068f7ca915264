package main

import (
	"log/slog"
	"time"

	"github.com/onetoone/onetoone/bot"
	"github.com/onetoone/onetoone/models"
	"github.com/prometheus/client_golang/prometheus"
	"github.com/slack-go/slack"
)

// defaults are the environment's settings, which coordinators override in
// /one-to-one settings; the bot and the scheduler lay the workspace's
// choices over them the same way (models.SavedSettings.Effective).
func (c *config) defaults() models.Settings {
	return models.Settings{
		DigestChannel: c.DigestChannel, DigestCron: c.DigestCron, Timezone: c.Timezone.String(),
		NudgeAfter: c.Schedule.NudgeAfter, ExpireAfter: c.Schedule.ExpireAfter, ReflectionDelay: c.Schedule.ReflectionDelay,
		DeliveryHours: models.Hours(c.Schedule.Hours), Language: c.Language,
	}
}

// newSlack builds the Slack client the same way for serve and run-job, on
// the bot's HTTP client, which keeps connections to Slack open between
// calls.
func newSlack(c *config) *slack.Client {
	return slack.New(c.BotToken, slack.OptionHTTPClient(bot.SlackHTTPClient()),
		slack.OptionAppLevelToken(c.AppToken), slack.OptionAPIURL(c.APIURL))
}

// newBot builds the bot the same way for serve and run-job.
func newBot(c *config, store *models.Store, api *slack.Client, team models.TeamID, now func() time.Time, log *slog.Logger, reg prometheus.Registerer) *bot.Bot {
	return bot.New(bot.Config{
		Store: store, Slack: api, Now: now, Log: log, DefaultTZ: c.Timezone,
		Coordinators: c.Coordinators, Metrics: bot.NewMetrics(reg),
		Defaults: c.defaults(), TeamID: team, Retention: c.Retention,
		Pacing: c.pacing(),
	})
}
