"""REST API and dashboard: ``create_app`` builds the FastAPI app, ``serve`` runs it with uvicorn."""

from newsgraph.api.app import create_app
from newsgraph.api.server import serve

__all__ = ["create_app", "serve"]
