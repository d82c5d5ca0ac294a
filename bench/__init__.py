"""Benchmarks: plain scripts that print figures and record them in docs/BENCHMARKS.md.

They are not timed tests (STYLE.md rule 22); run one with ``python -m bench.<name>``.
"""
