"""Bill packages under bills/: read (read.py), render edits as TOML (write.py), plan changes (plan.py)."""
