"""The 点位 field of a problem suggests the names in the 点位 register as the user types
(any substring), so a problem lands on an existing 点位 instead of a near-duplicate name."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QCompleter, QLineEdit

from chuangcheng_desktop.core.storage.ledger import Ledger


def attach_checkpoint_completer(ledger: Ledger, edit: QLineEdit) -> QCompleter:
    names = [row[0] for row in ledger.db.execute(
        "SELECT name FROM checkpoints WHERE deleted_at IS NULL AND active = 1 ORDER BY name")]
    completer = QCompleter(names, edit)
    completer.setCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
    completer.setFilterMode(Qt.MatchFlag.MatchContains)
    edit.setCompleter(completer)
    return completer
