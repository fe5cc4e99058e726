"""The lease lock store in one process: one message of a conversation at a time, and a lock
whose holder died frees itself after the lifetime. (Across instances on Redis: tests/cluster.)"""

import asyncio
import time

import pytest

from stores.lock_store import KEY_PREFIX, LeaseLockStore
from stores.settings import settings


@pytest.fixture
def store(monkeypatch):
    monkeypatch.delenv("REDIS_URL", raising=False)
    monkeypatch.setenv("LOCK_LIFETIME_SECONDS", "0.3")
    monkeypatch.setenv("LOCK_WAIT_SECONDS", "2")
    settings.cache_clear()
    yield LeaseLockStore()
    settings.cache_clear()


def test_messages_of_one_conversation_run_one_at_a_time(store):
    running, overlaps = set(), []

    async def message(conversation, n):
        async with store.lock(conversation):
            overlaps.append(conversation in running)
            running.add(conversation)
            await asyncio.sleep(0.4)  # longer than the lifetime: the holder keeps renewing
            running.discard(conversation)

    async def main():
        await asyncio.gather(*(message(c, n) for c in ("a", "b") for n in range(3)))

    started = time.monotonic()
    asyncio.run(main())
    assert overlaps == [False] * 6
    assert time.monotonic() - started < 3 * 0.4 + 0.5  # the two conversations ran side by side


def test_a_dead_holders_lock_frees_itself_after_the_lifetime(store):
    store.leases.take(KEY_PREFIX + "c", "a killed instance", 0.3)

    async def main():
        started = time.monotonic()
        async with store.lock("c"):
            return time.monotonic() - started

    assert 0.2 < asyncio.run(main()) < 0.6
