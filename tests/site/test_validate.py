"""Every kind of page of the built site passes the Nu Html Checker (npm vnu-jar, on the installed Java).

vnu-jar is installed on first use from package-lock.json (conftest.npm_tools); skipped only where npm or java
itself is missing on a developer's machine, and under CI (CI=true) that is a failure.
"""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

import pytest

from ..conftest import REPO, npm_tools

VNU = REPO / "node_modules" / "vnu-jar" / "build" / "dist" / "vnu.jar"
JAVA = shutil.which("java")


# A law's revisions give hundreds of pages from the same three templates (its texts, diffs and article
# histories: nine in ten of the site's bytes): the checker reads the first two and the last of each folder, and
# every other page whole (timelines, sources, comparisons, homes, lists, search).
SAMPLED = {"text", "diff", "article"}


def _sample(site: Path) -> list[Path]:
    pages = sorted(site.rglob("*.html"))
    folders: dict[Path, list[Path]] = {}
    for page in pages:
        if page.parent.name in SAMPLED:
            folders.setdefault(page.parent, []).append(page)
    sampled = {p for group in folders.values() for p in {*group[:2], group[-1]}}
    return [p for p in pages if p.parent.name not in SAMPLED or p in sampled]


@pytest.mark.slow
def test_every_page_is_valid_html(built_site: Path) -> None:
    if not npm_tools() or not VNU.is_file() or JAVA is None:
        if os.environ.get("CI"):
            pytest.fail("vnu-jar or java is missing: .ci/run installs them", pytrace=False)
        pytest.skip("npm or java is not installed: install nodejs, npm and a Java runtime to run this check")
    pages = [str(p) for p in _sample(built_site)]
    result = subprocess.run(
        [JAVA, "-jar", str(VNU), "--errors-only", "--format", "gnu", *pages],
        capture_output=True,
        text=True,
        timeout=600,
    )
    errors = [line for line in (result.stdout + result.stderr).splitlines() if line.strip()]
    assert errors == [], "\n".join(errors[:20])
