package scheduler

import (
	"time"

	"github.com/prometheus/client_golang/prometheus"
)

// metrics answer an operator's questions about scheduled messages: are
// jobs running and failing, and what becomes of deliveries.
type metrics struct {
	runs       *prometheus.CounterVec
	runSeconds *prometheus.HistogramVec
	deliveries *prometheus.CounterVec
	backlog    *prometheus.GaugeVec
}

func newMetrics(reg prometheus.Registerer) *metrics {
	m := &metrics{
		runs: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "onetoone_job_runs_total",
			Help: "Scheduler job runs by job and outcome (ok, error).",
		}, []string{"job", "outcome"}),
		runSeconds: prometheus.NewHistogramVec(prometheus.HistogramOpts{
			Name:    "onetoone_job_seconds",
			Help:    "How long a scheduler job run took, draining included.",
			Buckets: []float64{.01, .05, .25, 1, 5, 30, 120, 600, 3600},
		}, []string{"job"}),
		deliveries: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "onetoone_deliveries_total",
			Help: "Scheduled messages claimed, by kind and outcome (sent, skipped, deferred, retried, failed).",
		}, []string{"kind", "outcome"}),
		backlog: prometheus.NewGaugeVec(prometheus.GaugeOpts{
			Name: "onetoone_deliveries_due",
			Help: "Scheduled messages due and not yet sent after a job's run, by job: the queue's depth.",
		}, []string{"job"}),
	}
	if reg != nil {
		reg.MustRegister(m.runs, m.runSeconds, m.deliveries, m.backlog)
	}
	return m
}

func (m *metrics) ran(job string, err error, d time.Duration) {
	outcome := "ok"
	if err != nil {
		outcome = "error"
	}
	m.runs.WithLabelValues(job, outcome).Inc()
	m.runSeconds.WithLabelValues(job).Observe(d.Seconds())
}

func (m *metrics) delivery(kind, outcome string) { m.deliveries.WithLabelValues(kind, outcome).Inc() }
