"""Catalogue pages, one module per audience as in ``cases.views``: ``public`` (search,
guides, PDF) and ``workbench`` (catalogue managers; ``workbench_rows`` lays out a version's
child rows)."""
