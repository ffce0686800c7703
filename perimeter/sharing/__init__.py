"""Agreements between nodes and the disclosure decisions they govern (pure: no I/O)."""
