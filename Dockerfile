# Production image: gunicorn serves the app, Celery runs from the same image.

FROM node:20-bookworm-slim AS assets
WORKDIR /build
COPY package.json package-lock.json ./
RUN npm ci --omit=dev --no-audit --no-fund

FROM python:3.11-slim-bookworm
ENV PYTHONDONTWRITEBYTECODE=1 PYTHONUNBUFFERED=1 \
    DJANGO_SETTINGS_MODULE=pvat.settings.production
# WeasyPrint needs Pango and HarfBuzz; fonts give PDFs real glyphs;
# poppler-utils lets operators check a PDF's text with pdftotext.
RUN apt-get update && apt-get install -y --no-install-recommends \
        libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz-subset0 libffi8 \
        fonts-dejavu-core fonts-liberation2 poppler-utils \
    && rm -rf /var/lib/apt/lists/*
RUN useradd --create-home --uid 1000 pvat
WORKDIR /app
COPY requirements.txt ./
RUN pip install --no-cache-dir -r requirements.txt
COPY --chown=pvat:pvat . .
COPY --from=assets --chown=pvat:pvat /build/node_modules ./node_modules
# collectstatic needs settings that production would otherwise refuse to miss;
# these placeholder values exist only for this build step.
RUN SECRET_KEY=collectstatic-only-placeholder-value-that-is-long-enough-xxxxxxxx \
    ALLOWED_HOSTS=build DATABASE_URL=sqlite:////tmp/build.sqlite3 \
    python manage.py collectstatic --noinput \
    && mkdir -p /app/media && chown pvat:pvat /app/media
USER pvat
EXPOSE 8000
# gunicorn.conf.py sets the address, workers and the access log.
CMD ["gunicorn", "pvat.wsgi:application"]
