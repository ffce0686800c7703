"""The ``perimeter`` command: thin commands that call services and print JSON (``--json``) or tables."""
