"""Demo 点位: a register built from the places the demo problems name, with checklists
(one type edited mid-year into a second version), 宣传阵地, and 实地测评 across the year.

Called by the builder after the problems exist (the problems repository has made each named
place a 点位 of type 其他, core/checkpoints/problem_links.py): each gets a type guessed from
its name, a 包保单位 and a 负责人, and ids drawn from the seed so the same seed gives the
same ledger. Runs follow each type's
frequency (a few missed, so 首页 shows some 点位 overdue), 达标率 improving over the year;
they are written in bulk with one audit row (their failures are the demo problems already
in the ledger, so they raise no new ones).
"""

from __future__ import annotations

from datetime import date, timedelta
from random import Random
from typing import Any

from chuangcheng_desktop.core.checkpoints.runs import FAIL, NOT_APPLICABLE, PASS, achievement_rate
from chuangcheng_desktop.core.checkpoints.schema_sql import DEFAULT_TYPES
from chuangcheng_desktop.core.checkpoints.templates import default_checklists
from chuangcheng_desktop.core.storage.audit import write_audit
from chuangcheng_desktop.core.storage.clock import local_now_iso

AUDIT_NOTE = "演示数据"
# (keyword in the name, type, 包保单位) — first match wins.
TYPE_RULES = (
    ("农贸市场", "农贸市场", "区市场监管局"), ("菜市场", "农贸市场", "区市场监管局"),
    ("公厕", "公共厕所", "区环卫所"), ("公交站", "公交站点", "区交通运输局"),
    ("文明实践", "新时代文明实践站", "街道宣传办"), ("志愿服务站", "新时代文明实践站", "街道宣传办"),
    ("围挡", "建筑工地", "区住建局"), ("网吧", "商业街区", "区文旅局"),
    ("沿街", "商业街区", "街道城管科"), ("学校", "学校周边", "区教育局"),
    ("小学", "学校周边", "区教育局"), ("中学", "学校周边", "区教育局"),
    ("幼儿园", "学校周边", "区教育局"), ("公园", "公园广场", "区园林局"),
    ("广场", "公园广场", "区园林局"), ("游园", "公园广场", "区园林局"),
    ("绿道", "公园广场", "区园林局"), ("人行道", "主次干道", "街道城管科"),
    ("绿化带", "主次干道", "街道城管科"), ("巷", "背街小巷", "社区居委会"),
    ("里", "背街小巷", "社区居委会"), ("路", "主次干道", "街道城管科"),
    ("街", "主次干道", "街道城管科"), ("宣传栏", "其他", "社区居委会"),
)
ESTATE_SPONSOR = "物业服务中心"
BOARD_TEXTS = ("核心价值观宣传", "文明创建知识", "垃圾分类指引", "移风易俗倡议", "健康知识")
AD_TEXTS = ("讲文明树新风公益广告", "社会主义核心价值观公益广告", "文明交通公益广告")
SKIP_RATE = 0.12        # share of scheduled checks that are missed
NOT_APPLICABLE_RATE = 0.03


def build_checkpoints(builder: Any) -> None:
    """Give the demo ledger its 点位 register, checklists, 宣传阵地 and runs."""
    builder.progress(92, "正在生成点位和实地测评…")
    rng = Random(builder.rng.random())
    db, today, start = builder.ledger.db, builder.today, builder.start
    now = local_now_iso()
    db.execute("PRAGMA defer_foreign_keys = ON")  # 点位 ids re-drawn from the seed below
    names = [row[0] for row in db.execute("SELECT name FROM checkpoints ORDER BY name")]
    frequency = dict(DEFAULT_TYPES)
    checkpoints = []
    for name in names:
        type_, sponsor = _guess_type(name)
        new = builder.new_id()
        person = builder.adult_name()
        db.execute("UPDATE checkpoints SET id = ?, type = ?, sponsor_unit = ?, contact_person = ?, "
                   "contact_phone = ?, created_at = ?, search_text = ? WHERE name = ?",
                   [new, type_, sponsor, person, builder.phone(), f"{start.isoformat()}T09:00:00",
                    f"{name}\n{type_}\n{sponsor}\n{person}".lower(), name])
        db.execute("UPDATE problems SET checkpoint_id = ? WHERE checkpoint = ?", [new, name])
        checkpoints.append((new, name, type_))
    templates = _templates(builder, db, now, {t for _, _, t in checkpoints}, start, today)
    runs = results = 0
    for checkpoint_id, name, type_ in checkpoints:
        quality = rng.uniform(0.55, 0.97)
        day = start + timedelta(days=rng.randint(0, 10))
        while day <= today:
            if rng.random() >= SKIP_RATE:
                results += _run(builder, rng, db, now, checkpoint_id, name, type_, day, quality,
                                templates, start, today)
                runs += 1
            day += timedelta(days=frequency.get(type_, 30) + rng.randint(-1, 2))
    _publicity(builder, rng, db, now, checkpoints, start, today)
    write_audit(db, table="inspection_runs", row_id="*", action="insert", actor=builder.ledger.actor,
                new={"count": runs, "results": results, "note": AUDIT_NOTE})


def _guess_type(name: str) -> tuple[str, str]:
    for keyword, type_, sponsor in TYPE_RULES:
        if keyword in name:
            return type_, sponsor
    return "居民小区", ESTATE_SPONSOR


def _templates(builder: Any, db: Any, now: str, types: set[str], start: date,
               today: date) -> dict[str, list[tuple[str, list[tuple[str, str, float]]]]]:
    """type → [(from ISO date, template id, [(item id, item key, weight)])]; 农贸市场 gets a
    second version in the middle of the period (one item retired, one added)."""
    defaults = default_checklists()
    found: dict[str, list] = {}
    middle = start + (today - start) / 2
    for type_ in sorted(types):
        items = [(i["theme"], i["requirement"], float(i["weight"]))
                 for i in defaults.get(type_, defaults["其他"])]
        keys = [builder.new_id() for _ in items]
        versions = [(start.isoformat(), items, keys, [False] * len(items))]
        if type_ == "农贸市场":
            items2 = [*items, ("环境卫生", "活禽宰杀区与售卖区隔开，污水不外流", 2.0)]
            keys2 = [*keys, builder.new_id()]
            retired = [False] * len(items2)
            retired[len(items) - 1] = True
            versions.append((middle.isoformat(), items2, keys2, retired))
        found[type_] = []
        for version, (since, its, ks, retired) in enumerate(versions, start=1):
            template_id = builder.new_id()
            db.execute("INSERT INTO checklist_templates (id, created_at, updated_at, checkpoint_type, "
                       "version, note) VALUES (?, ?, ?, ?, ?, ?)",
                       [template_id, f"{since}T08:00:00", now, type_, version, AUDIT_NOTE])
            rows = [(builder.new_id(), key, position, theme, text, weight, int(gone))
                    for position, ((theme, text, weight), key, gone)
                    in enumerate(zip(its, ks, retired, strict=True), start=1)]
            db.conn.executemany(
                "INSERT INTO checklist_items (id, created_at, updated_at, template_id, item_key, "
                "position, theme, requirement, weight, retired) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                [[r[0], f"{since}T08:00:00", now, template_id, *r[1:]] for r in rows])
            found[type_].append((since, template_id,
                                 [(r[0], r[1], r[5]) for r in rows if not r[6]]))
    return found


def _run(builder: Any, rng: Random, db: Any, now: str, checkpoint_id: str, name: str,
         type_: str, day: date, quality: float, templates: dict, start: date, today: date) -> int:
    iso = day.isoformat()
    _since, template_id, items = [v for v in templates[type_] if v[0] <= iso][-1]
    progress = (day - start).days / max((today - start).days, 1)
    pass_chance = min(quality + 0.15 * progress, 0.995)
    outcomes = [NOT_APPLICABLE if rng.random() < NOT_APPLICABLE_RATE
                else PASS if rng.random() < pass_chance else FAIL for _ in items]
    passed, applicable, rate = achievement_rate(
        (o, weight) for o, (_, _, weight) in zip(outcomes, items, strict=True))
    failed = outcomes.count(FAIL)
    run_id = builder.new_id()
    kind = "回头看" if failed and rng.random() < 0.2 else "例行"
    db.execute(
        "INSERT INTO inspection_runs (id, created_at, updated_at, checkpoint_id, template_id, date, "
        "inspector, source, kind, passed_weight, applicable_weight, rate, failed, search_text) "
        "VALUES (?, ?, ?, ?, ?, ?, ?, '自查', ?, ?, ?, ?, ?, ?)",
        [run_id, f"{iso}T10:00:00", now, checkpoint_id, template_id, iso, builder.adult_name(),
         kind, passed, applicable, rate, failed, name.lower()])
    db.conn.executemany(
        "INSERT INTO run_results (id, run_id, item_id, outcome, note) VALUES (?, ?, ?, ?, ?)",
        [[builder.new_id(), run_id, item_id, outcome, "已现场督促整改" if outcome == FAIL else ""]
         for (item_id, _, _), outcome in zip(items, outcomes, strict=True)])
    return len(items)


def _publicity(builder: Any, rng: Random, db: Any, now: str, checkpoints: list,
               start: date, today: date) -> None:
    rows = []
    for checkpoint_id, name, type_ in checkpoints:
        if type_ in ("居民小区", "新时代文明实践站", "其他") and rng.random() < 0.6:
            placed = start + timedelta(days=rng.randint(0, 40))
            changed = today - timedelta(days=rng.choice((5, 20, 40, 75, 120)))
            rows.append(("宣传栏", f"{name}{rng.choice(BOARD_TEXTS)}", 1, placed,
                         max(changed, placed), checkpoint_id))
        if type_ in ("主次干道", "商业街区", "公园广场", "农贸市场", "建筑工地") and rng.random() < 0.7:
            placed = start + timedelta(days=rng.randint(0, 200))
            if placed <= today:
                rows.append(("公益广告", rng.choice(AD_TEXTS), rng.randint(2, 12), placed, None,
                             checkpoint_id))
        if type_ == "农贸市场" and rng.random() < 0.5:
            rows.append(("LED屏", f"{name}入口电子屏", 1, start, None, checkpoint_id))
    db.conn.executemany(
        "INSERT INTO publicity_sites (id, created_at, updated_at, checkpoint_id, kind, description, "
        "quantity, placed_on, content_changed_on, search_text) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        [[builder.new_id(), now, now, cid, kind, text, quantity, placed.isoformat(),
          changed.isoformat() if changed else None, text.lower()]
         for kind, text, quantity, placed, changed, cid in rows])
