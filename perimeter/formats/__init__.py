"""Parsers and writers of the standards Perimeter speaks. Pure: text or bytes in, records out, no I/O."""
