"""Fault scenario: PostgreSQL restarted under load, on a private cluster (never the shared one).

    .venv/bin/python bench/fault_postgres.py [--source postgres://postgres@127.0.0.1:5432/assonum_bench]
                                             [--seconds 30] [--restart-at 8] [--threads 6]

1. ``initdb`` + ``pg_ctl`` a throw-away PostgreSQL 15 cluster on a free port under a temporary
   directory (as the ``postgres`` system user when run as root: initdb refuses root);
2. copy the source database into it (``pg_dump | psql``: demo + bench data, already migrated);
3. start the benchmark's gunicorn (``bench/run.py``'s ``start_server``: 2 sync workers,
   production settings, persistent connections ``CONN_MAX_AGE=60``) against it;
4. ``--threads`` clients GET public pages for ``--seconds``; at ``--restart-at`` seconds the
   cluster is restarted (``pg_ctl restart -m fast``: every connection is cut);
5. asserts: every failed answer is the styled French error page (HTTP 500/503, "Une erreur est
   survenue"), never a connection reset nor a traceback; after the restart the pages are served
   again by the same gunicorn processes (no web restart: ``CONN_HEALTH_CHECKS``) within
   ``--recover-within`` seconds, and the last 5 s are all 200.

Exit code 0 when every assertion holds. Bounded in time; everything it started is stopped.
"""

from __future__ import annotations

import argparse
import http.client
import os
import shutil
import socket
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
PG_BIN = Path(os.environ.get("PG_BIN", "/usr/lib/postgresql/15/bin"))
PAGES = ["/", "/annuaire/", "/boite-a-outils/", "/fiches-pratiques/", "/temoignages/"]
STYLED = "Une erreur est survenue"


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def as_pg_user(command: list[str]) -> list[str]:
    if os.geteuid() != 0:
        return command
    return ["runuser", "-u", "postgres", "--", *command]


class PrivateCluster:
    def __init__(self, workdir: Path, port: int):
        self.workdir, self.port = workdir, port
        self.data = workdir / "data"
        self.url = f"postgres://postgres@127.0.0.1:{port}/assonum_fault"

    def pg_ctl(self, *args: str) -> None:
        subprocess.run(as_pg_user([str(PG_BIN / "pg_ctl"), "-D", str(self.data), *args]),
                       check=True, stdout=subprocess.DEVNULL, timeout=120)

    def start(self) -> None:
        if os.geteuid() == 0:
            shutil.chown(self.workdir, "postgres", "postgres")
        subprocess.run(as_pg_user([str(PG_BIN / "initdb"), "-D", str(self.data), "-U", "postgres",
                                   "--auth=trust", "-E", "UTF8", "--locale=C.UTF-8"]),
                       check=True, stdout=subprocess.DEVNULL, timeout=120)
        options = (f"-p {self.port} -c listen_addresses=127.0.0.1 "
                   f"-c unix_socket_directories={self.workdir} -c fsync=off")
        self.pg_ctl("-o", options, "-l", str(self.workdir / "postgres.log"), "-w", "start")

    def restart(self) -> None:
        self.pg_ctl("-m", "fast", "-w", "restart")

    def stop(self) -> None:
        try:
            self.pg_ctl("-m", "immediate", "-w", "stop")
        except subprocess.CalledProcessError:
            pass


def copy_database(source: str, target_url: str, port: int) -> None:
    subprocess.run(["psql", f"postgres://postgres@127.0.0.1:{port}/postgres", "-q", "-c",
                    "CREATE DATABASE assonum_fault"], check=True, timeout=60)
    dump = subprocess.Popen(["pg_dump", "--no-owner", "--no-acl", source], stdout=subprocess.PIPE)
    subprocess.run(["psql", "-q", "-v", "ON_ERROR_STOP=1", target_url], stdin=dump.stdout,
                   check=True, stdout=subprocess.DEVNULL, timeout=600)
    dump.stdout.close()
    if dump.wait(timeout=60):
        raise SystemExit("pg_dump failed")


def hammer(port: int, seconds: float, threads: int, events: list, lock: threading.Lock) -> None:
    began = time.monotonic()
    stop_at = began + seconds

    def worker(index: int) -> None:
        n = index
        while time.monotonic() < stop_at:
            path = PAGES[n % len(PAGES)]
            n += 1
            t = time.monotonic() - began
            try:
                conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
                conn.request("GET", path, headers={"Host": "127.0.0.1"})
                response = conn.getresponse()
                body = response.read().decode("utf-8", "replace")
                conn.close()
                event = (t, path, response.status, STYLED in body, "Traceback" in body)
            except (OSError, http.client.HTTPException) as error:
                event = (t, path, type(error).__name__, False, False)
            with lock:
                events.append(event)

    pool = [threading.Thread(target=worker, args=(i,)) for i in range(threads)]
    for t in pool:
        t.start()
    for t in pool:
        t.join()


def main(argv=None) -> int:
    from bench.run import DEFAULT_DB, server_env, start_server

    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--source", default=os.environ.get("BENCH_DATABASE_URL", DEFAULT_DB))
    parser.add_argument("--seconds", type=float, default=30)
    parser.add_argument("--restart-at", type=float, default=8)
    parser.add_argument("--threads", type=int, default=6)
    parser.add_argument("--recover-within", type=float, default=10)
    args = parser.parse_args(argv)

    workdir = Path(tempfile.mkdtemp(prefix="assonum-pg-"))
    cluster = PrivateCluster(workdir, free_port())
    server = None
    try:
        print(f"private cluster on port {cluster.port} in {workdir}", flush=True)
        cluster.start()
        copy_database(args.source, cluster.url, cluster.port)
        web_port = free_port()
        server = start_server(server_env(cluster.url, web_port, 0), web_port)
        pids = sorted(p.pid for p in _children(server.pid))
        events: list = []
        lock = threading.Lock()
        load = threading.Thread(target=hammer,
                                args=(web_port, args.seconds, args.threads, events, lock))
        began = time.monotonic()
        load.start()
        time.sleep(args.restart_at)
        restart_start = time.monotonic() - began
        cluster.restart()
        restart_end = time.monotonic() - began
        load.join()
        pids_after = sorted(p.pid for p in _children(server.pid))
    finally:
        if server is not None:
            server.terminate()
            try:
                server.wait(timeout=15)
            except subprocess.TimeoutExpired:
                server.kill()
        cluster.stop()
        shutil.rmtree(workdir, ignore_errors=True)

    events.sort()
    ok_codes = [e for e in events if e[2] == 200]
    failures = [e for e in events if e[2] != 200]
    unstyled = [e for e in failures if not (e[2] in (500, 503) and e[3] and not e[4])]
    first_ok_after = next((e[0] for e in ok_codes if e[0] > restart_end), None)
    tail = [e for e in events if e[0] > args.seconds - 5]
    print(f"\n{len(events)} requests; restart from {restart_start:.1f} s to {restart_end:.1f} s")
    print(f"  200: {len(ok_codes)}; failed: {len(failures)} "
          f"({', '.join(sorted({str(e[2]) for e in failures})) or 'none'})")
    print(f"  failed answers that were not the styled French page: {len(unstyled)}")
    for e in unstyled[:10]:
        print("   ", e)
    recovered = first_ok_after is not None and first_ok_after - restart_end <= args.recover_within
    print(f"  first 200 after the restart: "
          f"{'never' if first_ok_after is None else f'+{first_ok_after - restart_end:.2f} s'}")
    print(f"  last 5 s: {sum(e[2] == 200 for e in tail)}/{len(tail)} answered 200")
    print(f"  gunicorn workers unchanged: {pids == pids_after} ({pids} -> {pids_after})")
    ok = (not unstyled and recovered and tail and all(e[2] == 200 for e in tail)
          and pids == pids_after)
    print("fault scenario:", "PASSED" if ok else "FAILED")
    return 0 if ok else 1


def _children(pid: int):
    import psutil

    return psutil.Process(pid).children()


if __name__ == "__main__":
    raise SystemExit(main())
