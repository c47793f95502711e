// Package metrics exposes what operators watch in Prometheus: requests by
// route, checks by state, deadlines at risk, the e-mail and webhook
// backlogs, the age of each list snapshot, and screening latency. The
// figures are counts and durations, never case content; they are served
// on their own listener (serve --metrics-addr), never on the public port.
package metrics

import (
	"context"
	"net/http"
	"strconv"
	"time"

	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/collectors"
	"github.com/prometheus/client_golang/prometheus/promhttp"

	"github.com/kscheck/kscheck/internal/service"
)

// Metrics holds kscheck's Prometheus registry.
type Metrics struct {
	reg      *prometheus.Registry
	requests *prometheus.CounterVec
	latency  *prometheus.HistogramVec
}

// New registers kscheck's metrics for svc and sets svc's screening
// latency histogram.
func New(svc *service.Service) *Metrics {
	reg := prometheus.NewRegistry()
	m := &Metrics{
		reg: reg,
		requests: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "kscheck_http_requests_total", Help: "HTTP requests by route pattern, method and status code.",
		}, []string{"route", "method", "code"}),
		latency: prometheus.NewHistogramVec(prometheus.HistogramOpts{
			Name: "kscheck_http_request_duration_seconds", Help: "HTTP request latency by route pattern and method.",
			Buckets: []float64{.005, .01, .025, .05, .1, .25, .5, 1, 2.5, 5, 10},
		}, []string{"route", "method"}),
	}
	screening := prometheus.NewHistogram(prometheus.HistogramOpts{
		Name: "kscheck_screening_duration_seconds", Help: "Time to screen one partner against the lists.",
		Buckets: []float64{.001, .0025, .005, .01, .025, .05, .1, .25, .5, 1},
	})
	svc.ScreeningLatency = screening
	reg.MustRegister(m.requests, m.latency, screening, &stateCollector{svc: svc},
		collectors.NewGoCollector(), collectors.NewProcessCollector(collectors.ProcessCollectorOpts{}))
	return m
}

// ObserveRequest counts one answered request; route is the pattern that
// matched ("" for none), so that the labels stay few.
func (m *Metrics) ObserveRequest(route, method string, status int, d time.Duration) {
	if route == "" {
		route = "unmatched"
	}
	m.requests.WithLabelValues(route, method, strconv.Itoa(status)).Inc()
	m.latency.WithLabelValues(route, method).Observe(d.Seconds())
}

// Handler serves the metrics in Prometheus's text format.
func (m *Metrics) Handler() http.Handler {
	return promhttp.HandlerFor(m.reg, promhttp.HandlerOpts{Registry: m.reg})
}

var (
	checksDesc   = prometheus.NewDesc("kscheck_checks", "Checks by state.", []string{"state"}, nil)
	riskDesc     = prometheus.NewDesc("kscheck_deadlines_at_risk", "Checks awaiting a verdict whose deadline has passed (overdue) or falls within the warning period (near).", []string{"when"}, nil)
	backlogDesc  = prometheus.NewDesc("kscheck_outbox_backlog", "Messages queued and not yet sent nor given up, by queue.", []string{"queue"}, nil)
	snapshotDesc = prometheus.NewDesc("kscheck_list_snapshot_age_seconds", "Time since the screening list's active snapshot was fetched.", []string{"list"}, nil)
	scrapeDesc   = prometheus.NewDesc("kscheck_metrics_scrape_error", "1 when the database figures could not be read at this scrape.", nil, nil)
)

// stateCollector reads the database figures at each scrape.
type stateCollector struct{ svc *service.Service }

func (c *stateCollector) Describe(ch chan<- *prometheus.Desc) {
	for _, d := range []*prometheus.Desc{checksDesc, riskDesc, backlogDesc, snapshotDesc, scrapeDesc} {
		ch <- d
	}
}

func (c *stateCollector) Collect(ch chan<- prometheus.Metric) {
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	failed := 0.0
	st, err := c.svc.OpsStats(ctx)
	if err != nil {
		c.svc.Log.Error("metrics: reading the figures", "err", err)
		failed = 1
	} else {
		for state, n := range st.CasesByState {
			ch <- prometheus.MustNewConstMetric(checksDesc, prometheus.GaugeValue, float64(n), state)
		}
		ch <- prometheus.MustNewConstMetric(riskDesc, prometheus.GaugeValue, float64(st.DeadlinesOverdue), "overdue")
		ch <- prometheus.MustNewConstMetric(riskDesc, prometheus.GaugeValue, float64(st.DeadlinesNear), "near")
		ch <- prometheus.MustNewConstMetric(backlogDesc, prometheus.GaugeValue, float64(st.MailBacklog), "mail")
		ch <- prometheus.MustNewConstMetric(backlogDesc, prometheus.GaugeValue, float64(st.WebhookBacklog), "webhook")
	}
	if c.svc.Screening != nil {
		ix, err := c.svc.Screening.Index(ctx)
		if err != nil {
			c.svc.Log.Error("metrics: reading the list snapshots", "err", err)
			failed = 1
		} else {
			now := c.svc.Now()
			for _, sn := range ix.Snapshots() {
				ch <- prometheus.MustNewConstMetric(snapshotDesc, prometheus.GaugeValue, now.Sub(sn.Fetched).Seconds(), string(sn.List))
			}
		}
	}
	ch <- prometheus.MustNewConstMetric(scrapeDesc, prometheus.GaugeValue, failed)
}
