"""Missing bundle numbers, held and shown as ranges (``5–9``), never as one entry per number.

A sender may skip ahead by up to a bounded window; a gap of thousands of numbers is still one range here, so the
work of finding, storing and showing gaps follows the number of bundles received, not the numbers missing.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Iterable


@dataclass(frozen=True)
class SequenceGaps:
    """Ranges ``(first, last)`` of missing sequence numbers, ascending, not touching each other."""

    ranges: tuple[tuple[int, int], ...] = ()

    @classmethod
    def missing_before(cls, received: Iterable[int], upto: int) -> SequenceGaps:
        """The numbers 1 … ``upto`` − 1 that are not in ``received`` (any order; numbers ≥ ``upto`` are ignored)."""
        ranges = []
        expected = 1
        for n in sorted({n for n in received if 1 <= n < upto}):
            if n > expected:
                ranges.append((expected, n - 1))
            expected = n + 1
        if expected < upto:
            ranges.append((expected, upto - 1))
        return cls(tuple(ranges))

    @classmethod
    def of_numbers(cls, numbers: Iterable[int]) -> SequenceGaps:
        ranges: list[list[int]] = []
        for n in sorted(set(numbers)):
            if ranges and n == ranges[-1][1] + 1:
                ranges[-1][1] = n
            else:
                ranges.append([n, n])
        return cls(tuple((a, b) for a, b in ranges))

    @property
    def count(self) -> int:
        """How many numbers are missing."""
        return sum(b - a + 1 for a, b in self.ranges)

    def __bool__(self) -> bool:
        return bool(self.ranges)

    def __len__(self) -> int:
        return self.count

    def __contains__(self, n: object) -> bool:
        return isinstance(n, int) and any(a <= n <= b for a, b in self.ranges)

    def __eq__(self, other: object) -> bool:
        if isinstance(other, SequenceGaps):
            return self.ranges == other.ranges
        if isinstance(other, (list, tuple)) and all(type(n) is int for n in other):
            return self.ranges == SequenceGaps.of_numbers(other).ranges and len(set(other)) == len(other)
        return NotImplemented

    __hash__ = None  # type: ignore[assignment]

    def first_numbers(self, limit: int) -> list[int]:
        """At most ``limit`` missing numbers, lowest first (for short lists; the ranges are the whole truth)."""
        out: list[int] = []
        for a, b in self.ranges:
            out.extend(range(a, min(b, a + limit - len(out) - 1) + 1))
            if len(out) >= limit:
                break
        return out

    def labels(self) -> list[str]:
        """Each range as text: ``7`` or ``5–9``."""
        return [str(a) if a == b else f"{a}\u2013{b}" for a, b in self.ranges]
