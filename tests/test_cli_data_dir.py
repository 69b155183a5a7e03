"""--data-dir works before or after the subcommand (fault 1), and two different ones are refused."""

from __future__ import annotations

import pytest

from chuangcheng_desktop.cli import build_parser, main
from chuangcheng_desktop.core.storage.ledger import Ledger


@pytest.mark.parametrize("order", ["before", "after"])
def test_data_dir_in_either_position_writes_that_folder(tmp_path, order, capsys):
    folder = tmp_path / "d"
    args = ["profile", "--set", "unit_name=青松社区"]
    argv = ["--data-dir", str(folder), *args] if order == "before" else [*args, "--data-dir", str(folder)]
    assert main(argv) == 0
    with Ledger.open_in(folder) as ledger:
        assert ledger.profile()["unit_name"] == "青松社区"


@pytest.mark.parametrize("command", [["backup"], ["restore", "x.db"], ["demo-data"],
                                     ["import-volunteers", "x.xlsx"], ["check"]])
def test_data_dir_before_every_subcommand_is_kept(tmp_path, command):
    parser = build_parser()
    from chuangcheng_desktop.cli import _data_dir

    args = parser.parse_args(["--data-dir", str(tmp_path), *command])
    assert _data_dir(parser, args) == str(tmp_path)


def test_the_same_folder_in_both_places_is_accepted(tmp_path):
    assert main(["--data-dir", str(tmp_path / "d"), "profile", "--set", "unit_name=甲", "--data-dir",
                 str(tmp_path / "d" / ".." / "d")]) == 0


def test_two_different_folders_are_refused(tmp_path, capsys):
    with pytest.raises(SystemExit) as exc:
        main(["--data-dir", str(tmp_path / "a"), "profile", "--data-dir", str(tmp_path / "b")])
    assert exc.value.code == 2
    assert "--data-dir 写了两次且不一致" in capsys.readouterr().err
    assert not (tmp_path / "a").exists() and not (tmp_path / "b").exists()
