"""电子证照 (e-certificates): types, issuance, signing, public verification, wallet.

Sits below ``cases`` and knows nothing of them (DESIGN.md). So far it holds the signing
foundation only: canonical payloads, Ed25519 and SM2/SM3 signatures, and keys kept outside
the database in a key store that rotates.
"""
