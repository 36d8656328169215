"""Benchmarks through a real WSGI server; each prints a ratio against a same-run baseline."""
