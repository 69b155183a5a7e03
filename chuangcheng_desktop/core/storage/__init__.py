"""Storage: opening the ledger, migrations, record kinds, repositories, settings, attachments, audit."""
