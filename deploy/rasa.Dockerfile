# The Rasa server image: the project, its pinned packages and the model, trained once here (in
# the build) and shipped to every node; nodes never train. Build from the project root:
#   docker build -f deploy/rasa.Dockerfile -t pumpguide-rasa .
# Entry point: scripts/servers.py --only rasa, the command the cluster test runs (tests/cluster).
FROM python:3.10-slim-bookworm AS base
ENV PYTHONDONTWRITEBYTECODE=1 PIP_NO_CACHE_DIR=1 RASA_TELEMETRY_ENABLED=false
RUN useradd --create-home --uid 1001 pumpguide
WORKDIR /app
COPY requirements.txt .
RUN python -m venv .venv && .venv/bin/pip install -r requirements.txt
COPY --chown=pumpguide . .
RUN rm -rf models/*.tar.gz .run tracker.db

# Train once, in the build; the fingerprinted model of the copied data is the one shipped.
FROM base AS model
RUN .venv/bin/python -c 'import sys; sys.path.insert(0, "scripts"); import servers, shutil; \
    shutil.copy(servers.ensure_model(), "/app/models/pumpguide.tar.gz")'

FROM base
COPY --from=model --chown=pumpguide /app/models/pumpguide.tar.gz /app/models/pumpguide.tar.gz
USER pumpguide
# Inside the container the server must listen beyond loopback; publish it only to the proxy.
ENV MODEL=/app/models/pumpguide.tar.gz HOST=0.0.0.0 PORT=5005 RUN_DIR=/app/.run
EXPOSE 5005
HEALTHCHECK --interval=10s --timeout=3s --start-period=120s \
  CMD .venv/bin/python -c 'import urllib.request; urllib.request.urlopen("http://127.0.0.1:5005/webhooks/rest/ready", timeout=3)'
ENTRYPOINT [".venv/bin/python", "scripts/servers.py", "--only", "rasa"]
