"""Newsletter sending benchmark: messages per second to a local SMTP sink, as a ratio.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/assonum_bench_mailings \
        .venv/bin/python bench/newsletter_send.py [--subscribers 30000] [--kill]

What it does, in one run:

1. migrates the (PostgreSQL) database and creates N confirmed newsletter subscribers (bulk),
   spread over a few topic/department segments;
2. starts an aiosmtpd sink in ITS OWN PROCESS (it counts the messages per recipient);
3. **bare loop**: renders the messages of the first ``--bare`` deliveries beforehand (the very bytes
   the workers send) and sends them with a plain ``smtplib`` loop over one reused connection;
4. **1 worker**, then **2 workers**: a campaign of N deliveries sent by one, then two
   ``manage.py db_worker`` processes (the production worker of django-tasks-db);
5. prints messages/second and the ratio to the bare loop, and checks that every subscriber got
   exactly one message per campaign;
6. with ``--kill``: a third campaign with two workers, one of which is killed (SIGKILL) half-way
   and replaced; checks no gap and at most one duplicate per killed worker.

The renderer used is ``bench.newsletter_send.render`` (a ~6 KB issue per segment); rendering
happens once per segment and worker, so its cost does not change the rate.
"""

from __future__ import annotations

import argparse
import json
import os
import signal
import smtplib
import socket
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PYTHON = sys.executable
DEFAULT_DB = "postgres://postgres@127.0.0.1:5432/assonum_bench_mailings"


# --- The sink (runs in its own process: `newsletter_send.py --sink PORT STATS_FILE`) ----------


def run_sink(port: int, stats_path: str) -> None:
    from collections import Counter

    from aiosmtpd.controller import Controller

    class CountingSink:
        def __init__(self):
            self.per_recipient = Counter()
            self.messages = 0

        async def handle_DATA(self, server, session, envelope):
            self.messages += 1
            for rcpt in envelope.rcpt_tos:
                self.per_recipient[rcpt] += 1
            return "250 OK"

    handler = CountingSink()

    def dump(signum, frame):
        counts = handler.per_recipient
        stats = {
            "messages": handler.messages,
            "distinct": len(counts),
            "duplicates": sum(n - 1 for n in counts.values() if n > 1),
        }
        Path(stats_path).write_text(json.dumps(stats))
        handler.per_recipient = Counter()
        handler.messages = 0

    signal.signal(signal.SIGUSR1, dump)
    controller = Controller(handler, hostname="127.0.0.1", port=port)
    controller.start()
    signal.signal(signal.SIGTERM, lambda *a: (controller.stop(), sys.exit(0)))
    print("sink ready", flush=True)
    while True:
        time.sleep(3600)


class Sink:
    def __init__(self):
        with socket.socket() as sock:
            sock.bind(("127.0.0.1", 0))
            self.port = sock.getsockname()[1]
        self.stats_path = f"/tmp/mailings-bench-sink-{os.getpid()}.json"
        self.process = subprocess.Popen(
            [PYTHON, __file__, "--sink", str(self.port), self.stats_path],
            stdout=subprocess.PIPE, text=True,
        )
        assert "ready" in self.process.stdout.readline()

    def take_stats(self) -> dict:
        """Counts since the previous call (the sink resets after reporting)."""
        Path(self.stats_path).unlink(missing_ok=True)
        self.process.send_signal(signal.SIGUSR1)
        for _ in range(200):
            if Path(self.stats_path).exists():
                try:
                    return json.loads(Path(self.stats_path).read_text())
                except json.JSONDecodeError:
                    pass
            time.sleep(0.05)
        raise RuntimeError("the sink did not report")

    def stop(self):
        self.process.terminate()
        self.process.wait(10)


# --- Renderer used by the benchmark campaigns ------------------------------------------------


def render(source_ref, segment_key):
    from assonum.mailings.message import RenderedMessage

    items = "".join(
        f"<li><h3><a href=\"https://assonum.example.org/outils/outil-{i}/\">Outil numérique n° {i}"
        f" pour les associations</a></h3><p>Un outil libre pour gérer les adhésions, les "
        f"réunions et la comptabilité d'une petite association ({segment_key}).</p></li>"
        for i in range(20)
    )
    html = (
        "<!doctype html><html lang=\"fr\"><body><h1>Lettre AssoNum</h1><ul>" + items + "</ul>"
        '<p><a href="%%PREFERENCES_URL%%">Mes préférences</a> · '
        '<a href="%%UNSUBSCRIBE_URL%%">Me désabonner</a></p></body></html>'
    )
    text = (
        "Lettre AssoNum\n\n"
        + "\n".join(f"- Outil numérique n° {i} pour les associations ({segment_key})"
                    for i in range(20))
        + "\n\nMes préférences : %%PREFERENCES_URL%%\nMe désabonner : %%UNSUBSCRIBE_URL%%\n"
    )
    return RenderedMessage(f"Lettre AssoNum – les nouveautés ({segment_key})", text, html)


# --- Orchestration ---------------------------------------------------------------------------


def setup_django(env: dict) -> None:
    os.environ.update(env)
    sys.path.insert(0, str(ROOT))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    import django

    django.setup()


def ensure_database(url: str) -> None:
    import psycopg

    name = url.rsplit("/", 1)[1]
    admin = url.rsplit("/", 1)[0] + "/postgres"
    with psycopg.connect(admin, autocommit=True) as conn:
        if not conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone():
            conn.execute(f'CREATE DATABASE "{name}"')


def make_subscribers(n: int) -> list[tuple]:
    """N confirmed subscribers (newsletter's bench hook if any, else a bulk insert here)."""
    from django.utils import timezone

    from assonum.newsletter.models import Subscriber

    try:
        from assonum.newsletter import bench as newsletter_bench  # the newsletter's own hook
    except ImportError:
        newsletter_bench = None
    existing = Subscriber.objects.filter(email__endswith="@bench.invalid").count()
    if existing < n:
        if newsletter_bench is not None and hasattr(newsletter_bench, "make_bench_data"):
            newsletter_bench.make_bench_data(subscribers=n)
        else:
            now = timezone.now()
            Subscriber.objects.bulk_create(
                [Subscriber(email=f"lecteur{i}@bench.invalid", status=Subscriber.Status.ACTIVE,
                            confirmed_at=now, consent_at=now, consent_source="bench",
                            consent_wording_version="bench")
                 for i in range(existing, n)],
                batch_size=2000, ignore_conflicts=True,
            )
    rows = []
    site = os.environ.get("SITE_URL", "https://assonum.example.org")
    for i, (pk, email, token) in enumerate(
            Subscriber.objects.filter(email__endswith="@bench.invalid").order_by("pk")
            .values_list("pk", "email", "token")[:n]):
        rows.append((pk, email, f"seg{i % 4}",
                     {"unsubscribe_url": f"{site}/lettre/desabonnement/{token}/",
                      "preferences_url": f"{site}/lettre/preferences/{token}/"}))
    return rows


def new_campaign(name: str, rows):
    from assonum.mailings.services import create_campaign

    return create_campaign(name=name, source_ref=f"bench:{name}",
                           renderer="bench.newsletter_send.render",
                           recipients=rows, list_id="Lettre AssoNum <lettre.assonum.example.org>")


def bare_loop(rows, campaign, sink_port: int) -> float:
    """Send already-rendered messages with smtplib over one reused connection; msg/s."""
    from assonum.mailings.message import Recipient
    from assonum.mailings.sending import Worker

    worker = Worker(campaign)
    templates = {}
    messages = []
    for ref, email, segment, context in rows:
        template = templates.get(segment) or templates.setdefault(segment, worker.template(segment))
        messages.append((template.envelope_from, email,
                         template.raw_bytes(Recipient(str(ref), email, context))))
    start = time.perf_counter()
    with smtplib.SMTP("127.0.0.1", sink_port) as smtp:
        for sender, to, raw in messages:
            smtp.sendmail(sender, [to], raw)
    return len(messages) / (time.perf_counter() - start)


def start_workers(count: int, env: dict) -> list[subprocess.Popen]:
    return [
        subprocess.Popen(
            [PYTHON, "manage.py", "db_worker", "--queue-name", "email", "--interval", "0.1",
             "--no-startup-delay", "--worker-id", f"bench-{i}-{os.getpid()}"],
            cwd=ROOT, env={**os.environ, **env},
            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
        )
        for i in range(count)
    ]


def stop_workers(processes) -> None:
    for process in processes:
        if process.poll() is None:
            process.terminate()
    for process in processes:
        try:
            process.wait(15)
        except subprocess.TimeoutExpired:
            process.kill()


def wait_done(campaign, *, on_progress=None, timeout=1800) -> float:
    from assonum.mailings.models import CampaignState

    start = time.perf_counter()
    while time.perf_counter() - start < timeout:
        campaign.refresh_from_db()
        if campaign.state == CampaignState.DONE:
            return time.perf_counter() - start
        if on_progress:
            on_progress(campaign.progress())
        time.sleep(0.2)
    raise RuntimeError("timeout")


def run_workers(name: str, rows, workers: int, env: dict, *, kill_half_way=False) -> dict:
    from django.db import connection

    from assonum.mailings.models import Delivery, DeliveryState
    from assonum.mailings.services import start_campaign

    campaign = new_campaign(name, rows)
    processes = start_workers(workers, env)
    time.sleep(3)  # let the workers boot: we time the sending, not Django's start-up
    killed = []

    def maybe_kill(progress):
        if kill_half_way and not killed and progress.sent >= progress.total // 2:
            victim = processes[0]
            victim.send_signal(signal.SIGKILL)
            victim.wait()
            killed.append(progress.sent)
            processes.append(start_workers(1, env)[0])  # restarted

    start_campaign(campaign, workers=workers)
    connection.close()
    elapsed = wait_done(campaign, on_progress=maybe_kill)
    stop_workers(processes)
    sent = Delivery.objects.filter(campaign=campaign, state=DeliveryState.SENT).count()
    return {"campaign": campaign, "sent": sent, "seconds": elapsed, "rate": sent / elapsed,
            "killed_at": killed[0] if killed else None}


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--sink", nargs=2, metavar=("PORT", "STATS"))
    parser.add_argument("--subscribers", type=int, default=30000)
    parser.add_argument("--bare", type=int, default=10000,
                        help="messages of the bare smtplib loop (rendered in memory first)")
    parser.add_argument("--kill", action="store_true", help="also run the kill-and-restart check")
    args = parser.parse_args()
    if args.sink:
        run_sink(int(args.sink[0]), args.sink[1])
        return

    database = os.environ.get("DATABASE_URL") or DEFAULT_DB
    ensure_database(database)
    sink = Sink()
    env = {
        "DATABASE_URL": database, "DEBUG": "0", "SECRET_KEY": "bench-" + "x" * 40,
        "ALLOWED_HOSTS": "localhost",
        "EMAIL_BACKEND": "django.core.mail.backends.smtp.EmailBackend",
        "EMAIL_HOST": "127.0.0.1", "EMAIL_PORT": str(sink.port), "EMAIL_TIMEOUT": "5",
        "MAILINGS_LEASE_SECONDS": "30", "MAILINGS_TASK_TIME_BUDGET": "120",
        "TASKS_BACKEND": "django_tasks_db.DatabaseBackend", "LOG_LEVEL": "WARNING",
        "PYTHONPATH": str(ROOT),
    }
    setup_django(env)
    from django.core.management import call_command

    call_command("migrate", verbosity=0)
    from django_tasks_db.models import DBTaskResult

    DBTaskResult.objects.all().delete()
    print(f"Creating {args.subscribers} confirmed subscribers...", flush=True)
    rows = make_subscribers(args.subscribers)
    results = {}
    try:
        warm = new_campaign("bare", rows[: args.bare])
        bare = bare_loop(rows[: args.bare], warm, sink.port)
        stats = sink.take_stats()
        assert stats["distinct"] == args.bare and stats["duplicates"] == 0, stats
        print(f"bare smtplib loop : {bare:7.1f} msg/s ({args.bare} messages)", flush=True)
        for workers in (1, 2):
            result = run_workers(f"{workers}w-{time.time():.0f}", rows, workers, env)
            stats = sink.take_stats()
            ok = (stats["distinct"] == len(rows) and stats["duplicates"] == 0
                  and result["sent"] == len(rows))
            results[workers] = result
            print(f"{workers} worker(s)      : {result['rate']:7.1f} msg/s "
                  f"({result['sent']} in {result['seconds']:.1f} s) = {result['rate'] / bare:.0%} "
                  f"of bare; exactly once: {'yes' if ok else 'NO ' + str(stats)}", flush=True)
        bare_after = bare_loop(rows[: args.bare], warm, sink.port)
        sink.take_stats()
        print(f"bare loop again   : {bare_after:7.1f} msg/s", flush=True)
        mean_bare = (bare + bare_after) / 2
        print(f"RATIO two workers / bare loop (mean of both bare runs): "
              f"{results[2]['rate'] / mean_bare:.0%} (goal >= 80 %)", flush=True)
        if args.kill:
            result = run_workers(f"kill-{time.time():.0f}", rows, 2, env, kill_half_way=True)
            stats = sink.take_stats()
            print(f"kill -9 one of two workers at {result['killed_at']} sent, restart: "
                  f"{stats['distinct']}/{len(rows)} recipients reached, "
                  f"{stats['duplicates']} duplicate(s), all sent: {result['sent'] == len(rows)} "
                  f"({result['seconds']:.1f} s incl. the {env['MAILINGS_LEASE_SECONDS']} s lease)",
                  flush=True)
    finally:
        sink.stop()


if __name__ == "__main__":
    main()
