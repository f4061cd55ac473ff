"""A FastAPI app with govkg's coverage route shape and no database: the throughput ceiling.

It answers every GET /units/{unit}/pilots with one recorded govkg answer (same JSON size),
through the same response model, so the difference to govkg is the store and the service.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

from fastapi import FastAPI

from govkg.api.server import serve_app
from govkg.service.answers import CoverageAnswer


def create_app(payload: dict[str, object]) -> FastAPI:
    answer = CoverageAnswer.model_validate(payload)
    app = FastAPI(title="govkg bench ceiling")

    @app.get("/health")
    def health() -> dict[str, str]:
        return {"status": "ok"}

    @app.get("/units/{unit}/pilots", response_model=CoverageAnswer)
    def pilots_of_unit(unit: str) -> CoverageAnswer:
        return answer

    return app


def main() -> None:
    payload, port = Path(sys.argv[1]), int(sys.argv[2])
    app = create_app(json.loads(payload.read_text(encoding="utf-8")))
    # as the bench runs `govkg serve --no-access-log`
    serve_app(app, "127.0.0.1", port, access_log=False)


if __name__ == "__main__":
    main()
