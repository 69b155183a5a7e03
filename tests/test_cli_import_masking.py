"""The command-line import preview shows ID numbers masked unless --full-id (privacy)."""

from __future__ import annotations

from chuangcheng_desktop.cli import main
from chuangcheng_desktop.core.storage.ledger import Ledger
from tests.conftest import ID_FEMALE_1985, sample
from tests.reports.imports.test_import_corpus import _roster


def test_import_preview_masks_id_numbers_unless_full_id(tmp_path, capsys):
    folder = tmp_path / "d"
    with Ledger.open_in(folder) as ledger:
        ledger.volunteers.add(sample("volunteers"))  # makes row 11 a duplicate
    roster = _roster(tmp_path)
    args = ["import-volunteers", str(roster), "--dry-run", "--data-dir", str(folder)]
    main(args)
    masked = capsys.readouterr().out
    assert "110101199003078514" not in masked and ID_FEMALE_1985 not in masked
    assert "110101********8514" in masked
    assert "330102********028X" in masked
    assert "１１０１０１１９９００３０７８５１５" not in masked  # full-width digits too
    assert "110101********8515" in masked
    main([*args, "--full-id"])
    full = capsys.readouterr().out
    assert "110101199003078514" in full and ID_FEMALE_1985 in full
