"""Logging filters (plain ``logging``: no Django)."""

from __future__ import annotations

import logging


class OneLineRefusals(logging.Filter):
    """A refused request (a 4xx, such as a 403 from ``PermissionDenied``) logs one line.

    Django's request logger attaches the exception to the record, so every refusal
    printed a traceback: noise that hid the real errors. The refusal is an answer, not
    a fault: the line keeps the status, the path and the exception's message; 5xx
    records keep their traceback.
    """

    def filter(self, record: logging.LogRecord) -> bool:
        status = getattr(record, "status_code", None)
        if isinstance(status, int) and 400 <= status < 500 and record.exc_info:
            exc = record.exc_info[1]
            message = record.getMessage()
            if exc is not None and str(exc):
                message = f"{message} ({type(exc).__name__}: {exc})"
            record.msg, record.args = message, ()
            record.exc_info, record.exc_text = None, None
        return True
