"""Operations: the commands that run and feed a deployment (serve, scheduler, demo data).

The top layer: it may import every app; no app imports it.
"""
