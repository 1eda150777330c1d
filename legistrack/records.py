"""Immutable records (named tuples) that do not need `typing` at run time.

typing.NamedTuple turns each field's annotation into a ForwardRef and compiles it, and importing typing is itself
costly: together about 26 M instructions, 5 % of a whole `legistrack diff` of H.R. 2157 (callgrind). `Record`
makes the same collections.namedtuple from the class body: fields from the annotations, defaults from the values
given, methods and properties kept. Type checkers see typing.NamedTuple.
"""

from __future__ import annotations

from collections import namedtuple

__all__ = ["TYPE_CHECKING", "Record"]

TYPE_CHECKING = False  # mypy treats any name TYPE_CHECKING as true: no typing import for typing.TYPE_CHECKING
if TYPE_CHECKING:
    from typing import NamedTuple as Record
else:
    _OWN = {"__module__", "__qualname__", "__annotations__", "__orig_bases__"}

    class _RecordMeta(type):
        def __new__(mcs, name, bases, namespace):
            if not bases:  # Record itself
                return super().__new__(mcs, name, bases, namespace)
            fields = list(namespace.get("__annotations__", {}))
            defaults = [namespace[f] for f in fields if f in namespace]
            if any(f not in namespace for f in fields[len(fields) - len(defaults) :]):
                raise TypeError(f"{name}: a field without a default follows one with a default")
            cls = namedtuple(name, fields, defaults=defaults, module=namespace["__module__"])
            cls.__qualname__ = namespace["__qualname__"]
            cls.__annotations__ = namespace.get("__annotations__", {})
            for key, value in namespace.items():
                if key not in _OWN and key not in fields:
                    setattr(cls, key, value)
            return cls

    class Record(metaclass=_RecordMeta):
        """Base of a record class: `class Point(Record): x: int; y: int = 0`."""
