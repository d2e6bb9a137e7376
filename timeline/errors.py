"""Domain errors. Each carries a one-line message that names the problem and the fix;
the CLI prints it on stderr and exits 1."""


class TimelineError(Exception):
    """Base of every error a user can cause; ``str(error)`` is the one-line message."""


class InputError(TimelineError):
    """An input file, line or option cannot be read (missing path, binary file, bad JSON)."""


class DateError(TimelineError, ValueError):
    """A date cannot be read, or would have to be guessed."""


class NotFoundError(TimelineError):
    """A record named by id or name does not exist."""


class DatabaseError(TimelineError):
    """The database is missing, is not a database, or is at the wrong revision."""
