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


class UsageError(VnplanError):
    """The command itself cannot run (a bad --out, an unreachable scheduler): exit status 2."""

    stage = "usage"


def readable(text: str) -> str:
    """TEXT with the undecodable bytes of a file name (surrogate escapes) shown as \\xNN, so that it can
    be stored in SQLite and JSON and printed: 'k\\udce9.txt' → 'k\\\\xe9.txt'."""
    if not isinstance(text, str):
        return text
    try:
        text.encode("utf-8")
        return text
    except UnicodeEncodeError:
        return text.encode("utf-8", "surrogateescape").decode("utf-8", "backslashreplace").encode(
            "utf-8", "backslashreplace").decode("utf-8")


def message_of(exc: BaseException) -> str:
    """A sentence for errors that are not vnplan's own (used where a library error reaches a person)."""
    if isinstance(exc, RecursionError):
        return ("the file is nested too deeply to read (a structure inside a structure, hundreds of levels); "
                "it is not a plan as written, so check it.")
    name = type(exc).__name__
    if name == "DecompressionBombError":
        return "an image in the file has too many pixels to decode safely; scan or export it at 300 dpi."
    return ""
