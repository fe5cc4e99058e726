"""Deployment settings from the environment, checked once (pydantic), with the defaults of a
single machine. The same names are used by scripts/servers.py, deploy/ and the cluster test."""

from __future__ import annotations

from functools import lru_cache
from typing import Optional

from pydantic import BaseSettings, Field, validator


class Settings(BaseSettings):
    #: SQLAlchemy URL of the tracker store, e.g. postgresql://rasa:pw@db:5432/rasa.
    tracker_db_url: str = Field("sqlite:///tracker.db", env="TRACKER_DB_URL")
    #: Connections each Rasa instance keeps open (pool) and may add under load (overflow).
    tracker_db_pool_size: int = Field(5, env="TRACKER_DB_POOL_SIZE", ge=1)
    tracker_db_max_overflow: int = Field(5, env="TRACKER_DB_MAX_OVERFLOW", ge=0)
    #: How long start-up waits for the database before failing (it never falls back).
    store_connect_timeout: float = Field(30.0, env="STORE_CONNECT_TIMEOUT", gt=0)
    #: redis://host:port/db of the lock store shared by several instances; unset: one instance.
    redis_url: Optional[str] = Field(None, env="REDIS_URL")
    #: A lock's lifetime: how long a killed instance can hold up its conversations.
    lock_lifetime: float = Field(10.0, env="LOCK_LIFETIME_SECONDS", gt=0)
    #: How long a message waits for its conversation's lock before it gets a 503.
    lock_wait: float = Field(30.0, env="LOCK_WAIT_SECONDS", gt=0)
    #: Conversations idle for longer than this are deleted.
    retention_days: float = Field(30.0, env="RETENTION_DAYS", gt=0)
    #: Bearer token for deleting a conversation over HTTP; unset: the route is off.
    admin_token: Optional[str] = Field(None, env="ADMIN_TOKEN")
    #: Largest accepted chat request body.
    max_body_bytes: int = Field(64 * 1024, env="MAX_BODY_BYTES", gt=0)

    @validator("redis_url", "admin_token")
    def empty_is_unset(cls, value: Optional[str]) -> Optional[str]:
        return value or None


@lru_cache(maxsize=1)
def settings() -> Settings:
    return Settings()
