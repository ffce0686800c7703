"""Node identity and keys, signed node-to-node exchange, outbox and retries."""
