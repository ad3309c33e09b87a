"""Grammar and spelling engines behind one interface (see engines in this package)."""
