"""The hash-chained audit log: what an entry is, how its hash is made, how a chain is verified."""
