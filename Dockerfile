# The portal in a container: gunicorn serving the app and its static files (WhiteNoise).
# For those who deploy with containers; docs/deploy.md describes the plain Debian server.
# Not built in this project's CI (its machines have no container engine).
FROM python:3.11-slim-bookworm

ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1 \
    DJANGO_SETTINGS_MODULE=azemmour_portal.settings.prod \
    STATIC_ROOT=/app/var/static \
    MEDIA_ROOT=/app/var/media \
    GUNICORN_BIND=0.0.0.0:8000

# pg_dump and pg_restore of PostgreSQL 15 (Debian 12's), for `manage.py backup`.
RUN apt-get update \
    && apt-get install -y --no-install-recommends postgresql-client \
    && rm -rf /var/lib/apt/lists/*

WORKDIR /app
COPY pyproject.toml constraints.txt README.md ./
RUN pip install --no-cache-dir -c constraints.txt '.[s3,sentry]'
COPY . .

# Hashed, compressed static files, built into the image (the values are for this step only).
RUN SECRET_KEY=collectstatic-only ALLOWED_HOSTS=localhost python manage.py collectstatic --noinput -v0

# The folders the app writes: uploads, the admin import's files, `manage.py backup`'s default.
RUN useradd --system --uid 10001 --home-dir /app azemmour \
    && mkdir -p /app/var/media /app/var/imports /app/var/backups \
    && chown -R azemmour /app/var/media /app/var/imports /app/var/backups
USER azemmour

EXPOSE 8000
CMD ["gunicorn", "-c", "gunicorn.conf.py"]
