"""Benchmarks: scripts that print figures and write docs/BENCHMARKS.md; never timed tests."""
