"""JSON API routers, one module per area, all under /api/v1."""
