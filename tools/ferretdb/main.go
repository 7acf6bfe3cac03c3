// Command ferretdb runs an embedded FerretDB (v1.24, SQLite backend) that speaks
// the MongoDB wire protocol. It exists for local tests and demos only, so that
// no MongoDB server or Docker is needed.
//
// Usage:
//
//	ferretdb [--listen-addr 127.0.0.1:27027] [--sqlite-dir .data/ferretdb] [--log-level warn]
//	ferretdb [--listen-addr 127.0.0.1:27027] --postgresql-url postgres://user@127.0.0.1:55432/ferretdb
//
// The SQLite backend needs nothing else but only pushes {_id: <string|ObjectId>} filters down to
// SQL; every other query scans the whole collection. The PostgreSQL backend (needs a running
// PostgreSQL) pushes simple equality filters down and is much faster on larger collections.
//
// It stops gracefully on SIGINT/SIGTERM (a second signal exits at once).
package main

import (
	"context"
	"flag"
	"fmt"
	"log/slog"
	"os"
	"os/signal"
	"path/filepath"
	"strings"
	"syscall"

	"github.com/FerretDB/FerretDB/ferretdb"
)

// filterHandler passes records at or above level, plus the "Listening on ..."
// record so that the log always shows when the listener is up.
type filterHandler struct {
	slog.Handler
	level slog.Level
}

// Enabled must not say yes to debug records below the level: FerretDB checks it before
// rendering every request and response as text, which is costly for large documents.
func (h *filterHandler) Enabled(_ context.Context, level slog.Level) bool {
	return level >= h.level || level >= slog.LevelInfo
}

func (h *filterHandler) Handle(ctx context.Context, r slog.Record) error {
	if r.Level < h.level && !strings.HasPrefix(r.Message, "Listening on") {
		return nil
	}
	return h.Handler.Handle(ctx, r)
}

func (h *filterHandler) WithAttrs(attrs []slog.Attr) slog.Handler {
	return &filterHandler{Handler: h.Handler.WithAttrs(attrs), level: h.level}
}

func (h *filterHandler) WithGroup(name string) slog.Handler {
	return &filterHandler{Handler: h.Handler.WithGroup(name), level: h.level}
}

func main() {
	listenAddr := flag.String("listen-addr", "127.0.0.1:27027", "TCP address to listen on (host:port)")
	sqliteDir := flag.String("sqlite-dir", ".data/ferretdb", "directory holding the SQLite databases (created if missing)")
	pgURL := flag.String("postgresql-url", "", "use the PostgreSQL backend with this URL instead of SQLite")
	logLevel := flag.String("log-level", "warn", "log level: debug, info, warn or error")
	flag.Parse()

	var level slog.Level
	if err := level.UnmarshalText([]byte(*logLevel)); err != nil {
		fmt.Fprintf(os.Stderr, "ferretdb: bad --log-level %q: %s\n", *logLevel, err)
		os.Exit(2)
	}

	base := slog.NewTextHandler(os.Stderr, &slog.HandlerOptions{Level: slog.LevelDebug})
	logger := slog.New(&filterHandler{Handler: base, level: level}) // FerretDB's own logs
	mainLog := slog.New(base)                                       // this wrapper's few lines, always shown
	slog.SetDefault(logger)

	cfg := &ferretdb.Config{
		Listener: ferretdb.ListenerConfig{TCP: *listenAddr},
		Logger:   logger,
	}

	if *pgURL != "" {
		cfg.Handler = "postgresql"
		cfg.PostgreSQLURL = *pgURL
		mainLog.Info("FerretDB starting", "listen", *listenAddr, "backend", "postgresql", "pid", os.Getpid())
	} else {
		dir, err := filepath.Abs(*sqliteDir)
		if err != nil {
			mainLog.Error("bad --sqlite-dir", "err", err)
			os.Exit(1)
		}
		if err := os.MkdirAll(dir, 0o755); err != nil {
			mainLog.Error("cannot create --sqlite-dir", "dir", dir, "err", err)
			os.Exit(1)
		}

		// FerretDB wants a "file:" URI naming an existing directory, ending with "/".
		cfg.Handler = "sqlite"
		cfg.SQLiteURL = "file:" + filepath.ToSlash(dir) + "/"
		mainLog.Info("FerretDB starting", "listen", *listenAddr, "backend", "sqlite", "sqlite", cfg.SQLiteURL, "pid", os.Getpid())
	}

	f, err := ferretdb.New(cfg)
	if err != nil {
		mainLog.Error("cannot start FerretDB", "err", err)
		os.Exit(1)
	}

	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	go func() {
		<-ctx.Done()
		stop() // a second signal now kills the process the default way
	}()

	// Run blocks until ctx is canceled, then closes the listener, connections and backend.
	if err := f.Run(ctx); err != nil {
		mainLog.Error("FerretDB stopped with error", "err", err)
		os.Exit(1)
	}

	mainLog.Info("FerretDB stopped")
}
