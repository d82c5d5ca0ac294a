"""Pure e-certificate logic without Django: canonical payloads and signatures."""
