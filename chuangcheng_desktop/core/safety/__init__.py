"""Data safety: backup, restore, recovery, integrity, password, recycle bin, data-folder checks."""
