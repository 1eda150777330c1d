"""The git-backed store: objects.py (pure: what a package becomes), repo.py (the only git I/O), journal.py
(bills/ and refs changed together or not at all)."""
