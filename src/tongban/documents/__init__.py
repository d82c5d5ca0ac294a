"""Uploaded files (materials, templates, samples): checked by content, size-limited, hashed,
stored under their hash; nothing is written from a rejected upload."""
