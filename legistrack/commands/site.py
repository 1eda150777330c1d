"""`legistrack build` and `legistrack serve`: the static site, rendered from the store. The work is publish/'s (the
build's steps, its keys, the preview server); these are the commands' names for it."""

from __future__ import annotations

from ..publish.build import BuildReport as BuildReport
from ..publish.build import build as build
from ..publish.serve import serve as serve
