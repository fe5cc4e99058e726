"""Rasa's SQL tracker store, made loud: it never starts, reads or writes in memory instead.

endpoints.yml: ``tracker_store: {type: stores.tracker_store.StrictSQLTrackerStore}``; the
database is TRACKER_DB_URL (stores/settings.py). Rasa's own SQL store retries a missing
database forever and, behind Rasa's FailSafeTrackerStore, turns a failed read into a fresh
conversation and a failed write into one kept in memory. Here start-up fails after
STORE_CONNECT_TIMEOUT and every failure is a ServiceUnavailable (a 503 for the client).
"""

from __future__ import annotations

from contextlib import contextmanager
from typing import Any, Iterable, Iterator, Optional, Text

from rasa.core.brokers.broker import EventBroker
from rasa.core.tracker_store import SQLTrackerStore, TrackerStore
from rasa.shared.core.domain import Domain
from rasa.shared.core.trackers import DialogueStateTracker
from sqlalchemy import orm

from stores.conversations import conversations
from stores.errors import ServiceUnavailable
from stores.settings import settings


@contextmanager
def unavailable_on_error() -> Iterator[None]:
    try:
        yield
    except Exception as error:
        raise ServiceUnavailable("tracker store unavailable") from error


class StrictSQLTrackerStore(SQLTrackerStore):
    def __init__(
        self,
        domain: Optional[Domain] = None,
        event_broker: Optional[EventBroker] = None,
        **kwargs: Any,
    ) -> None:
        kwargs.pop("host", None)  # the database comes from the environment only
        database = conversations()
        database.wait_until_reachable(settings().store_connect_timeout)
        self.engine = database.engine
        self.sessionmaker = orm.session.sessionmaker(bind=self.engine)
        TrackerStore.__init__(self, domain, event_broker, **kwargs)

    async def keys(self) -> Iterable[Text]:
        with unavailable_on_error():
            return await super().keys()

    async def retrieve(self, sender_id: Text) -> Optional[DialogueStateTracker]:
        with unavailable_on_error():
            return await super().retrieve(sender_id)

    async def retrieve_full_tracker(self, conversation_id: Text) -> Optional[DialogueStateTracker]:
        with unavailable_on_error():
            return await super().retrieve_full_tracker(conversation_id)

    async def save(self, tracker: DialogueStateTracker) -> None:
        with unavailable_on_error():
            await super().save(tracker)
