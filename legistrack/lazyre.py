"""Regular expressions compiled on first use.

Compiling a character class of thousands of code points (kanji, Hangul) costs Python a loop over each of them,
about 1 ms per class, at every start-up. A pattern that a run never uses (Korean headings in a US bill, the
kanji tokenizer for an English text) should not cost anything: `lazy` gives an object with the methods of a
compiled pattern that compiles it the first time one of them is called.
"""

from __future__ import annotations

import re

from .records import TYPE_CHECKING

if TYPE_CHECKING:
    from typing import Any

_METHODS = ("match", "fullmatch", "search", "findall", "finditer", "sub", "subn", "split")


class LazyPattern:
    """A stand-in for `re.compile(pattern, flags)` that compiles on first use."""

    def __init__(self, pattern: str, flags: int = 0) -> None:
        self.pattern, self.flags = pattern, flags

    def __getattr__(self, name: str) -> Any:
        # Called only for attributes not set yet: compile, then keep the compiled pattern's bound methods on the
        # instance, so later calls go straight to C.
        if name not in _METHODS:
            raise AttributeError(name)
        compiled = re.compile(self.pattern, self.flags)
        for method in _METHODS:
            setattr(self, method, getattr(compiled, method))
        return getattr(compiled, name)


def lazy(pattern: str, flags: int = 0) -> re.Pattern[str]:
    """A pattern compiled when it is first used (typed as the compiled pattern it stands for)."""
    return LazyPattern(pattern, flags)  # type: ignore[return-value]
