"""Perimeter: one agency's node in a common security perimeter between partner countries."""

__version__ = "0.1.0"
