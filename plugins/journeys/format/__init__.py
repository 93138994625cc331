"""Layer 1, the source format: reading files, the format's keys, parsing into typed items."""
