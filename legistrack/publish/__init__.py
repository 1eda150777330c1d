"""Publishing the record: the site, its copy of the store and its database, built from the store step by step
(build.py), with every key that lets a build skip work in one place (keys.py); the database an export writes
(database.py); the preview server (serve.py)."""
