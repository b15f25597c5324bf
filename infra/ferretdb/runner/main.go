// Command ferretdb-runner embeds FerretDB (v1.24, PostgreSQL handler) and
// serves the MongoDB wire protocol on a loopback address.
//
// Configuration (flag, then env var, then default):
//
//	-listen     FERRETDB_LISTEN       127.0.0.1:57017
//	-pg-url     FERRETDB_POSTGRESQL_URL  (required) postgres://user:pass@127.0.0.1:5432/ferretdb
//	-log-level  FERRETDB_LOG_LEVEL    info   (debug|info|warn|error)
//	-pg-check   FERRETDB_PG_CHECK     true   (ping PostgreSQL before listening)
//
// Memory: set GOMEMLIMIT (e.g. GOMEMLIMIT=256MiB) in the environment; the Go
// runtime honours it directly. If the URL has no pool_max_conns parameter,
// the runner sets it to 10 (FerretDB's own default is 50).
//
// Network: the embedded package never starts the telemetry reporter (that
// lives only in FerretDB's cmd/ferretdb); it additionally marks telemetry as
// disabled and locked. No debug/metrics HTTP server is started. The only
// outbound connections are to PostgreSQL.
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"log/slog"
	"net"
	"net/url"
	"os"
	"os/signal"
	"strconv"
	"strings"
	"syscall"
	"time"

	"github.com/FerretDB/FerretDB/ferretdb"
	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgxpool"
)

const defaultPoolMaxConns = "10"

func envOr(key, def string) string {
	if v, ok := os.LookupEnv(key); ok && v != "" {
		return v
	}
	return def
}

func fail(format string, args ...any) {
	fmt.Fprintf(os.Stderr, "ferretdb-runner: "+format+"\n", args...)
	os.Exit(1)
}

func parseLevel(s string) (slog.Level, error) {
	var l slog.Level
	err := l.UnmarshalText([]byte(strings.ToUpper(strings.TrimSpace(s))))
	return l, err
}

// redact hides the password in a PostgreSQL URL for logging.
func redact(u *url.URL) string {
	c := *u
	if c.User != nil {
		if _, has := c.User.Password(); has {
			c.User = url.UserPassword(c.User.Username(), "xxxxx")
		}
	}
	return c.String()
}

// pingPostgreSQL fails fast with a clear error if PostgreSQL is unreachable
// or rejects the credentials (FerretDB itself only connects lazily).
func pingPostgreSQL(ctx context.Context, pgURL string) error {
	ctx, cancel := context.WithTimeout(ctx, 10*time.Second)
	defer cancel()

	// pgxpool.ParseConfig understands (and strips) pool_* parameters.
	cfg, err := pgxpool.ParseConfig(pgURL)
	if err != nil {
		return err
	}
	conn, err := pgx.ConnectConfig(ctx, cfg.ConnConfig)
	if err != nil {
		return err
	}
	defer conn.Close(context.Background())
	return conn.Ping(ctx)
}

func main() {
	defPGCheck, err := strconv.ParseBool(envOr("FERRETDB_PG_CHECK", "true"))
	if err != nil {
		fail("invalid FERRETDB_PG_CHECK: %v", err)
	}

	listen := flag.String("listen", envOr("FERRETDB_LISTEN", "127.0.0.1:57017"), "TCP listen address (env FERRETDB_LISTEN)")
	pgURL := flag.String("pg-url", envOr("FERRETDB_POSTGRESQL_URL", ""), "PostgreSQL URL (env FERRETDB_POSTGRESQL_URL)")
	logLevel := flag.String("log-level", envOr("FERRETDB_LOG_LEVEL", "info"), "log level: debug, info, warn, error (env FERRETDB_LOG_LEVEL)")
	pgCheck := flag.Bool("pg-check", defPGCheck, "ping PostgreSQL at startup and exit if unreachable (env FERRETDB_PG_CHECK)")
	flag.Parse()

	if flag.NArg() > 0 {
		fail("unexpected arguments: %v", flag.Args())
	}

	level, err := parseLevel(*logLevel)
	if err != nil {
		fail("invalid log level %q (want debug, info, warn or error)", *logLevel)
	}
	logger := slog.New(slog.NewTextHandler(os.Stderr, &slog.HandlerOptions{Level: level}))
	slog.SetDefault(logger)

	if *pgURL == "" {
		fail("PostgreSQL URL is required (-pg-url or FERRETDB_POSTGRESQL_URL)")
	}
	u, err := url.Parse(*pgURL)
	if err != nil || (u.Scheme != "postgres" && u.Scheme != "postgresql") {
		fail("invalid PostgreSQL URL (want postgres://user:pass@host:port/db)")
	}
	q := u.Query()
	if !q.Has("pool_max_conns") {
		q.Set("pool_max_conns", defaultPoolMaxConns)
		u.RawQuery = q.Encode()
	}

	if _, _, err := net.SplitHostPort(*listen); err != nil {
		fail("invalid listen address %q: %v", *listen, err)
	}

	ctx, stop := signal.NotifyContext(context.Background(), syscall.SIGINT, syscall.SIGTERM)
	defer stop()

	if *pgCheck {
		if err := pingPostgreSQL(ctx, u.String()); err != nil {
			fail("cannot connect to PostgreSQL at %s: %v", redact(u), err)
		}
		logger.Info("PostgreSQL reachable", slog.String("url", redact(u)))
	}

	f, err := ferretdb.New(&ferretdb.Config{
		Listener:      ferretdb.ListenerConfig{TCP: *listen},
		Logger:        logger,
		Handler:       "postgresql",
		PostgreSQLURL: u.String(),
	})
	if err != nil {
		fail("cannot start FerretDB: %v", err)
	}

	done := make(chan error, 1)
	go func() { done <- f.Run(ctx) }()

	// MongoDBURI blocks until the listener is bound.
	logger.Info("FerretDB listening",
		slog.String("uri", f.MongoDBURI()),
		slog.String("gomemlimit", envOr("GOMEMLIMIT", "unset")),
	)

	if err := <-done; err != nil && !errors.Is(err, context.Canceled) {
		fail("FerretDB stopped with error: %v", err)
	}
	if ctx.Err() == nil {
		// Run returned without a signal: the listener died on its own.
		fail("FerretDB stopped unexpectedly")
	}
	logger.Info("FerretDB stopped cleanly")
}
