"""Benchmark: the full-year summary of the community demo ledger with 12 photos.

Budget: writing the .docx takes at most 2 s. Prints figures; asserts nothing.

    .venv/bin/python benchmarks/bench_report.py
"""

from __future__ import annotations

import sys
import tempfile
import time
from datetime import date
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from chuangcheng_desktop import paths
from chuangcheng_desktop.core.demo.builder import generate_demo_data
from chuangcheng_desktop.core.storage.ledger import Ledger
from chuangcheng_desktop.reports.summary.drafting import build_default_context, section_candidates
from chuangcheng_desktop.reports.summary.summary_docx import write_summary_docx

TODAY = date(2026, 12, 31)
PHOTOS = 12


def main() -> None:
    with tempfile.TemporaryDirectory(prefix="bench-report-") as folder:
        data = Path(folder) / "data"
        paths.init(data)
        with Ledger.open_in(data, actor="bench") as ledger:
            generate_demo_data(ledger, paths.attachments_dir(data), scale="community", seed=1,
                               today=TODAY)
            started = time.perf_counter()
            context = build_default_context(ledger, "2026", today=TODAY)
            drafted = time.perf_counter() - started
            # exactly 12 photos, taken from the sections' own activities
            chosen = 0
            for section in context.sections:
                section.photo_ids = []
            while chosen < PHOTOS:
                before = chosen
                for section in context.printable_sections():
                    for activity in section_candidates(ledger, context, section.key):
                        fresh = [p["id"] for p in activity["photos"] if p["id"] not in section.photo_ids]
                        if fresh and chosen < PHOTOS:
                            section.photo_ids.append(fresh[0])
                            chosen += 1
                            break
                if chosen == before:
                    break
            out = Path(folder) / "年度总结.docx"
            started = time.perf_counter()
            write_summary_docx(context, ledger, out)
            written = time.perf_counter() - started
            phone = _phone_sized_photos(ledger, context, Path(folder))
            started = time.perf_counter()
            write_summary_docx(context, ledger, out.with_name("年度总结-大照片.docx"))
            big = time.perf_counter() - started
            print(f"drafting the full-year context: {drafted:.3f} s")
            print(f"writing the .docx with {len(context.photo_ids())} photos: {written:.3f} s "
                  f"(budget 2 s), {out.stat().st_size / 1024:.0f} KB")
            size = out.with_name("年度总结-大照片.docx").stat().st_size / 1024 / 1024
            print(f"the same with the photos replaced by {phone} phone-sized 4000×3000 JPEGs: "
                  f"{big:.3f} s, {size:.1f} MB")


def _phone_sized_photos(ledger: Ledger, context, folder: Path) -> int:
    """Overwrite the stored files of the chosen photos with 4000×3000 JPEGs (as from a phone)."""
    from PIL import Image

    from chuangcheng_desktop.core.storage.attachments import attachment_file

    store = paths.attachments_dir(Path(ledger.path).parent)
    big = Image.effect_noise((4000, 3000), 40).convert("RGB")
    done = 0
    for photo_id in context.photo_ids():
        target = attachment_file(store, ledger.attachments.get(photo_id))
        big.save(target, "JPEG", quality=90)
        done += 1
    return done


if __name__ == "__main__":
    main()
