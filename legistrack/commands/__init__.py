"""What each command does, one module per command group: each takes a Project and plain values, calls the core
(packages/, store/, diff/, site/) and returns a result for the command line to print. Nothing here parses an
option or prints: that is cli.py's job."""
