package bot

import (
	"time"

	"github.com/prometheus/client_golang/prometheus"
)

// Metrics are the bot's Prometheus series. They answer the questions an
// operator asks at 3 a.m.: are we acking in time, which routes fail, is
// Slack pushing back.
type Metrics struct {
	ackLatency *prometheus.HistogramVec
	errors     *prometheus.CounterVec
	slackCalls *prometheus.CounterVec
	reconnects prometheus.Counter
	inflight   prometheus.Gauge
	elsewhere  *prometheus.CounterVec
}

// NewMetrics registers the bot's series on reg; a nil reg keeps them
// unregistered (tests, one-off commands).
func NewMetrics(reg prometheus.Registerer) *Metrics {
	m := &Metrics{
		ackLatency: prometheus.NewHistogramVec(prometheus.HistogramOpts{
			Name:    "onetoone_ack_seconds",
			Help:    "Time from receiving a Slack request to acknowledging it, by kind.",
			Buckets: []float64{.005, .01, .025, .05, .1, .25, .5, 1, 2, 3, 5},
		}, []string{"kind"}),
		errors: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "onetoone_handler_errors_total",
			Help: "Requests whose handling failed on our side, by route.",
		}, []string{"route"}),
		slackCalls: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "onetoone_slack_calls_total",
			Help: "Slack Web API calls by method and outcome (ok, error, ratelimited).",
		}, []string{"method", "outcome"}),
		reconnects: prometheus.NewCounter(prometheus.CounterOpts{
			Name: "onetoone_socketmode_connects_total",
			Help: "Socket Mode connections made, the first included.",
		}),
		inflight: prometheus.NewGauge(prometheus.GaugeOpts{
			Name: "onetoone_requests_in_flight",
			Help: "Slack requests being handled now.",
		}),
		elsewhere: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "onetoone_refused_elsewhere_total",
			Help: "Requests refused unread because they came for a workspace this deployment does not serve, by kind.",
		}, []string{"kind"}),
	}
	if reg != nil {
		reg.MustRegister(m.ackLatency, m.errors, m.slackCalls, m.reconnects, m.inflight, m.elsewhere)
	}
	return m
}

func (m *Metrics) acked(kind string, d time.Duration) {
	m.ackLatency.WithLabelValues(kind).Observe(d.Seconds())
}

func (m *Metrics) failed(route string) { m.errors.WithLabelValues(route).Inc() }

func (m *Metrics) slackCall(method string, err error) {
	outcome := "ok"
	if err != nil {
		outcome = "error"
		if slackErrCode(err) == "ratelimited" {
			outcome = "ratelimited"
		}
	}
	m.slackCalls.WithLabelValues(method, outcome).Inc()
}
