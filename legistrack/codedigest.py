"""legistrack's own code, digested: every cache that remembers what this code made of an input (a manifest read, a
package planned, a page built) is keyed on it, so that another legistrack works it out again."""

from __future__ import annotations

import hashlib
from pathlib import Path

_CODE: str | None = None


def code_digest() -> str:
    """legistrack's own code and templates (the plan of a package, and every page, depend on them)."""
    global _CODE
    if _CODE is None:
        digest = hashlib.sha256()
        package_root = Path(__file__).resolve().parent
        for path in sorted(package_root.rglob("*")):
            if path.is_file() and path.suffix in (".py", ".html", ".atom", ".css", ".js"):
                digest.update(path.relative_to(package_root).as_posix().encode() + b"\0" + path.read_bytes())
        _CODE = digest.hexdigest()
    return _CODE
