"""Storage, domain rules and statistics. Nothing in this package imports Qt."""
