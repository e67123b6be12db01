"""Domain errors that pages and the API translate to status codes."""


class Conflict(Exception):
    """The action is not allowed in the object's current state (HTTP 409)."""

    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


def error_text(exc) -> str:
    """One line of Chinese from a Django ValidationError (its messages joined), for a page's message."""
    return "；".join(getattr(exc, "messages", None) or [str(exc)])
