"""Outputs of the record other than the site: the SQLite database (rows.py pure, sqlite.py writes)."""
