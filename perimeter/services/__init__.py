"""Use cases that tie the domain to storage: what the CLI and the web layer call."""
