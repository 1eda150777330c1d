"""Regular expressions compiled when first used, not when their module is imported.

Compiling is the costly part of a pattern: the laws' patterns have classes of kanji numerals and CJK ranges, and
`re` builds a table for each such class in Python, about a millisecond a pattern. A module that compiled all of its
patterns at import made every `legistrack diff` pay for the German, Korean and US headings of a Japanese text, and a
command that never reads a law pay for all of them. `Pattern(source)` stands where `re.compile(source)` stood and
compiles on the first call of one of its methods; the compiled pattern's methods are then bound on the object, so
later calls reach them as directly as before.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from typing import Any, AnyStr, Generic

# The methods of a compiled pattern a caller may use, bound on the lazy pattern at its first use.
_METHODS = ("match", "fullmatch", "search", "sub", "subn", "split", "findall", "finditer")


class Pattern(Generic[AnyStr]):
    """A regular expression (text or bytes) compiled at its first use; `.compiled` is the `re.Pattern`."""

    # Not set until the first use: a missing attribute reaches __getattr__, which compiles and binds them all.
    match: Callable[..., re.Match[AnyStr] | None]
    fullmatch: Callable[..., re.Match[AnyStr] | None]
    search: Callable[..., re.Match[AnyStr] | None]
    sub: Callable[..., AnyStr]
    subn: Callable[..., tuple[AnyStr, int]]
    split: Callable[..., list[Any]]
    findall: Callable[..., list[Any]]
    finditer: Callable[..., Iterator[re.Match[AnyStr]]]

    def __init__(self, source: AnyStr, flags: int = 0) -> None:
        self.pattern: AnyStr = source
        self.flags = flags

    @property
    def compiled(self) -> re.Pattern[AnyStr]:
        compiled: re.Pattern[AnyStr] | None = self.__dict__.get("_compiled")
        return compiled if compiled is not None else self._bind()

    def _bind(self) -> re.Pattern[AnyStr]:
        compiled = re.compile(self.pattern, self.flags)
        self.__dict__["_compiled"] = compiled
        for method in _METHODS:
            setattr(self, method, getattr(compiled, method))
        return compiled

    def __getattr__(self, name: str) -> Any:
        if name not in _METHODS:
            raise AttributeError(f"{type(self).__name__!r} object has no attribute {name!r}")
        return getattr(self._bind(), name)

    def __repr__(self) -> str:
        return f"Pattern({self.pattern!r})"
