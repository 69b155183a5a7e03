"""A hand-built ledger for the summary tests: every figure of 2026H1 is known.

Judged on 2026-07-01 (``AS_OF``). The comments give what the summary must print.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

from PIL import Image

from chuangcheng_desktop import paths
from chuangcheng_desktop.core.storage.attachments import attach_file

AS_OF = date(2026, 7, 1)
W = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2]

# Every figure the 2026H1 summary must contain, exactly as printed.
EXPECTED_FIGURES = [
    "6次", "173人次",                      # all activities, participants
    "18人次", "自查和领导督查1次", "2支",      # 组织领导: one meeting, one 自查, two teams
    "2次", "60人次", "发放宣传资料500份", "悬挂横幅2条",  # 宣传教育
    "2人", "1000人", "0.2%", "8%", "30人次", "5人次", "3名", "8小时", "2.7小时", "入户走访12户",
    "张伟、李娜和王芳",                     # top volunteers by hours
    "清明节", "40人次",                     # 我们的节日
    "25人次", "清理卫生死角6处", "清理面积1200平方米", "植树30棵",  # 环境整治: materials summed
    "上级巡查1次、暗访1次、自查1次", "5个", "40%", "1个", "3个",  # 督查整改
    "1项", "张伟获评市级“优秀志愿者”",       # honours, by name and level
    "1月20日", "5月20日",                   # cited highlights (the year is the period's)
    "截至2026年7月1日",                     # the cut-off of the status figures (3 open, 2 overdue)
]


def valid_id(first17: str) -> str:
    return first17 + "10X98765432"[sum(int(c) * w for c, w in zip(first17, W, strict=True)) % 11]


def photo(folder: Path, name: str, colour: tuple[int, int, int]) -> Path:
    path = folder / name
    Image.new("RGB", (1600, 1200), colour).save(path, quality=95)
    return path


def build_known(ledger, tmp_path: Path) -> dict[str, dict]:
    ledger.update_profile({"unit_name": "青松社区", "parent_unit": "城东街道",
                           "resident_population": 1000, "volunteer_target_ratio": 0.08})
    ledger.teams.add({"name": "青松环保队", "category": "环境保护"})
    ledger.teams.add({"name": "夕阳红为老服务队", "category": "为老服务"})
    v = {}
    for key, name, first17, registered, status, exited in [
        ("A", "张伟", "33010219800101001", "2025-12-01", "在册", None),
        ("B", "王芳", "33010219900202002", "2026-02-01", "在册", None),
        ("C", "李娜", "33010219950303004", "2026-03-01", "退出", "2026-05-01"),
    ]:
        v[key] = ledger.volunteers.add({"name": name, "id_number": valid_id(first17),
                                        "registered_on": registered, "status": status,
                                        "exited_on": exited})

    def activity(title, category, day, people, place="", content="", measures=None, festival=""):
        return ledger.activities.add({
            "title": title, "category": category, "date": day, "participant_count": people,
            "place": place, "content": content, "measures": measures or {}, "festival": festival})

    a = {
        "a1": activity("银龄关爱上门服务", "志愿服务", "2026-01-20", 30, "青松小区",
                       "志愿者上门为独居老人打扫卫生、检查燃气安全。", {"入户走访": 12}),
        "a2": activity("文明新风进万家", "宣传教育", "2026-02-10", 50, "文化广场",
                       "设置咨询台讲解文明公约，发放宣传资料。", {"发放宣传资料": 300, "悬挂横幅": 2}),
        "a3": activity("清明文明祭扫倡议", "我们的节日", "2026-04-05", 40, "青松公园",
                       "倡导鲜花祭扫、网上祭扫。", festival="清明"),
        "a4": activity("背街小巷环境大扫除", "环境整治", "2026-05-20", 25, "松林路",
                       "清理卫生死角和乱堆物，补种行道树。",
                       {"清理面积": 1200, "清理卫生死角": 6, "植树（棵）": 30}),
        "a5": activity("垃圾分类宣传", "宣传教育", "2026-05-25", 10, "",
                       "", {"发放宣传资料": 200}),
        "a6": activity("创城工作推进会", "会议学习", "2026-03-03", 18, "社区会议室",
                       "传达上级创城工作要求，分解任务。"),
        "a7": activity("暑期托管", "志愿服务", "2026-07-01", 99, "社区活动室", "作业辅导。"),
    }

    def serve(act, vol, minutes, source="签到", reason=""):
        ledger.service_records.add({"activity_id": a[act]["id"], "volunteer_id": v[vol]["id"],
                                    "minutes": minutes, "source": source, "reason": reason})

    serve("a1", "A", 120)
    serve("a1", "B", 90)
    serve("a3", "A", 60)
    serve("a3", "B", 30, "补录", "当天签到表遗失")
    serve("a4", "C", 180)
    serve("a7", "A", 600)

    for day, source in [("2026-03-10", "上级巡查"), ("2026-04-01", "暗访"), ("2026-06-01", "自查")]:
        ledger.inspections.add({"date": day, "source": source})

    def problem(found, deadline, category, source, checkpoint, status="待整改", completed=None):
        done = status == "已完成"
        ledger.problems.add({
            "found_on": found, "deadline": deadline, "category": category, "source": source,
            "checkpoint": checkpoint, "description": "问题", "status": status,
            "completed_on": completed, "measures": "已整改" if done else ""})

    problem("2026-03-10", "2026-03-13", "环境卫生", "上级巡查", "农贸市场", "已完成", "2026-03-12")
    problem("2026-03-10", "2026-03-13", "环境卫生", "上级巡查", "农贸市场", "已完成", "2026-03-20")
    problem("2026-04-01", "2026-04-05", "公共秩序", "暗访", "青松小区北门", "整改中")
    problem("2026-06-01", "2026-07-05", "宣传氛围", "自查", "文化广场")
    problem("2026-06-20", "2026-06-30", "设施维护", "自查", "松林路", "待复查")

    ledger.honours.add({"title": "优秀志愿者", "level": "市级", "recipient": "张伟",
                        "date": "2026-05-20"})

    store = paths.attachments_dir(Path(ledger.path).parent)
    folder = tmp_path / "photos"
    folder.mkdir(exist_ok=True)
    for key, colour in (("a2", (200, 60, 40)), ("a4", (40, 120, 60))):
        attach_file(ledger, store, photo(folder, f"{key}.jpg", colour), owner_table="activities",
                    owner_id=a[key]["id"], role="现场照片")
    return a
