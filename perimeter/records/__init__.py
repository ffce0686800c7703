"""Record kinds a node holds: one module per kind, domain types and their validation only."""
