package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/http"
	"sync"
	"time"

	"github.com/kscheck/kscheck/internal/kscheck"
	"github.com/kscheck/kscheck/internal/metrics"
	"github.com/kscheck/kscheck/internal/poll"
	"github.com/kscheck/kscheck/internal/service"
	"github.com/kscheck/kscheck/internal/webhook"
)

// opsOptions are serve's settings for operations: where Prometheus scrapes
// and how logs are written.
type opsOptions struct {
	metricsAddr, logFormat string
}

func addOpsFlags(fs *flag.FlagSet, env *Env) *opsOptions {
	o := &opsOptions{}
	fs.StringVar(&o.metricsAddr, "metrics-addr", env.Getenv("KSCHECK_METRICS_ADDR"), "separate address for Prometheus metrics at /metrics, e.g. 127.0.0.1:9464 (env KSCHECK_METRICS_ADDR); never served on --addr")
	fs.StringVar(&o.logFormat, "log-format", envOr(env, "KSCHECK_LOG_FORMAT", "text"), "text or json (env KSCHECK_LOG_FORMAT): json writes one JSON object per line, for central logging")
	return o
}

// logger returns the logger the options ask for, writing to w.
func (o *opsOptions) logger(w io.Writer) (*slog.Logger, error) {
	switch o.logFormat {
	case "text":
		return slog.New(slog.NewTextHandler(w, nil)), nil
	case "json":
		return slog.New(slog.NewJSONHandler(w, nil)), nil
	}
	return nil, kscheck.Errorf(kscheck.EInvalid, "--log-format %q is not text or json", o.logFormat)
}

// serveMetrics serves m on its own listener until ctx ends; it returns the
// address it listens on and a stop that waits for it.
func serveMetrics(ctx context.Context, addr string, m *metrics.Metrics) (string, func(), error) {
	ln, err := net.Listen("tcp", addr)
	if err != nil {
		return "", nil, fmt.Errorf("cannot listen for metrics on %s: %w (choose another with --metrics-addr)", addr, err)
	}
	mux := http.NewServeMux()
	mux.Handle("GET /metrics", m.Handler())
	hs := &http.Server{Handler: mux, ReadHeaderTimeout: 10 * time.Second, WriteTimeout: 30 * time.Second}
	done := make(chan struct{})
	go func() { defer close(done); hs.Serve(ln) }()
	stop := func() {
		shutdown, cancel := context.WithTimeout(context.Background(), 5*time.Second)
		defer cancel()
		if err := hs.Shutdown(shutdown); err != nil && !errors.Is(err, http.ErrServerClosed) {
			hs.Close()
		}
		<-done
	}
	return ln.Addr().String(), stop, nil
}

// startWebhooks runs the worker that posts webhook deliveries and the job
// that announces overdue measures, until the returned stop is called.
func startWebhooks(ctx context.Context, svc *service.Service) (stop func()) {
	ctx, cancel := context.WithCancel(ctx)
	w := &webhook.Worker{Queue: svc.WebhookQueue(), Logger: svc.Log}
	var wg sync.WaitGroup
	wg.Add(2)
	go func() { defer wg.Done(); w.Run(ctx) }()
	go func() {
		defer wg.Done()
		poll.Every(ctx, 10*time.Minute, func(ctx context.Context) {
			if _, err := svc.QueueOverdueMeasures(ctx); err != nil && ctx.Err() == nil {
				svc.Log.ErrorContext(ctx, "queueing overdue measures", "err", err)
			}
		})
	}()
	return func() { cancel(); wg.Wait() }
}
