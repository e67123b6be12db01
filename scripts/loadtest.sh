#!/usr/bin/env bash
# make loadtest: the demo city served by gunicorn (production settings) on the loopback, and
# scripts/loadtest.py sending 200 residents' traffic for 60 s to the public board and submission.
# Rate limits are raised for the run (all traffic comes from one address). Everything is removed after.
set -euo pipefail
cd "$(dirname "$0")/.."
PORT=${LOADTEST_PORT:-8011}
tmp=$(mktemp -d)
export GONGJIAN_VAR_DIR="$tmp" DJANGO_SETTINGS_MODULE=gongjian.config.settings.production \
  SECRET_KEY=loadtest-only SECURE_SSL_REDIRECT=0 ALLOWED_HOSTS=127.0.0.1 FORCE_PASSWORD_CHANGE=0 \
  GONGJIAN_PUBLIC_OPINION_RATE=1000000/h GONGJIAN_PUBLIC_TRACK_RATE=1000000/m \
  GONGJIAN_PUBLIC_READ_RATE=1000000/m GONGJIAN_RATING_RATE=1000000/h
cleanup() { [ -f "$tmp/gunicorn.pid" ] && kill "$(cat "$tmp/gunicorn.pid")" 2>/dev/null || true; rm -rf "$tmp"; }
trap cleanup EXIT
.venv/bin/gongjian migrate --noinput -v 0
.venv/bin/gongjian collectstatic --noinput -v 0
.venv/bin/gongjian demo > /dev/null
# Residents submit into an open round: reopen the demo's second round (screening → open).
.venv/bin/gongjian shell -c "
from gongjian.solicitation.models import Round
from gongjian.solicitation.services import round_set_status
round_set_status(actor=None, round=Round.objects.get(status='screening'), status='open')" > /dev/null
.venv/bin/gunicorn gongjian.config.wsgi -b "127.0.0.1:$PORT" -w 4 --threads 4 --daemon \
  --pid "$tmp/gunicorn.pid" --error-logfile "$tmp/gunicorn.log"
sleep 3
.venv/bin/python scripts/loadtest.py "http://127.0.0.1:$PORT" --users "${LOADTEST_USERS:-200}" \
  --duration "${LOADTEST_SECONDS:-60}"
