"""Versioned matching algorithms behind a registry: a new version never changes what an old one answers."""

from __future__ import annotations

from collections.abc import Callable

from perimeter.core.errors import InvalidInput
from perimeter.screening.algorithms.base import Algorithm
from perimeter.screening.algorithms.perimeter_v1 import PerimeterV1

_REGISTRY: dict[str, Callable[[], Algorithm]] = {PerimeterV1.name: PerimeterV1}

__all__ = ["Algorithm", "algorithm_names", "get_algorithm"]


def algorithm_names() -> list[str]:
    return sorted(_REGISTRY)


def get_algorithm(name: str) -> Algorithm:
    """A fresh instance of the named algorithm (each keeps its own caches)."""
    factory = _REGISTRY.get(name)
    if factory is None:
        raise InvalidInput(f"unknown screening algorithm {name!r}; known: {', '.join(algorithm_names())}")
    return factory()
