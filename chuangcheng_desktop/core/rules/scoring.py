"""The 创城 score of a period: deductions for problems found, bonus for honours won.

Rules (one rule set, stored in ``scoring_rules``, versioned by ``effective_from``):
- each problem found in the period costs ``points_per_problem`` of its source
  (a row with an empty source is the default for every source);
- a problem not rectified by its deadline (completed late, or still open after it)
  costs ``late_multiplier`` times as much;
- a problem at the same 点位 and of the same category as an earlier one in the period
  (a repeat finding) costs ``repeat_multiplier`` times as much;
- honours won in the period add points by level and outcome (获评/提名); one person or
  team counts once, at their highest honour.
Scores are computed, never stored: changing a rule (a new version) recomputes every
period from its records, and records are never edited by a rule change.
"""

from __future__ import annotations

import json
from collections import Counter
from dataclasses import asdict, dataclass, field
from datetime import date
from typing import Any

from sqlite_utils import Database

from chuangcheng_desktop.core.rules import vocab
from chuangcheng_desktop.core.rules.periods import Period
from chuangcheng_desktop.core.storage.audit import write_audit
from chuangcheng_desktop.core.storage.clock import local_now_iso, new_id

# Reference rules (a county's 文明创建考核细则): 0.1 per problem found by inspections,
# leaders, media or residents, doubled when late; 好人 bonus by level, nominations less.
DEFAULT_BONUS = {
    "国家": {"获评": 3.0, "提名": 2.5},
    "省": {"获评": 2.5, "提名": 2.0},
    "市": {"获评": 2.0, "提名": 1.5},
    "县": {"获评": 1.0, "提名": 0.0},
    "街道": {"获评": 0.0, "提名": 0.0},
}


@dataclass
class SourceRule:
    source: str  # "" = every source without a rule of its own
    points_per_problem: float


@dataclass
class RuleSet:
    name: str = "默认规则"
    effective_from: str = "2000-01-01"
    # 自查 findings are the unit's own diligence and are not deducted.
    sources: list[SourceRule] = field(default_factory=lambda: [SourceRule("", 0.1),
                                                               SourceRule("自查", 0.0)])
    late_multiplier: float = 2.0
    repeat_multiplier: float = 1.0
    bonus: dict[str, dict[str, float]] = field(default_factory=lambda: json.loads(
        json.dumps(DEFAULT_BONUS)))

    def points_for(self, source: str) -> float:
        specific = {rule.source: rule.points_per_problem for rule in self.sources}
        return specific.get(source, specific.get("", 0.0))


def tiered_example(effective_from: str = "2000-01-01") -> RuleSet:
    """A source-tiered example: city-level findings cost more than district or own ones."""
    return RuleSet(name="按来源分级", effective_from=effective_from, sources=[
        SourceRule("上级巡查", 0.3), SourceRule("媒体曝光", 0.3), SourceRule("暗访", 0.3),
        SourceRule("领导督查", 0.2), SourceRule("群众举报", 0.2), SourceRule("自查", 0.1),
        SourceRule("", 0.1)])


@dataclass
class ScoreLine:
    rule: str  # Chinese description of the rule applied
    count: int
    points: float  # negative for deductions, positive for bonus


@dataclass
class ScoreBreakdown:
    rule_set: str
    total_deduction: float
    bonus: float
    net: float  # bonus - deduction
    lines: list[ScoreLine]
    # problems of sources that cost nothing (自查: the unit's own diligence), per source
    not_deducted: dict[str, int] = field(default_factory=dict)

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


def save_rule_set(db: Database, rules: RuleSet, *, actor: str) -> None:
    """Store a rule set as the version effective from ``rules.effective_from``."""
    now = local_now_iso()
    with db.atomic():
        db.execute("UPDATE scoring_rules SET deleted_at = ?, updated_at = ? "
                   "WHERE effective_from = ? AND deleted_at IS NULL",
                   [now, now, rules.effective_from])
        for rule in rules.sources:
            row_id = new_id()
            db.execute(
                "INSERT INTO scoring_rules (id, created_at, updated_at, name, source, "
                "points_per_problem, late_multiplier, repeat_multiplier, bonus_items, "
                "effective_from) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                [row_id, now, now, rules.name, rule.source, rule.points_per_problem,
                 rules.late_multiplier, rules.repeat_multiplier,
                 json.dumps(rules.bonus, ensure_ascii=False), rules.effective_from])
        write_audit(db, table="scoring_rules", row_id=rules.effective_from, action="insert",
                    actor=actor, new=asdict(rules))


def rule_set_for(db: Database, day: date) -> RuleSet:
    """The rule set in force on ``day`` (the default rules when none is stored)."""
    rows = db.execute(
        "SELECT name, source, points_per_problem, late_multiplier, repeat_multiplier, "
        "bonus_items, effective_from FROM scoring_rules WHERE deleted_at IS NULL AND "
        "effective_from = (SELECT max(effective_from) FROM scoring_rules "
        "WHERE deleted_at IS NULL AND effective_from <= ?)", [day.isoformat()]).fetchall()
    if not rows:
        return RuleSet()
    name, _, _, late, repeat, bonus, effective = rows[0]
    return RuleSet(name=name, effective_from=effective, late_multiplier=late,
                   repeat_multiplier=repeat, bonus=json.loads(bonus),
                   sources=[SourceRule(row[1], row[2]) for row in rows])


def rule_set_versions(db: Database) -> list[tuple[str, str]]:
    """(effective_from, name) of every stored version, newest first."""
    return [tuple(row) for row in db.execute(
        "SELECT effective_from, max(name) FROM scoring_rules WHERE deleted_at IS NULL "
        "GROUP BY effective_from ORDER BY effective_from DESC").fetchall()]


def compute_score(db: Database, period: Period, *, as_of: date | None = None,
                  rules: RuleSet | None = None,
                  problems: list[tuple[Any, ...]] | None = None) -> ScoreBreakdown:
    """The score of ``period`` under ``rules`` (default: the rules in force at its end).

    ``problems`` are the period's live problems as (source, checkpoint, category, deadline,
    status, completed_on) in the order found, when the caller has read them already."""
    as_of = as_of or date.today()
    rules = rules or rule_set_for(db, period.end)
    if problems is None:
        problems = db.execute(
            "SELECT source, checkpoint, category, deadline, status, completed_on FROM problems "
            "WHERE deleted_at IS NULL AND found_on BETWEEN ? AND ? ORDER BY found_on, rowid",
            [period.start_iso, period.end_iso]).fetchall()
    base: Counter[str] = Counter()
    base_points: Counter[str] = Counter()
    late_count, late_extra, repeat_count, repeat_extra = 0, 0.0, 0, 0.0
    seen: set[tuple[str, str]] = set()
    for source, checkpoint, category, deadline, status, completed_on in problems:
        points = rules.points_for(source)
        base[source] += 1
        base_points[source] += points
        factor = 1.0
        late = (completed_on > deadline) if status == vocab.PROBLEM_DONE and completed_on \
            else deadline < as_of.isoformat()
        if late:
            late_count += 1
            late_extra += points * (rules.late_multiplier - 1)
            factor *= rules.late_multiplier
        if (checkpoint, category) in seen:
            repeat_count += 1
            repeat_extra += points * factor * (rules.repeat_multiplier - 1)
        seen.add((checkpoint, category))
    lines = [ScoreLine(f"{source}发现问题，每个扣{_num(rules.points_for(source))}分",
                       base[source], -round(base_points[source], 4))
             for source in _ordered(base) if rules.points_for(source)]
    if late_count and rules.late_multiplier != 1:
        lines.append(ScoreLine(f"未按期整改，扣分×{_num(rules.late_multiplier)}",
                               late_count, -round(late_extra, 4)))
    if repeat_count and rules.repeat_multiplier != 1:
        lines.append(ScoreLine(f"同一点位同类问题重复出现，扣分×{_num(rules.repeat_multiplier)}",
                               repeat_count, -round(repeat_extra, 4)))
    lines += _bonus_lines(db, period, rules)
    deduction = round(-sum(line.points for line in lines if line.points < 0), 4)
    bonus = round(sum(line.points for line in lines if line.points > 0), 4)
    free = {source: base[source] for source in _ordered(base) if not rules.points_for(source)}
    return ScoreBreakdown(rules.name, deduction, bonus, round(bonus - deduction, 4), lines, free)


def _bonus_lines(db: Database, period: Period, rules: RuleSet) -> list[ScoreLine]:
    best: dict[str, tuple[float, str, str]] = {}
    for level, outcome, recipient in db.execute(
            "SELECT level, outcome, recipient FROM honours WHERE deleted_at IS NULL "
            "AND date BETWEEN ? AND ?", [period.start_iso, period.end_iso]):
        points = rules.bonus.get(level, {}).get(outcome, 0.0)
        if points > best.get(recipient, (0.0, "", ""))[0]:
            best[recipient] = (points, level, outcome)
    grouped: Counter[tuple[str, str, float]] = Counter(
        (level, outcome, points) for points, level, outcome in best.values())
    return [ScoreLine(f"{level}级荣誉{outcome}，每人加{_num(points)}分", count,
                      round(points * count, 4))
            for (level, outcome, points), count in sorted(
                grouped.items(), key=lambda item: -item[0][2])]


def _ordered(counts: Counter[str]) -> list[str]:
    return [s for s in vocab.INSPECTION_SOURCES if s in counts] + sorted(
        s for s in counts if s not in vocab.INSPECTION_SOURCES)


def _num(value: float) -> str:
    return f"{value:g}"
