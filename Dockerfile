# One image for web, worker and beat; docker-compose.yml picks the command.
FROM python:3.11-slim-bookworm

ENV PYTHONDONTWRITEBYTECODE=1 PYTHONUNBUFFERED=1 PIP_DISABLE_PIP_VERSION_CHECK=1
RUN apt-get update \
 && apt-get install -y --no-install-recommends libpango-1.0-0 libpangoft2-1.0-0 \
    libharfbuzz-subset0 fonts-dejavu-core xmlsec1 curl \
 && rm -rf /var/lib/apt/lists/*

WORKDIR /app
COPY pyproject.toml ./
COPY . .
RUN pip install --no-cache-dir . \
 && python scripts/compile_messages.py \
 && PORTAL_ENV=production DJANGO_SECRET_KEY=build-only DATABASE_URL=sqlite:////tmp/build.db \
    REDIS_URL=redis://localhost:6379/0 python manage.py collectstatic --noinput \
 && useradd --system --uid 10001 portal && mkdir -p /data && chown portal /data

USER portal
ENV PORTAL_ENV=production PORTAL_DATA_DIR=/data DJANGO_MEDIA_ROOT=/data/media
EXPOSE 8000
# Bind address, workers, timeout and an access log without tokens or query strings:
# portal/gunicorn_conf.py (GUNICORN_CMD_ARGS overrides any of them).
CMD ["gunicorn", "portal.wsgi:application", "--config", "python:portal.gunicorn_conf"]
