"""All settings in one place, read from GOVKG_* environment variables (pydantic-settings)."""

from __future__ import annotations

from pathlib import Path

from pydantic import Field, SecretStr
from pydantic_settings import BaseSettings, SettingsConfigDict


class Settings(BaseSettings):
    """govkg configuration; every field can be set as GOVKG_<NAME>."""

    model_config = SettingsConfigDict(env_prefix="GOVKG_", extra="ignore")

    store: str = Field(
        default="embedded",
        description="embedded (a FalkorDB process govkg runs itself), falkordb://host:port, "
        "unix:///path/to.sock, or neo4j://… / bolt://… for Neo4j",
    )
    state_dir: Path = Field(default=Path(".govkg"), description="data and socket of the "
                            "embedded store")
    graph: str = Field(default="govkg", description="graph (FalkorDB) or database (Neo4j) name")
    neo4j_user: str = "neo4j"
    neo4j_password: SecretStr | None = None
    neo4j_database: str | None = None
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
