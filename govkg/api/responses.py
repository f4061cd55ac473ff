"""JSON answers serialised once, by pydantic, without validating them again.

A route that returns a model makes FastAPI dump it, validate the dump against the route's
`response_model` and serialise the result: the answer is checked twice after the service
built it from what the store returned. `json_answer` writes the model's JSON directly (in
Rust, pydantic-core) with the settings FastAPI uses (aliases, nothing excluded, compact);
the route keeps `response_model=` so the OpenAPI schema says the same.
"""

from __future__ import annotations

from fastapi.responses import Response
from pydantic import BaseModel

JSON_MEDIA_TYPE = "application/json"


def json_answer(answer: BaseModel, status_code: int = 200) -> Response:
    """The answer as the same JSON bytes FastAPI's response_model path writes."""
    return Response(answer.model_dump_json(by_alias=True), status_code=status_code,
                    media_type=JSON_MEDIA_TYPE)


__all__ = ["JSON_MEDIA_TYPE", "json_answer"]
