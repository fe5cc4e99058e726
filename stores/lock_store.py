"""A lock store whose locks are leases: taken atomically, renewed while held, short-lived.

endpoints.yml: ``lock_store: {type: stores.lock_store.LeaseLockStore}``. With REDIS_URL set the
leases live in Redis and every Rasa instance sees them; without it, in this process (one
instance). Rasa's RedisLockStore reads a lock, adds a ticket and writes it back, so two
instances can take the same ticket and one message's facts are lost; its 60 s ticket lifetime
stalls a dead instance's conversations for a minute. Here a lease is taken with one atomic SET
NX, renewed by its holder every third of LOCK_LIFETIME_SECONDS and released only by its holder
(a Lua script), so a killed instance holds a conversation up for at most that lifetime.
"""

from __future__ import annotations

import asyncio
import time
import uuid
from contextlib import asynccontextmanager
from typing import AsyncIterator, Dict, Optional, Text, Tuple

from rasa.core.lock_store import LockError, LockStore
from rasa.utils.endpoints import EndpointConfig

from stores.errors import ServiceUnavailable
from stores.settings import settings

#: How often a waiting message looks again whether its conversation is free.
POLL_SECONDS = 0.02
KEY_PREFIX = "pumpguide:lease:"

RENEW = """if redis.call('get', KEYS[1]) == ARGV[1] then
  return redis.call('pexpire', KEYS[1], ARGV[2]) end
return 0"""
RELEASE = """if redis.call('get', KEYS[1]) == ARGV[1] then
  return redis.call('del', KEYS[1]) end
return 0"""


class RedisLeases:
    """Leases shared by every instance through one Redis."""

    def __init__(self, url: str) -> None:
        import redis

        self.client = redis.Redis.from_url(url, socket_timeout=2, socket_connect_timeout=2)
        self._renew = self.client.register_script(RENEW)
        self._release = self.client.register_script(RELEASE)
        self.error = redis.RedisError

    def take(self, key: str, holder: str, lifetime: float) -> bool:
        return bool(self.client.set(key, holder, nx=True, px=int(lifetime * 1000)))

    def renew(self, key: str, holder: str, lifetime: float) -> bool:
        return bool(self._renew(keys=[key], args=[holder, int(lifetime * 1000)]))

    def release(self, key: str, holder: str) -> None:
        self._release(keys=[key], args=[holder])

    def ping(self) -> None:
        self.client.ping()


class LocalLeases:
    """Leases of a single instance, in memory (the event loop makes each call atomic)."""

    error = RuntimeError

    def __init__(self) -> None:
        self.held: Dict[str, Tuple[str, float]] = {}

    def take(self, key: str, holder: str, lifetime: float) -> bool:
        current = self.held.get(key)
        if current and current[1] > time.monotonic():
            return False
        self.held[key] = (holder, time.monotonic() + lifetime)
        return True

    def renew(self, key: str, holder: str, lifetime: float) -> bool:
        if self.held.get(key, ("",))[0] != holder:
            return False
        self.held[key] = (holder, time.monotonic() + lifetime)
        return True

    def release(self, key: str, holder: str) -> None:
        if self.held.get(key, ("",))[0] == holder:
            del self.held[key]

    def ping(self) -> None:
        pass


class LeaseLockStore(LockStore):
    """One message of a conversation at a time, across every instance."""

    def __init__(self, endpoint_config: Optional[EndpointConfig] = None) -> None:
        config = settings()
        self.lifetime, self.max_wait = config.lock_lifetime, config.lock_wait
        self.leases = RedisLeases(config.redis_url) if config.redis_url else LocalLeases()
        self.ping()  # start-up fails when the configured Redis cannot be reached
        super().__init__()

    def ping(self) -> None:
        try:
            self.leases.ping()
        except self.leases.error as error:
            raise ConnectionError("lock store unreachable") from error

    def _call(self, method: str, *args: object) -> bool:
        try:
            return getattr(self.leases, method)(*args)
        except self.leases.error as error:
            raise ServiceUnavailable("lock store unavailable") from error

    @asynccontextmanager
    async def lock(
        self, conversation_id: Text, lock_lifetime: float = 0, wait_time_in_seconds: float = 0
    ) -> AsyncIterator[None]:
        """Hold the conversation's lease while the body runs (Rasa's lifetime and wait
        arguments are replaced by LOCK_LIFETIME_SECONDS and LOCK_WAIT_SECONDS)."""
        key, holder = KEY_PREFIX + conversation_id, uuid.uuid4().hex
        deadline = time.monotonic() + self.max_wait
        while not self._call("take", key, holder, self.lifetime):
            if time.monotonic() > deadline:
                raise LockError("conversation busy: another message of it is still running")
            await asyncio.sleep(POLL_SECONDS)
        renewing = asyncio.ensure_future(self._keep(key, holder))
        try:
            yield
        finally:
            renewing.cancel()
            self._call("release", key, holder)

    async def _keep(self, key: str, holder: str) -> None:
        """Renew the lease while its message runs; a killed process stops renewing."""
        while True:
            await asyncio.sleep(self.lifetime / 3)
            try:
                self.leases.renew(key, holder, self.lifetime)
            except self.leases.error:
                pass  # Redis down: no one else can take the lease either; release reports it
