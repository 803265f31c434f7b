"""Load test of the public pages: locust, 200 visitors, against gunicorn on PostgreSQL.

    .venv/bin/python bench/load.py [--database-url postgres://postgres@127.0.0.1:5432/assonum_bench]
                                   [--setup] [--scale 1.0] [--users 200] [--spawn-rate 50]
                                   [--run-time 60] [--page-cache SECONDS]
    make load

- the server is the one of ``bench/run.py`` (same code: 2 sync gunicorn workers, production
  settings, DEBUG off, Redis as the shared cache when one answers at ``--redis-url``), with the
  page cache on (``--page-cache 300``; ``0`` to measure without); ``--setup`` (re)creates the
  database like ``bench/run.py --setup``;
- real URLs of tools, guides, places and stories are read from the list pages first, so the
  visitors ask for pages that exist in whatever data is loaded;
- locust runs headless in a subprocess with a hard timeout (``--run-time`` + 90 s); every
  answer that is not 2xx (redirects are not followed) is counted as a failure by status;
- prints requests/s, p50/p95/p99 per page kind and in total, and every non-2xx; the exit code
  is 1 when the budget is not met (any 5xx or a connection error, or p99 > ``--p99-budget``).

This file is also the locustfile (``locust -f bench/load.py``): the classes below are what
locust reads; ``main()`` only runs when the file is executed as a script.
"""

from __future__ import annotations

import csv
import json
import os
import random
import re
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

# --- The visitors (read by locust) ------------------------------------------------------------

if __name__ == "__main__":
    # The runner does not import locust (its gevent monkey-patching is for the locust process).
    FastHttpUser = object

    def task(weight):
        return lambda f: f

    def between(a, b):
        return None
else:
    from locust import FastHttpUser, between, task


def _urls(kind: str) -> list[str]:
    found = json.loads(os.environ.get("ASSONUM_LOAD_URLS", "{}")).get(kind) or []
    return found or ["/"]


COMMUNES = ["Ch%C3%A2teauroux", "Tours", "Bourges", "Le%20Blanc", "La%20Ch%C3%A2tre", "Blois"]


class PublicVisitor(FastHttpUser):
    """An anonymous visitor; the weights follow what a regional directory's visits look like:
    the home page and the directory first, then the toolbox, stories, search and archive."""

    wait_time = between(1, 5)

    def _get(self, path: str, name: str) -> None:
        with self.client.get(path, name=name, allow_redirects=False,
                             catch_response=True) as response:
            if not 200 <= response.status_code < 300:
                response.failure(f"HTTP {response.status_code}")
            else:
                response.success()

    @task(20)
    def home(self):
        self._get("/", "home")

    @task(12)
    def directory_near_commune(self):
        commune = random.choice(COMMUNES)
        self._get(f"/annuaire/?pres_de={commune}&rayon=20", "directory near a commune")

    @task(6)
    def directory_list(self):
        self._get("/annuaire/", "directory list")

    @task(12)
    def place(self):
        self._get(random.choice(_urls("place")), "place page")

    @task(8)
    def toolbox_list(self):
        self._get(random.choice([
            "/boite-a-outils/",
            "/boite-a-outils/?licence=libre&besoin=collaborer",
            "/boite-a-outils/?licence=libre&cout=gratuit&page=2",
        ]), "toolbox list (filters)")

    @task(10)
    def tool(self):
        self._get(random.choice(_urls("tool")), "tool page")

    @task(8)
    def guide(self):
        self._get(random.choice(_urls("guide")), "guide page")

    @task(5)
    def story_list(self):
        self._get(random.choice(["/temoignages/", "/temoignages/?departement=37"]), "story list")

    @task(6)
    def story(self):
        self._get(random.choice(_urls("story")), "story page")

    @task(6)
    def search(self):
        self._get("/recherche/?q=" + random.choice(
            ["sondage", "association+numerique", "comptabilit%C3%A9", "visio", "rgpd"]), "search")

    @task(3)
    def newsletter_archive(self):
        self._get("/lettre/archives/", "newsletter archive")


# --- The runner ---------------------------------------------------------------------------------

ROOT = Path(__file__).resolve().parents[1]
KINDS = {
    # kind: (list page, pattern of a detail link on it)
    "place": ("/annuaire/", r'href="(/annuaire/(?!proposer/|moderation/)[a-z0-9-]+/)"'),
    "tool": ("/boite-a-outils/", r'href="(/boite-a-outils/[a-z0-9-]+/)"'),
    "guide": ("/fiches-pratiques/", r'href="(/fiches-pratiques/[a-z0-9-]+/)"'),
    "story": ("/temoignages/", r'href="(/temoignages/(?!proposer/)[a-z0-9-]+/)"'),
}


def discover(port: int) -> dict[str, list[str]]:
    """Detail URLs that exist in the loaded data, read from the first list pages."""
    found: dict[str, list[str]] = {}
    for kind, (path, pattern) in KINDS.items():
        urls: set[str] = set()
        for page in ("", "?page=2"):
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{port}{path}{page}",
                                            timeout=30) as r:
                    urls.update(re.findall(pattern, r.read().decode()))
            except OSError:
                pass
        found[kind] = sorted(urls)
    return found


def percentile_row(row: dict) -> dict:
    return {
        "name": row["Name"], "n": int(row["Request Count"]), "fails": int(row["Failure Count"]),
        "rps": float(row["Requests/s"]), "p50": row["50%"], "p95": row["95%"], "p99": row["99%"],
        "max": row["Max Response Time"],
    }


def main(argv=None) -> int:
    import argparse

    sys.path.insert(0, str(ROOT))
    from bench.run import DEFAULT_DB, redis_reachable, server_env, setup_database, start_server

    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--database-url", default=os.environ.get("BENCH_DATABASE_URL", DEFAULT_DB))
    parser.add_argument("--setup", action="store_true")
    parser.add_argument("--scale", type=float, default=1.0)
    parser.add_argument("--users", type=int, default=200)
    parser.add_argument("--spawn-rate", type=int, default=50)
    parser.add_argument("--run-time", type=int, default=60, metavar="SECONDS")
    parser.add_argument("--port", type=int, default=8198)
    # The budget is stated with the page cache on (issue 17); --page-cache 0 measures without.
    parser.add_argument("--page-cache", type=int, default=300, metavar="SECONDS")
    parser.add_argument("--redis-url", default=os.environ.get("BENCH_REDIS_URL",
                                                              "redis://127.0.0.1:6379/14"),
                        help="the shared cache, as in production (the database cache when "
                             "no Redis answers there, or with --redis-url '')")
    parser.add_argument("--p99-budget", type=float, default=500.0, metavar="MS")
    args = parser.parse_args(argv)
    if not args.database_url.startswith("postgres"):
        raise SystemExit("The load test runs on PostgreSQL (see bench/README.md).")

    redis_url = args.redis_url if args.redis_url and redis_reachable(args.redis_url) else ""
    env = server_env(args.database_url, args.port, args.page_cache, redis_url)
    if args.setup:
        print("Setting up", args.database_url, flush=True)
        setup_database(args.database_url, env, args.scale)
    out = ROOT / "var" / "load"
    out.mkdir(parents=True, exist_ok=True)
    server = start_server(env, args.port)
    try:
        urls = discover(args.port)
        print("discovered:", {k: len(v) for k, v in urls.items()}, flush=True)
        locust_env = {**os.environ, "ASSONUM_LOAD_URLS": json.dumps(urls)}
        command = [
            str(Path(sys.executable).parent / "locust"), "-f", str(Path(__file__).resolve()),
            "--headless", "--users", str(args.users), "--spawn-rate", str(args.spawn_rate),
            "--run-time", f"{args.run_time}s", "--host", f"http://127.0.0.1:{args.port}",
            "--csv", str(out / "load"), "--only-summary", "--stop-timeout", "10",
            "--loglevel", "WARNING", "--exit-code-on-error", "0",
        ]
        started = time.monotonic()
        subprocess.run(command, env=locust_env, cwd=ROOT, timeout=args.run_time + 90,
                       check=False, stdout=subprocess.DEVNULL)
        elapsed = time.monotonic() - started
    finally:
        server.terminate()
        try:
            server.wait(timeout=15)
        except subprocess.TimeoutExpired:
            server.kill()

    with open(out / "load_stats.csv", newline="") as f:
        rows = [percentile_row(r) for r in csv.DictReader(f)]
    with open(out / "load_failures.csv", newline="") as f:
        failures = list(csv.DictReader(f))

    load1 = os.getloadavg()[0]
    print()
    print(f"locust {args.users} users (spawn {args.spawn_rate}/s, wait 1-5 s), {args.run_time} s, "
          f"gunicorn 2 sync workers, page cache {args.page_cache or 'off'}, shared cache "
          f"{'Redis' if redis_url else 'database table'}, "
          f"machine load average {load1:.1f} at the end ({elapsed:.0f} s wall)")
    header = (f"| {'page':<26} | {'requests':>8} | {'non-2xx':>7} | {'req/s':>6} | {'p50 ms':>6} "
              f"| {'p95 ms':>6} | {'p99 ms':>6} | {'max ms':>7} |")
    print(header)
    print("|" + "|".join("-" * len(c) for c in header.split("|")[1:-1]) + "|")
    for r in rows:
        print(f"| {r['name']:<26} | {r['n']:>8} | {r['fails']:>7} | {r['rps']:>6.1f} | "
              f"{r['p50']:>6} | {r['p95']:>6} | {r['p99']:>6} | {float(r['max']):>7.0f} |")
    print()
    print("non-2xx and errors:", "none" if not failures else "")
    server_errors = 0
    for f in failures:
        print(f"  {f['Name']}: {f['Error']} x {f['Occurrences']}")
        if not re.search(r"HTTP [234]\d\d", f["Error"]):
            server_errors += int(f["Occurrences"])
    total = next((r for r in rows if r["name"] == "Aggregated"), None)
    p99 = float(total["p99"]) if total and total["p99"] not in ("N/A", "") else float("inf")
    ok = server_errors == 0 and p99 <= args.p99_budget
    print(f"budget (no 5xx, p99 <= {args.p99_budget:g} ms): {'met' if ok else 'NOT met'} "
          f"({server_errors} 5xx or connection errors, p99 {p99:g} ms)")
    return 0 if ok else 1


if __name__ == "__main__":
    raise SystemExit(main())
