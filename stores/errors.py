"""The one error a client sees when a store or the action server cannot serve a message."""


class ServiceUnavailable(BaseException):
    """A store or the action server cannot be reached: the message was not processed.

    A BaseException on purpose: Rasa wraps every tracker store in a FailSafeTrackerStore that
    catches ``Exception`` on read and write and carries on with an empty tracker in memory,
    which silently forgets the patient. This error passes through it to the channel, which
    answers 503 with ``reason``.
    """

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason
