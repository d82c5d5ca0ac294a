"""Pure rules of data sharing: the source registry, the wire protocol's signature and the
purpose an access must state. No Django here."""
