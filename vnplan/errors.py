"""One exception family whose messages are sentences a person can act on."""


class VnplanError(Exception):
    """A file could not be turned into a plan; the message names the file and what to do."""

    stage = "read"

    def __init__(self, message: str, *, path: str | None = None, stage: str | None = None):
        super().__init__(message)
        self.path = path
        if stage:
            self.stage = stage


class ReadError(VnplanError):
    stage = "read"


class NotAPlanError(VnplanError):
    stage = "parse"


class LimitError(VnplanError):
    stage = "read"
