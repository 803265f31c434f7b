"""gunicorn settings of AssoNum (``gunicorn --config deploy/gunicorn.conf.py config.wsgi``).

Under systemd the listening socket comes from ``assonum-web.socket`` (socket activation: the
socket stays open across restarts, so no connection is refused); elsewhere GUNICORN_BIND names it.
``kill -HUP`` (``systemctl reload assonum-web``) starts new workers on the new code and lets the
old ones finish their requests: the upgrade script relies on it.
"""

import multiprocessing
import os

bind = [os.environ.get("GUNICORN_BIND", "unix:/run/assonum/gunicorn.sock")]
# Sync workers: one request each at a time. bench/README.md measured 2 workers on 2 cores.
workers = int(os.environ.get("GUNICORN_WORKERS") or min(2 * multiprocessing.cpu_count() + 1, 9))
timeout = int(os.environ.get("GUNICORN_TIMEOUT") or 60)  # the directory import is a task
graceful_timeout = 30
# Recycle workers now and then (memory growth of long-lived Python processes).
max_requests = 2000
max_requests_jitter = 200
pidfile = os.environ.get("GUNICORN_PIDFILE") or None
# Access log on stderr (journald), with the request id nginx passes on.
accesslog = "-"
access_log_format = '%(h)s "%(r)s" %(s)s %(b)s %(M)sms id=%({x-request-id}i)s'
# The proxy is the only client, on a socket; it sets X-Forwarded-Proto.
forwarded_allow_ips = "*" if bind[0].startswith("unix:") else "127.0.0.1,::1"
