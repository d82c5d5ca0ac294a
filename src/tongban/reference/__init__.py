"""Reference counterparts: small stand-ins for the systems around Tongban (unified identity,
unified public payment, a department system receiving webhooks), each a separate process
reached over real HTTP by ``tongban serve`` and by the tests.

They import nothing of Tongban's Django apps: they speak only the protocol, as the real
systems do. Each is built on a library (authlib's OAuth2/OIDC server, Flask), not on
hand-written protocol code, and keeps its state in memory: a restart forgets it.
"""
