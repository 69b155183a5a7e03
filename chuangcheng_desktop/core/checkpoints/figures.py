"""点位 figures of a period, for ``stats`` (text and JSON), 首页, the summary and 回头看.

Definitions (live records only):
- register: 点位 in the register now; ``active`` those 在用; ``by_type`` counts 在用 点位;
- runs: 测评 dated inside the period; ``average_rate`` the mean 达标率 of those runs that
  have one (a run where nothing applied has none);
- most failed items: items (followed across checklist versions by their key) marked 不合格
  most often in the period's runs, with how often they were asked;
- never checked: 在用 点位 with no run in the period;
- lowest: each checked 点位's latest 达标率 in the period, lowest first;
- by checkpoint: per 点位 with runs in the period: runs, mean 达标率, failed items, open problems.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from sqlite_utils import Database

from chuangcheng_desktop.core.checkpoints.publicity import PublicityFigures, publicity_figures

TOP_ITEMS = 10
RANKING_ROWS = 10


@dataclass
class FailedItem:
    requirement: str
    checkpoint_type: str
    theme: str
    failures: int
    asked: int


@dataclass
class CheckpointRate:
    name: str
    type: str
    rate: float | None
    date: str


@dataclass
class CheckpointRank:
    name: str
    type: str
    runs: int
    average_rate: float | None
    failed_items: int
    open_problems: int


@dataclass
class CheckpointFigures:
    registered: int = 0
    active: int = 0
    by_type: dict[str, int] = field(default_factory=dict)
    runs: int = 0
    follow_up_runs: int = 0
    checkpoints_checked: int = 0
    average_rate: float | None = None
    failed_items: int = 0
    problems_raised: int = 0
    most_failed: list[FailedItem] = field(default_factory=list)
    never_checked: list[str] = field(default_factory=list)
    lowest: list[CheckpointRate] = field(default_factory=list)
    by_checkpoint: list[CheckpointRank] = field(default_factory=list)
    publicity: PublicityFigures = field(default_factory=PublicityFigures)


# The failed results are counted per item (a covering index holds them), summed per item key;
# texts and how often each was asked are looked up for the top ten only.
_MOST_FAILED = """
WITH failed AS (
    SELECT r.item_id AS item_id, count(*) AS failures
    FROM run_results r JOIN inspection_runs u ON u.id = r.run_id
    WHERE r.outcome = '不合格' AND u.deleted_at IS NULL AND u.date BETWEEN :s AND :e
    GROUP BY r.item_id),
counted AS (
    SELECT i.item_key AS item_key, max(t.checkpoint_type) AS checkpoint_type,
           sum(f.failures) AS failures
    FROM failed f JOIN checklist_items i ON i.id = f.item_id
    JOIN checklist_templates t ON t.id = i.template_id
    GROUP BY i.item_key ORDER BY failures DESC, item_key LIMIT :n)
SELECT (SELECT requirement FROM checklist_items WHERE item_key = c.item_key
        ORDER BY created_at DESC LIMIT 1),
       c.checkpoint_type,
       (SELECT theme FROM checklist_items WHERE item_key = c.item_key
        ORDER BY created_at DESC LIMIT 1),
       c.failures,
       (SELECT count(*) FROM checklist_items i JOIN run_results r ON r.item_id = i.id
        JOIN inspection_runs u ON u.id = r.run_id
        WHERE i.item_key = c.item_key AND u.deleted_at IS NULL AND u.date BETWEEN :s AND :e)
FROM counted c ORDER BY c.failures DESC, 5, 1
"""


def checkpoint_figures(db: Database, start: str, end: str) -> CheckpointFigures:
    figures = CheckpointFigures()
    period = {"s": start, "e": end}
    figures.registered, figures.active = db.execute(
        "SELECT count(*), coalesce(sum(active), 0) FROM checkpoints WHERE deleted_at IS NULL"
    ).fetchone()
    figures.by_type = dict(db.execute(
        "SELECT c.type, count(*) FROM checkpoints c LEFT JOIN checkpoint_types t ON t.name = c.type "
        "WHERE c.deleted_at IS NULL AND c.active = 1 GROUP BY c.type "
        "ORDER BY coalesce(t.position, 999), c.type"))
    (figures.runs, figures.follow_up_runs, figures.checkpoints_checked, average,
     figures.failed_items, figures.problems_raised) = db.execute(
        "SELECT count(*), coalesce(sum(kind = '回头看'), 0), count(DISTINCT checkpoint_id), "
        "avg(rate), coalesce(sum(failed), 0), coalesce(sum(raised), 0) FROM inspection_runs "
        "WHERE deleted_at IS NULL AND date BETWEEN :s AND :e", period).fetchone()
    figures.average_rate = None if average is None else round(average, 4)
    figures.most_failed = [FailedItem(*row) for row in db.execute(_MOST_FAILED,
                                                                   {**period, "n": TOP_ITEMS})]
    figures.never_checked = [name for (name,) in db.execute(
        "SELECT c.name FROM checkpoints c WHERE c.deleted_at IS NULL AND c.active = 1 "
        "AND NOT EXISTS (SELECT 1 FROM inspection_runs r WHERE r.checkpoint_id = c.id "
        "AND r.deleted_at IS NULL AND r.date BETWEEN :s AND :e) ORDER BY c.type, c.name", period)]
    figures.lowest = [CheckpointRate(*row) for row in db.execute(
        "SELECT c.name, c.type, u.rate, u.date FROM checkpoints c "
        "JOIN inspection_runs u ON u.id = (SELECT r.id FROM inspection_runs r "
        "    WHERE r.checkpoint_id = c.id AND r.deleted_at IS NULL AND r.date BETWEEN :s AND :e "
        "    AND r.rate IS NOT NULL ORDER BY r.date DESC, r.created_at DESC LIMIT 1) "
        "WHERE c.deleted_at IS NULL ORDER BY u.rate, c.name LIMIT :n",
        {**period, "n": RANKING_ROWS})]
    figures.by_checkpoint = [CheckpointRank(*row) for row in db.execute(
        "SELECT c.name, c.type, count(*), avg(u.rate), sum(u.failed), "
        "(SELECT count(*) FROM problems p WHERE p.checkpoint_id = c.id AND p.deleted_at IS NULL "
        " AND p.status != '已完成') "
        "FROM inspection_runs u JOIN checkpoints c ON c.id = u.checkpoint_id "
        "WHERE u.deleted_at IS NULL AND u.date BETWEEN :s AND :e "
        "GROUP BY c.id ORDER BY avg(u.rate) IS NULL, avg(u.rate), sum(u.failed) DESC, c.name "
        "LIMIT :n", {**period, "n": RANKING_ROWS})]
    for rank in figures.by_checkpoint:
        rank.average_rate = None if rank.average_rate is None else round(rank.average_rate, 4)
    figures.publicity = publicity_figures(db, start, end)
    return figures


def checkpoint_lines(figures: CheckpointFigures | None) -> list[str]:
    """The 点位测评 section of the ``stats`` text (plain figures, no prose)."""
    from chuangcheng_desktop.core.rules.formatting import format_percent, format_quantity

    if figures is None:
        return []
    f = figures
    lines = ["", "【点位测评】",
             f"  点位：{format_quantity(f.registered, '个')}（在用{f.active}个）",
             *(f"    {name}：{format_quantity(count, '个')}" for name, count in f.by_type.items()),
             f"  测评：{format_quantity(f.runs, '次')}（回头看{f.follow_up_runs}次），"
             f"涉及点位{f.checkpoints_checked}个",
             f"  平均达标率：{format_percent(f.average_rate)}",
             f"  不合格项：{format_quantity(f.failed_items, '项')}，生成整改问题{f.problems_raised}个",
             f"  本期未测评的点位：{format_quantity(len(f.never_checked), '个')}"
             + (f"（{'、'.join(f.never_checked[:10])}{'等' if len(f.never_checked) > 10 else ''}）"
                if f.never_checked else "")]
    if f.most_failed:
        lines.append("  不合格最多的检查项：")
        lines += [f"    {n}. {item.requirement}（{item.checkpoint_type}）：{item.failures}次/"
                  f"测{item.asked}次" for n, item in enumerate(f.most_failed, start=1)]
    if f.lowest:
        lines.append("  达标率最低的点位：")
        lines += [f"    {n}. {r.name}：{format_percent(r.rate)}（{r.date}）"
                  for n, r in enumerate(f.lowest, start=1)]
    p = f.publicity
    if p.sites:
        lines.append("  宣传阵地：" + "，".join(f"{kind}{count}处" for kind, count in p.sites.items())
                     + f"；本期新设{p.placed_in_period}处，宣传栏更新{p.boards_renewed}次")
    return lines
