"""legistrack: legislative timelines and version tracking in a git-backed store."""

__version__ = "0.1.0"
