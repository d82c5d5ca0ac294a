"""Settings layers: ``base`` (everything, from environment variables), ``dev``, ``test``, ``prod``."""
