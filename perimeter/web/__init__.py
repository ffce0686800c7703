"""The web layer: FastAPI app factory, JSON API, analyst UI."""
