# The action server image. Build from the project root:
#   docker build -f deploy/actions.Dockerfile -t pumpguide-actions .
# Entry point: scripts/servers.py --only actions, as in the cluster test. Off loopback it
# refuses to start without ACTION_SERVER_TOKEN (scripts/action_server.py).
FROM python:3.10-slim-bookworm
ENV PYTHONDONTWRITEBYTECODE=1 PIP_NO_CACHE_DIR=1 RASA_TELEMETRY_ENABLED=false
RUN useradd --create-home --uid 1001 pumpguide
WORKDIR /app
COPY requirements.txt .
RUN python -m venv .venv && .venv/bin/pip install -r requirements.txt
COPY --chown=pumpguide . .
RUN rm -rf models/*.tar.gz .run tracker.db
USER pumpguide
ENV ACTION_SERVER_HOST=0.0.0.0 ACTION_PORT=5055 RUN_DIR=/app/.run
EXPOSE 5055
HEALTHCHECK --interval=10s --timeout=3s --start-period=60s \
  CMD .venv/bin/python -c 'import urllib.request; urllib.request.urlopen("http://127.0.0.1:5055/health", timeout=3)'
ENTRYPOINT [".venv/bin/python", "scripts/servers.py", "--only", "actions"]
