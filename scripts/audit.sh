#!/usr/bin/env bash
# `make audit`: the portal under gunicorn with production settings and demo data, on
# loopback over plain HTTP, audited by Lighthouse (scripts/audit.py).
set -euo pipefail
cd "$(dirname "$0")/.."
PY=.venv/bin/python
export DATABASE_URL="${AUDIT_DATABASE_URL:-sqlite:///$PWD/var/audit.sqlite3}"
export DEMO_DATA=1
mkdir -p var/audit
command -v /usr/bin/chromium >/dev/null || (apt-get update -qq && apt-get install -y -qq chromium)
[ -x node_modules/.bin/lighthouse ] || npm ci --ignore-scripts --no-audit --no-fund
$PY manage.py migrate --noinput -v0
$PY manage.py load_district -v0
$PY manage.py load_initiatives -v0
$PY manage.py seed_demo --initiatives 200 --if-absent
$PY manage.py rebuild_search_index -v0
export DJANGO_SETTINGS_MODULE=azemmour_portal.settings.prod
export SECRET_KEY="audit-$(date +%s%N)-not-a-real-secret-key-for-production-use"
export ALLOWED_HOSTS=127.0.0.1 STATIC_ROOT="$PWD/var/audit/static"
# Browsers reach gunicorn directly on loopback: no proxy, no TLS.
export BEHIND_PROXY=0 SECURE_SSL_REDIRECT=0
$PY manage.py collectstatic --noinput -v0
PORT="${AUDIT_PORT:-8765}"
$PY -m gunicorn -c gunicorn.conf.py --bind "127.0.0.1:$PORT" --workers 2 &
SERVER=$!
trap 'kill $SERVER' EXIT
for _ in $(seq 1 40); do
  $PY -c "import urllib.request; urllib.request.urlopen('http://127.0.0.1:$PORT/healthz')" 2>/dev/null && break
  sleep 0.5
done
INITIATIVE=$($PY manage.py shell -c "from initiatives.models import Initiative; print(Initiative.objects.published().filter(updates__isnull=False).order_by('pk').first().slug)" 2>/dev/null | tail -1)
$PY scripts/audit.py "http://127.0.0.1:$PORT" azemmour "$INITIATIVE"
