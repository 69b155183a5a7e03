"""Demo data: a believable community (or street) ledger for trying the app."""
