"""Tests of the certificates app."""
