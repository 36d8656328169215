"""Gunicorn settings of the site: `gunicorn -c config/gunicorn.py config.wsgi:application`.

Command-line options (--workers, --bind, ...) override what is here.
"""

import gc
import os

bind = os.environ.get("GUNICORN_BIND", "0.0.0.0:8000")
workers = int(os.environ.get("WEB_CONCURRENCY", "4"))
# Threads keep HTTP keep-alive connections without tying up a process each; the benches run
# this same worker class, so what they measure is what is deployed.
worker_class = "gthread"
threads = int(os.environ.get("GUNICORN_THREADS", "4"))


def post_worker_init(worker):
    """Load every view once, then move everything loaded so far out of the garbage collector's
    sight. A full collection would otherwise walk the ~200,000 objects of Django, Wagtail and
    the apps about every 500 requests (some 0.14 s each on the reference machine, 10 % of the
    catalogue API's time); requests allocate little that lives long enough to matter."""
    from django.urls import get_resolver

    get_resolver().url_patterns  # noqa: B018 - imports the URLconf and every view module
    gc.collect()  # what is garbage now would otherwise be kept for the worker's lifetime
    gc.freeze()
