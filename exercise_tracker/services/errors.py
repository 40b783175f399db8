"""Domain errors: what went wrong in terms of the domain, free of HTTP.

Services raise them; the web maps each kind to one HTTP status in `exercise_tracker.errors`, and
the CLI and the worker report them in their own way.
"""


class DomainError(Exception):
    """`message` is for the person; `field` (with `location`) names the input at fault."""

    def __init__(self, message: str, *, field: str | None = None, location: str = "json"):
        super().__init__(message)
        self.message = message
        self.field = field
        self.location = location


class NotFound(DomainError):
    """No such thing, or one the caller may not see (answered alike so ids reveal nothing)."""


class Forbidden(DomainError):
    """The caller sees the thing but may not do this to it."""


class NotAuthenticated(DomainError):
    """Credentials refused."""


class Conflict(DomainError):
    """The thing is not in a state that allows this, or it already exists."""


class Invalid(DomainError):
    """The input breaks a rule the schema cannot check by itself."""


class Unsupported(DomainError):
    """The input is of a kind the service cannot use (a file that is not a video)."""


class Unavailable(DomainError):
    """A service this needs is down; `retry_after` says in how many seconds to try again."""

    def __init__(self, message: str, *, retry_after: int = 30):
        super().__init__(message)
        self.retry_after = retry_after
