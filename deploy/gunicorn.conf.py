"""gunicorn configuration for Gongjian: `gunicorn gongjian.config.wsgi:application -c deploy/gunicorn.conf.py`.

Every value can be set from the environment, so one file serves a 2-core test box and a 16-core host.
Sync workers: Gongjian's pages are short database-bound requests; a worker per core plus one is the
usual start (measured in docs/performance.md). Persistent database connections (CONN_MAX_AGE in the
production settings) matter more than the worker class: without them a page on PostgreSQL served a
third of the requests.
"""

import multiprocessing
import os

bind = os.environ.get("GUNICORN_BIND", "127.0.0.1:8000")
workers = int(os.environ.get("GUNICORN_WORKERS", multiprocessing.cpu_count() + 1))
worker_class = os.environ.get("GUNICORN_WORKER_CLASS", "sync")
threads = int(os.environ.get("GUNICORN_THREADS", "1"))
timeout = int(os.environ.get("GUNICORN_TIMEOUT", "60"))  # big Excel exports stream; PDFs render in ~1 s
graceful_timeout = 30
keepalive = int(os.environ.get("GUNICORN_KEEPALIVE", "5"))  # behind nginx on the same host
# Recycle workers now and then so a slow leak never grows without bound; jitter avoids all at once.
max_requests = int(os.environ.get("GUNICORN_MAX_REQUESTS", "5000"))
max_requests_jitter = int(os.environ.get("GUNICORN_MAX_REQUESTS_JITTER", "500"))
# The app is loaded in each worker after the fork: no database connection is shared between processes.
preload_app = False
accesslog = os.environ.get("GUNICORN_ACCESSLOG", "-") or None  # "" turns it off
# The path without its query string (%(U)s, not %(r)s): a printed receipt's link /track/?code=… must not
# put a resident's receipt code in the log.
# The referrer is left out too (a page reached by such a link would pass it on).
access_log_format = '%(h)s %(l)s %(u)s %(t)s "%(m)s %(U)s %(H)s" %(s)s %(b)s "%(a)s" %(L)s'
errorlog = "-"
loglevel = os.environ.get("GUNICORN_LOGLEVEL", "info")
forwarded_allow_ips = os.environ.get("FORWARDED_ALLOW_IPS", "127.0.0.1")
proc_name = "gongjian"
