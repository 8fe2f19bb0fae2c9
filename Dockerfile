FROM python:3.11-slim-bookworm

ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    DJANGO_SETTINGS_MODULE=config.settings.production \
    VAR_DIR=/app/var

WORKDIR /app
COPY requirements.lock ./
# poppler-utils: pdftotext reads the PDFs HR imports (frameworks/importers/readers/pdf.py); xmlsec1 signs and
# checks SAML messages (pysaml2, when SAML login is configured).
RUN apt-get update && apt-get install -y --no-install-recommends poppler-utils xmlsec1 \
    && rm -rf /var/lib/apt/lists/*
RUN pip install --no-cache-dir -r requirements.lock \
    && useradd --system --home /app --uid 1000 gesprekscyclus
COPY . .
# collectstatic needs settings to import; the real secret and hosts come from the environment at run time.
RUN SECRET_KEY=build-only ALLOWED_HOSTS=localhost python manage.py collectstatic --noinput --verbosity 0 \
    && mkdir -p /app/var && chown -R gesprekscyclus /app/var
USER gesprekscyclus
EXPOSE 8000
CMD ["gunicorn", "config.wsgi", "--bind", "0.0.0.0:8000", "--workers", "3", "--access-logfile", "-"]
