"""All settings in one place, read from GOVKG_* environment variables (pydantic-settings)."""

from __future__ import annotations

from importlib.metadata import PackageNotFoundError, version
from pathlib import Path

from limits import parse_many
from platformdirs import user_data_path
from pydantic import Field, SecretStr, field_validator
from pydantic_settings import BaseSettings, SettingsConfigDict


def default_state_dir() -> Path:
    """The per-user data directory (platformdirs: ~/.local/share/govkg on Linux,
    ~/Library/Application Support/govkg on macOS, %LOCALAPPDATA%\\govkg on Windows): one
    store wherever a command or notebook runs from."""
    return user_data_path("govkg", appauthor=False)


class Settings(BaseSettings):
    """govkg configuration; every field can be set as GOVKG_<NAME>, in the environment or in
    a `.env` file of the current directory (the environment wins)."""

    model_config = SettingsConfigDict(env_prefix="GOVKG_", env_file=".env",
                                      env_file_encoding="utf-8", extra="ignore")

    store: str = Field(
        default="embedded",
        description="embedded (a FalkorDB process govkg runs itself), falkordb://host:port, "
        "unix:///path/to.sock, or neo4j://… / bolt://… for Neo4j",
    )
    state_dir: Path = Field(default_factory=default_state_dir, description="data and socket "
                            "of the embedded store; default the per-user data directory, "
                            "whatever the current directory")
    graph: str = Field(default="govkg", description="FalkorDB graph name (Neo4j: "
                       "GOVKG_NEO4J_DATABASE)")
    neo4j_user: str = "neo4j"
    neo4j_password: SecretStr | None = None
    neo4j_database: str | None = Field(default=None, description="Neo4j database; unset: the "
                                       "user's home database")
    host: str = "127.0.0.1"
    port: int = 8000
    query_timeout: float = Field(default=5.0, gt=0, description="seconds, for POST /cypher")
    row_cap: int = Field(default=1000, gt=0, description="rows returned by POST /cypher")
    query_slots: int = Field(default=2, ge=1, description="user Cypher queries (POST /cypher, "
                             "govkg query) running at once; a query cut at its deadline "
                             "holds its slot until the database stops it")
    max_depth: int = Field(default=3, ge=1, description="cap on neighbourhood depth")
    max_path_len: int = Field(default=6, ge=1, description="cap on path length")
    write_batch_size: int = Field(default=2000, gt=0, description="rows per UNWIND write")
    load_chunk_records: int = Field(default=10_000, gt=0, description="records a load reads, "
                                    "checks and writes at a time: the loader's working set, "
                                    "whatever the size of the load")
    write_lock_ttl: float = Field(default=30.0, gt=0, description="seconds a FalkorDB "
                                  "writer's lock lives without a heartbeat: how long a "
                                  "killed writer can hold up the next, and how long a "
                                  "paused one keeps its lock")
    max_input_bytes: int = Field(default=16 << 20, gt=0, description="largest input file "
                                 "`govkg load` reads (bigger ones are refused unread)")
    max_body_bytes: int = Field(default=1 << 20, ge=0, description="largest HTTP request "
                                "body; 413 above")
    rate_limit: str = Field(default="600/minute", description="requests per client to the "
                            "expensive routes (/cypher, /network, /paths, /analytics), "
                            "e.g. '10/second;600/minute'; 429 above")
    cors_origins: list[str] = Field(default_factory=list, description="origins other sites' "
                                    "pages may call the API from (CORS); none by default")
    store_timeout: float = Field(default=10.0, gt=0, description="seconds govkg waits for "
                                 "the store to answer a read (socket timeout, and the "
                                 "store's own TIMEOUT for reads without one); 503 after")
    request_timeout: float = Field(default=30.0, gt=0, description="seconds an HTTP request "
                                   "may take in all; 503 with Retry-After after")
    store_memory: int = Field(default=4 << 30, ge=0, description="bytes the embedded store "
                              "may hold (redis maxmemory, noeviction: writes refused above); "
                              "0: no limit")
    query_memory: int = Field(default=1 << 30, ge=0, description="bytes one query may "
                              "allocate in the embedded store (FalkorDB QUERY_MEM_CAPACITY); "
                              "0: no limit")
    store_address_space: int = Field(default=12 << 30, ge=0, description="virtual memory of "
                                     "the embedded store process (RLIMIT_AS): past it an "
                                     "allocation fails and the store restarts instead of "
                                     "squeezing the machine; 0: no limit")
    max_list: int = Field(default=100_000, gt=0, description="largest range() user Cypher "
                          "may build; larger ones are refused before they run")
    query_kill_after: float = Field(default=10.0, ge=0, description="seconds past its "
                                    "deadline a user query may keep running in the embedded "
                                    "store before the store is restarted to stop it; 0: never")
    expensive_workers: int = Field(default=2, ge=1, description="expensive requests "
                                   "(/analytics, /network, /paths, POST /cypher) served at "
                                   "once, each on a pool of its own; the rest wait")
    analytics_cache: int = Field(default=32, ge=0, description="whole-graph analytics "
                                 "answers kept per graph generation")
    trusted_proxies: list[str] = Field(default_factory=list, description="addresses of "
                                       "reverse proxies whose X-Forwarded-For/-Proto headers "
                                       "are believed; none by default")
    allowed_hosts: list[str] = Field(default_factory=list, description="Host headers `govkg "
                                     "serve` answers (DNS rebinding); default: localhost, "
                                     "127.0.0.1, ::1 and the bound address")
    api_key: SecretStr | None = Field(default=None, description="when set, the expensive "
                                      "routes (/cypher, /network, /paths, /analytics) need "
                                      "it in the X-API-Key header")

    @field_validator("rate_limit")
    @classmethod
    def _rate(cls, value: str) -> str:
        parse_many(value)  # ValueError names the notation
        return value


def installed_version() -> str:
    """govkg's version as installed (importlib.metadata); "unknown" in an uninstalled tree."""
    try:
        return version("govkg")
    except PackageNotFoundError:
        return "unknown"
