"""The read limit's answer as the OpenAPI document declares it."""

from __future__ import annotations

from typing import Any

# openapi_extra for every operation that reads student records (they count against the
# per-user read limit, docs/audit.md).
READ_LIMITED: dict[str, Any] = {
    "responses": {
        429: {
            "description": "Read limit reached: too many students read in the window.",
            "headers": {
                "Retry-After": {
                    "description": "Seconds until the oldest read leaves the window.",
                    "schema": {"type": "integer", "minimum": 1},
                }
            },
            "content": {
                "application/json": {
                    "schema": {
                        "type": "object",
                        "properties": {"detail": {"type": "string"}},
                        "required": ["detail"],
                    }
                }
            },
        }
    }
}
