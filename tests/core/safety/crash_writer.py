"""Writer process for the crash test: groups of rows, one transaction per group.

Run as ``python -m tests.core.safety.crash_writer DB FIRST COUNT``. It prints "ready" once the
ledger is open, then the number of each group right after its transaction committed.
Group k is one activity titled "崩溃测试k" plus one service record per volunteer, all
added through the repositories inside one ``db.atomic()`` (with their audit rows).
"""

from __future__ import annotations

import sys

from chuangcheng_desktop.core.storage.ledger import Ledger

TITLE = "崩溃测试{k}"


def main() -> int:
    path, first, count = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
    with Ledger.open(path, actor="崩溃测试") as ledger:
        volunteers = [row["id"] for row in ledger.volunteers.list()]
        print("ready", flush=True)
        for k in range(first, first + count):
            with ledger.db.atomic():
                activity = ledger.activities.add({
                    "title": TITLE.format(k=k), "category": "志愿服务", "date": "2026-05-01",
                    "participant_count": len(volunteers), "content": "崩溃测试" * 50})
                ledger.service_records.add_many([
                    {"activity_id": activity["id"], "volunteer_id": volunteer, "minutes": 60}
                    for volunteer in volunteers])
            print(k, flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
