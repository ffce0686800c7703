"""The screening engine's domain: names, romanisation, the candidate index, features and versioned algorithms.

No I/O here; ``perimeter.services.screening`` keeps the index on disk and follows the change feed.
"""
