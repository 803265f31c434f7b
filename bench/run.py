"""Throughput and p95 of the public pages, as a ratio to a bare Django view, on gunicorn.

    .venv/bin/python bench/run.py [--database-url postgres://postgres@127.0.0.1:5432/assonum_bench]
                                  [--setup] [--scale 1.0] [--seconds 8] [--threads 8] [--page-cache]

- ``--setup`` (re)creates the database: migrate, load_demo, make_bench_data --scale;
- starts gunicorn (2 sync workers, production settings, DEBUG off) with ``bench.settings``
  (the site + ``/bench/hello``);
- for each scenario of ``bench/scenarios.py``: a warm-up, then ``--threads`` client threads on
  loopback (http.client) GET the path for ``--seconds`` (bounded); prints requests/second, p50,
  p95 and the ratio of the throughput to hello's, measured in the same run;
- ``--page-cache`` sets ``PAGE_CACHE_SECONDS`` for the server (only meaningful once a page cache
  reads it).

The figures are reported, never asserted: the machines are shared and noisy.
"""

from __future__ import annotations

import argparse
import http.client
import os
import secrets
import statistics
import subprocess
import sys
import threading
import time
import urllib.request
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
BIN = Path(sys.executable).parent

from bench.scenarios import HELLO, SCENARIOS  # noqa: E402

DEFAULT_DB = "postgres://postgres@127.0.0.1:5432/assonum_bench"


def server_env(database_url: str, port: int, page_cache: int) -> dict:
    env = {k: v for k, v in os.environ.items() if k not in {"ASSONUM_TESTING", "DEBUG"}}
    env.update(
        DJANGO_SETTINGS_MODULE="bench.settings",
        DATABASE_URL=database_url,
        DEBUG="0",
        SECRET_KEY=secrets.token_urlsafe(50),
        ALLOWED_HOSTS="127.0.0.1,localhost",
        SITE_URL=f"http://127.0.0.1:{port}",
        SECURE_SSL_REDIRECT="0",
        SECURE_COOKIES="0",
        SECURE_HSTS_SECONDS="0",
        VAR_DIR=str(ROOT / "var" / "bench"),
        STATIC_ROOT=str(ROOT / "var" / "bench" / "static"),
        TASKS_BACKEND="django_tasks.backends.immediate.ImmediateBackend",
        PAGE_CACHE_SECONDS=str(page_cache),
        LOG_LEVEL="WARNING",
    )
    return env


def setup_database(database_url: str, env: dict, scale: float) -> None:
    import psycopg

    parts = urlsplit(database_url)
    name = parts.path.lstrip("/")
    with psycopg.connect(urlunsplit(parts._replace(path="/postgres")), autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        conn.execute(f'CREATE DATABASE "{name}"')

    def manage(*args, check=True):
        print("  manage.py", *args, flush=True)
        done = subprocess.run([str(BIN / "python"), "manage.py", *args], cwd=ROOT, env=env,
                              check=check, stdout=subprocess.DEVNULL)
        if done.returncode:
            print(f"  WARNING: manage.py {args[0]} failed; going on with what was loaded",
                  flush=True)

    manage("migrate", "--no-input", "-v", "0")
    # One module's demo failing must not stop the measurement of the others.
    manage("load_demo", check=False)
    manage("make_bench_data", "--scale", str(scale))
    # Fresh statistics: right after a bulk load the planner would guess "1 row" everywhere.
    with psycopg.connect(database_url, autocommit=True) as conn:
        conn.execute("ANALYZE")


def start_server(env: dict, port: int) -> subprocess.Popen:
    subprocess.run([str(BIN / "python"), "manage.py", "collectstatic", "--no-input", "-v", "0"],
                   cwd=ROOT, env=env, check=True)
    server = subprocess.Popen(
        [str(BIN / "gunicorn"), "config.wsgi", "--bind", f"127.0.0.1:{port}", "--workers", "2",
         "--timeout", "120", "--log-level", "warning"],
        cwd=ROOT, env=env,
    )
    deadline = time.monotonic() + 90
    while True:
        try:
            with urllib.request.urlopen(f"http://127.0.0.1:{port}/healthz", timeout=2) as r:
                if r.status == 200:
                    return server
        except OSError:
            if server.poll() is not None or time.monotonic() > deadline:
                server.kill()
                raise SystemExit("gunicorn did not start") from None
            time.sleep(0.3)


def measure(port: int, path: str, seconds: float, threads: int, max_requests: int = 100_000):
    latencies: list[float] = []
    errors = [0]
    lock = threading.Lock()
    stop_at = time.monotonic() + seconds

    def worker():
        conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
        mine = []
        while time.monotonic() < stop_at and len(mine) < max_requests // threads:
            started = time.perf_counter()
            try:
                conn.request("GET", path, headers={"Host": "127.0.0.1"})
                response = conn.getresponse()
                response.read()
                if response.status != 200:
                    with lock:
                        errors[0] += 1
                if response.getheader("Connection", "").lower() == "close":
                    conn.close()
                    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
            except (OSError, http.client.HTTPException):
                with lock:
                    errors[0] += 1
                conn.close()
                conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
                continue
            mine.append(time.perf_counter() - started)
        conn.close()
        with lock:
            latencies.extend(mine)

    began = time.monotonic()
    pool = [threading.Thread(target=worker) for _ in range(threads)]
    for t in pool:
        t.start()
    for t in pool:
        t.join()
    elapsed = time.monotonic() - began
    latencies.sort()
    def p(q):
        if not latencies:
            return 0.0
        return latencies[min(len(latencies) - 1, int(q * len(latencies)))] * 1000

    return {
        "rps": len(latencies) / elapsed if elapsed else 0.0,
        "p50": p(0.50), "p95": p(0.95),
        "n": len(latencies), "errors": errors[0],
        "mean": statistics.fmean(latencies) * 1000 if latencies else 0.0,
    }


def main(argv=None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--database-url", default=os.environ.get("BENCH_DATABASE_URL", DEFAULT_DB))
    parser.add_argument("--setup", action="store_true")
    parser.add_argument("--scale", type=float, default=1.0)
    parser.add_argument("--seconds", type=float, default=8.0)
    parser.add_argument("--threads", type=int, default=8)
    parser.add_argument("--port", type=int, default=8199)
    parser.add_argument("--page-cache", type=int, default=0, metavar="SECONDS")
    args = parser.parse_args(argv)
    if not args.database_url.startswith("postgres"):
        raise SystemExit("The benchmark runs on PostgreSQL (see bench/README.md).")

    env = server_env(args.database_url, args.port, args.page_cache)
    if args.setup:
        print("Setting up", args.database_url, flush=True)
        setup_database(args.database_url, env, args.scale)
    server = start_server(env, args.port)
    try:
        rows = []
        for scenario in SCENARIOS:
            measure(args.port, scenario.path, 1.0, 2)  # warm-up: caches, connections
            rows.append((scenario, measure(args.port, scenario.path, args.seconds, args.threads)))
            print(f"  measured {scenario.name}", flush=True)
    finally:
        server.terminate()
        try:
            server.wait(timeout=15)
        except subprocess.TimeoutExpired:
            server.kill()

    hello = next(r for s, r in rows if s is HELLO)
    print()
    print(f"gunicorn 2 workers, {args.threads} client threads, {args.seconds:g} s per scenario, "
          f"page cache {args.page_cache or 'off'}")
    header = (f"| {'scenario':<34} | {'req/s':>8} | {'p50 ms':>7} | {'p95 ms':>7} "
              f"| {'ratio':>6} | {'errors':>6} |")
    print(header)
    print("|" + "|".join("-" * (len(c)) for c in header.split("|")[1:-1]) + "|")
    for scenario, r in rows:
        ratio = r["rps"] / hello["rps"] if hello["rps"] else 0.0
        print(f"| {scenario.name:<34} | {r['rps']:>8.1f} | {r['p50']:>7.1f} | {r['p95']:>7.1f} | "
              f"{ratio:>6.3f} | {r['errors']:>6} |")


if __name__ == "__main__":
    main()
