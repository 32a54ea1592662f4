"""What the generators share: the marks of generated rows, batch sizes and progress bars."""

import bisect
import random
from collections.abc import Callable, Iterable, Sequence
from typing import Protocol

GENERATED = "gen-"
REGISTRY_PREFIX = "GEN"
BATCH_SIZE = 5000


class Progress(Protocol):
    def update(self, n: int = 1) -> object: ...

    def close(self) -> None: ...


ProgressFactory = Callable[[str, int], Progress]


class NoProgress:
    def update(self, n: int = 1) -> None:
        pass

    def close(self) -> None:
        pass


def no_progress(description: str, total: int) -> Progress:
    return NoProgress()


def weighted(rng: random.Random, items: Sequence, cum_weights: Sequence[float]):
    """One of ``items``, by cumulative weights: ``rng.choices(...)[0]`` without building a list."""
    return items[bisect.bisect(cum_weights, rng.random() * cum_weights[-1])]


def last_number(values: Iterable[str]) -> int:
    """The largest number that ends one of ``values`` ("gen-ali-kiani-42" → 42), or 0."""
    return max((int(tail) for value in values if (tail := value.rsplit("-", 1)[-1]).isdigit()), default=0)
