"""Throughput and p95 of the public pages, as a ratio to a bare Django view, on gunicorn.

    .venv/bin/python bench/run.py [--database-url postgres://postgres@127.0.0.1:5432/assonum_bench]
                                  [--setup] [--scale 1.0] [--seconds 8] [--threads 8] [--page-cache]

- ``--setup`` (re)creates the database: migrate, load_demo, make_bench_data --scale;
- starts gunicorn (2 sync workers, production settings, DEBUG off) with ``bench.settings``
  (the site + ``/bench/hello``);
- for each scenario of ``bench/scenarios.py``: a warm-up, then ``--threads`` client threads on
  loopback (http.client) GET the path for ``--seconds`` (bounded); prints requests/second, p50,
  p95 and the ratio of the throughput to hello's, measured in the same run: hello is measured
  again between every two scenarios, and each ratio is to the mean of the hello measured just
  before and just after it (the machine's speed drifts over a run; the hello row is the mean of
  all of them); ``--rounds`` (default 3) rounds through every scenario of ``--seconds /
  --rounds`` each, the ratio printed being the median of a scenario's rounds;
- each scenario is measured twice in the same run: on a gunicorn started with
  ``PAGE_CACHE_SECONDS=0`` (no page cache) and on a second one with ``PAGE_CACHE_SECONDS=
  --page-cache`` (default 300), each ratio to hello on the same server;
- the SQL queries per page (``bench/query_counts.py``: Django's test client under
  ``CaptureQueriesContext``, page cache off);
- the shared cache is Redis as in production (``--redis-url``, default
  ``redis://127.0.0.1:6379/14``; the database cache table when none answers); the client
  threads ask for gzip, as browsers do;
- ``--write`` puts the table, the date and the machine's load (``os.getloadavg()``) into
  ``bench/README.md`` between the ``bench:run`` markers.

The figures are reported, never asserted: the machines are shared and noisy.
"""

from __future__ import annotations

import argparse
import datetime
import http.client
import json
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


def redis_reachable(url: str) -> bool:
    """Whether a Redis server answers at ``url`` (a bare PING over a socket, no client library)."""
    import socket

    parts = urlsplit(url)
    try:
        with socket.create_connection((parts.hostname or "127.0.0.1", parts.port or 6379),
                                      timeout=1) as sock:
            sock.sendall(b"PING\r\n")
            return sock.recv(16).startswith(b"+PONG")
    except OSError:
        return False


def server_env(database_url: str, port: int, page_cache: int, redis_url: str = "") -> dict:
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
        REDIS_URL=redis_url,
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


def query_counts(env: dict, paths: list[str]) -> dict[str, int]:
    env = {**env, "PAGE_CACHE_SECONDS": "0"}
    done = subprocess.run([str(BIN / "python"), str(ROOT / "bench" / "query_counts.py"), *paths],
                          cwd=ROOT, env=env, capture_output=True, text=True)
    if done.returncode:
        print("  WARNING: query counts failed:", done.stderr[-500:], flush=True)
        return {}
    return json.loads(done.stdout.strip().splitlines()[-1])


def stop_server(server: subprocess.Popen) -> None:
    server.terminate()
    try:
        server.wait(timeout=15)
    except subprocess.TimeoutExpired:
        server.kill()


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
                # as a browser asks: the page cache stores the compressed body
                conn.request("GET", path, headers={"Host": "127.0.0.1",
                                                   "Accept-Encoding": "gzip"})
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


README = ROOT / "bench" / "README.md"
MARK_BEGIN, MARK_END = "<!-- bench:run -->", "<!-- /bench:run -->"


def table(rows, counts, args) -> str:
    load = ", ".join(f"{x:.2f}" for x in os.getloadavg())
    lines = [
        f"Run of {datetime.datetime.now(datetime.UTC):%Y-%m-%d %H:%M} UTC, machine load "
        f"(1, 5, 15 min) {load} on {os.cpu_count()} CPUs; gunicorn 2 sync workers, "
        f"{args.threads} client threads, {args.seconds:g} s per scenario in all; page cache "
        f"{args.page_cache} s on the second server; shared cache: {args.cache_backend}; "
        f"the client asks for gzip. {args.rounds} rounds of {args.seconds / args.rounds:g} s "
        "per scenario; hello is measured between every two scenarios; a ratio is the median of "
        "the scenario's rounds, each to the hello measured just before and after it (req/s and "
        "p95: medians of the rounds); hello's row is the mean of every hello (range "
        f"{hello_range(rows, 1)} req/s without the page cache, {hello_range(rows, 2)} with it); "
        f"lowest ratio of any round: {lowest_round(rows, 1):.3f} without the page cache, "
        f"{lowest_round(rows, 2):.3f} with it.",
        "",
        "| scenario | SQL | no cache req/s | p95 ms | ratio | page cache req/s | p95 ms | ratio "
        "| errors |",
        "|---|---:|---:|---:|---:|---:|---:|---:|---:|",
    ]
    for scenario, off, on in rows:
        r_off, r_on = off["ratio"], on["ratio"]
        sql = counts.get(scenario.path, "")
        lines.append(
            f"| {scenario.name} | {sql} | {off['rps']:.1f} | {off['p95']:.1f} | {r_off:.3f} "
            f"| {on['rps']:.1f} | {on['p95']:.1f} | {r_on:.3f} | {off['errors'] + on['errors']} |"
        )
    return "\n".join(lines)


def hello_range(rows, column: int) -> str:
    low, high = next(row[column]["spread"] for row in rows if row[0] is HELLO)
    return f"{low:,.0f}–{high:,.0f}"


def lowest_round(rows, column: int) -> float:
    return min(ratio for row in rows if row[0] is not HELLO for ratio in row[column]["ratios"])


def write_readme(text: str) -> None:
    content = README.read_text()
    block = f"{MARK_BEGIN}\n{text}\n{MARK_END}"
    if MARK_BEGIN in content and MARK_END in content:
        before, rest = content.split(MARK_BEGIN, 1)
        content = before + block + rest.split(MARK_END, 1)[1]
    else:
        content = content.replace("### Results\n", "### Results\n\n" + block + "\n", 1)
    README.write_text(content)


def run_phase(env, port, seconds, threads, rounds) -> list[dict]:
    """Each scenario's figures over ``rounds`` rounds of ``seconds / rounds`` each: the median
    of its rounds' req/s, p50 and p95, and ``ratio``, the median of its rounds' ratios, each to
    the mean of the hello measured just before and just after it on the same server (hello
    itself: the mean of every hello measurement). A round goes through every scenario in turn,
    so that a slow minute of the machine lands on one round of many scenarios, not on every
    round of one of them."""
    server = start_server(env, port)
    slice_seconds = seconds / rounds
    try:
        measure(port, HELLO.path, 1.0, 2)  # warm-up: connections
        hellos = [measure(port, HELLO.path, slice_seconds, threads)]
        scenarios = [scenario for scenario in SCENARIOS if scenario is not HELLO]
        runs: dict = {scenario: [] for scenario in scenarios}
        for number in range(rounds):
            for scenario in scenarios:
                if number == 0:
                    measure(port, scenario.path, 1.0, 2)  # warm-up: caches, connections
                result = measure(port, scenario.path, slice_seconds, threads)
                hellos.append(measure(port, HELLO.path, slice_seconds, threads))
                result["ratio"] = result["rps"] / ((hellos[-2]["rps"] + hellos[-1]["rps"]) / 2)
                runs[scenario].append(result)
            print(f"  round {number + 1} of {rounds} measured", flush=True)
        results = {}
        for scenario, measured in runs.items():
            results[scenario] = {
                key: statistics.median(r[key] for r in measured)
                for key in ("rps", "p50", "p95", "mean", "ratio")
            }
            results[scenario]["errors"] = sum(r["errors"] for r in measured)
            results[scenario]["ratios"] = [r["ratio"] for r in measured]
        results[HELLO] = {
            "rps": statistics.fmean(h["rps"] for h in hellos), "ratio": 1.0,
            "p50": statistics.median(h["p50"] for h in hellos),
            "p95": statistics.median(h["p95"] for h in hellos),
            "mean": statistics.fmean(h["mean"] for h in hellos),
            "errors": sum(h["errors"] for h in hellos), "ratios": [1.0],
            "spread": (min(h["rps"] for h in hellos), max(h["rps"] for h in hellos)),
        }
        return [results[scenario] for scenario in SCENARIOS]
    finally:
        stop_server(server)


def main(argv=None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--database-url", default=os.environ.get("BENCH_DATABASE_URL", DEFAULT_DB))
    parser.add_argument("--setup", action="store_true")
    parser.add_argument("--scale", type=float, default=1.0)
    parser.add_argument("--seconds", type=float, default=8.0)
    parser.add_argument("--threads", type=int, default=8)
    parser.add_argument("--port", type=int, default=8199)
    parser.add_argument("--page-cache", type=int, default=300, metavar="SECONDS")
    parser.add_argument("--rounds", type=int, default=3,
                        help="rounds per scenario (the ratio is the median of its rounds)")
    parser.add_argument("--write", action="store_true", help="write the table into README.md")
    parser.add_argument("--redis-url", default=os.environ.get("BENCH_REDIS_URL",
                                                              "redis://127.0.0.1:6379/14"),
                        help="the shared cache, as in production (the database cache when "
                             "no Redis answers there, or with --redis-url '')")
    args = parser.parse_args(argv)
    if not args.database_url.startswith("postgres"):
        raise SystemExit("The benchmark runs on PostgreSQL (see bench/README.md).")

    redis_url = args.redis_url if args.redis_url and redis_reachable(args.redis_url) else ""
    args.cache_backend = f"Redis ({redis_url})" if redis_url else "the database cache table"
    print("Shared cache:", args.cache_backend, flush=True)
    env_off = server_env(args.database_url, args.port, 0, redis_url)
    env_on = server_env(args.database_url, args.port, args.page_cache, redis_url)
    if args.setup:
        print("Setting up", args.database_url, flush=True)
        setup_database(args.database_url, env_off, args.scale)
    counts = query_counts(env_off, [s.path for s in SCENARIOS])
    # One server at a time (same port): the two phases never compete for the CPUs.
    print("Without the page cache", flush=True)
    off = run_phase(env_off, args.port, args.seconds, args.threads, args.rounds)
    print(f"With the page cache ({args.page_cache} s)", flush=True)
    on = run_phase(env_on, args.port, args.seconds, args.threads, args.rounds)
    rows = list(zip(SCENARIOS, off, on, strict=True))
    text = table(rows, counts, args)
    print()
    print(text)
    if args.write:
        write_readme(text)
        print(f"\nWritten into {README.relative_to(ROOT)}")


if __name__ == "__main__":
    main()
