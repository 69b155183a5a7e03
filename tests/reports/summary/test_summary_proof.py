"""The summary reads as a clerk's work for three ledgers (the demo at two seeds and the
hand-built one) in four periods: no sentence twice, no 活动内容 pasted, no seam, every
number traced to the statistics (or to a cited activity), the status counts the same
wherever they appear, no dashboard signal, at most three highlights a section."""

from __future__ import annotations

import re
from dataclasses import asdict
from datetime import date

import pytest

from chuangcheng_desktop import paths
from chuangcheng_desktop.core.demo.builder import generate_demo_data
from chuangcheng_desktop.core.figures.statistics import compute_statistics
from chuangcheng_desktop.core.rules.periods import parse_period
from chuangcheng_desktop.core.storage.ledger import Ledger
from chuangcheng_desktop.core.storage.repository import ListQuery
from chuangcheng_desktop.reports.summary.drafting import build_default_context
from tests.reports.summary.summary_data import build_known

TODAY = date(2026, 12, 28)
PERIODS = ("2026Q2", "2026H1", "2026H2", "2026")
SEAMS = ("{", "}", "None", "nan", "null", "活动活动", "评选评选", "宣传宣传", "其他创建", "其他类",
         "围绕其他", "其他活动", "m²", "——")
DASHBOARD = ("补录", "记录为空", "没有开展活动", "月月有活动", "周周有服务")
ZERO = re.compile(r"(?<![\d.])0(次|人次|人|名|个|小时|份|项|支|%)")
NUMBER = re.compile(r"\d+(?:\.\d+)?")
CONTENT_RUN = 15


@pytest.fixture(scope="module")
def ledgers(tmp_path_factory):
    opened = {}
    for name in ("demo1", "demo2", "known"):
        folder = tmp_path_factory.mktemp(name)
        paths.init(folder)
        ledger = Ledger.open_in(folder, actor="测试员")
        if name == "known":
            build_known(ledger, folder)
        else:
            generate_demo_data(ledger, paths.attachments_dir(folder), seed=int(name[-1]),
                               today=TODAY)
        opened[name] = ledger
    yield opened
    for ledger in opened.values():
        ledger.close()


def numbers_of(value) -> set[str]:
    """Every number in a statistics object, as the text may print it."""
    found: set[str] = set()
    if isinstance(value, dict):
        for key, item in value.items():
            found |= numbers_of(key) | numbers_of(item)
    elif isinstance(value, list | tuple):
        for item in value:
            found |= numbers_of(item)
    elif isinstance(value, bool) or value is None:
        pass
    elif isinstance(value, int | float):
        for digits in (0, 1):
            rounded = round(value, digits)
            found.add(f"{rounded:g}" if rounded != int(rounded) else str(int(rounded)))
        for digits in (0, 1):  # ratios printed as percentages
            percent = round(value * 100, digits)
            found.add(f"{percent:g}" if percent != int(percent) else str(int(percent)))
    elif isinstance(value, str):
        found |= set(NUMBER.findall(value))
    return found


def allowed_numbers(ledger: Ledger, period, as_of: date) -> set[str]:
    stats = compute_statistics(ledger.db, period, as_of=as_of)
    allowed = numbers_of(asdict(stats))
    activities = ledger.activities.list(ListQuery(period=period, limit=None))
    for activity in activities:
        allowed |= numbers_of([activity["date"].split("-"), activity.get("participant_count"),
                               activity.get("measures"), activity["title"], activity.get("place")])
        allowed |= {str(int(part)) for part in activity["date"].split("-")}
    for day in (period.start, period.end, as_of):
        allowed |= {str(day.year), str(day.month), str(day.day)}
    problems = ledger.problems.list(ListQuery(period=period, limit=None))
    allowed |= numbers_of([p.get("checkpoint") for p in problems])
    allowed |= numbers_of([h["title"] + h["recipient"] for h in ledger.honours.list(
        ListQuery(period=period, limit=None))])
    return allowed


def sentences(text: str) -> list[str]:
    return [s for s in re.split(r"[。；\n]", text) if len(s.strip()) >= 8]


@pytest.mark.parametrize("period_code", PERIODS)
@pytest.mark.parametrize("name", ("demo1", "demo2", "known"))
def test_a_summary_a_clerk_would_accept(ledgers, name, period_code):
    ledger = ledgers[name]
    period = parse_period(period_code)
    context = build_default_context(ledger, period, today=TODAY)
    paragraphs = [*context.intro, *(p for s in context.printable_sections() for p in s.paragraphs),
                  *context.problems, *context.next_steps]
    text = "\n".join(paragraphs)
    stats = compute_statistics(ledger.db, period, as_of=TODAY)

    said = sentences(text)
    repeated = {s for s in said if said.count(s) > 1}
    assert not repeated, repeated

    for seam in SEAMS + DASHBOARD:
        assert seam not in text, (seam, text)
    assert not ZERO.search(text), ZERO.search(text)

    activities = ledger.activities.list(ListQuery(period=period, limit=None))
    for activity in activities:
        content = re.sub(r"\s", "", activity.get("content") or "")
        for start in range(0, max(0, len(content) - CONTENT_RUN + 1)):
            run = content[start:start + CONTENT_RUN]
            assert run not in text, (activity["title"], run)

    allowed = allowed_numbers(ledger, period, TODAY)
    untraced = [n for n in NUMBER.findall(text) if n not in allowed]
    assert not untraced, untraced

    # the status figures: stated with their cut-off date, the same number everywhere
    p = stats.problems
    for count in re.findall(r"(\d+)个问题(?:正在整改|未完成销号)", text):
        assert int(count) == p.in_progress
    for count in re.findall(r"其中(?:超过整改期限的)?(\d+)个(?:已超过整改期限)?", text):
        assert int(count) in (p.overdue, p.rectified_on_time, p.in_progress,
                              p.rectified - p.rectified_on_time), count
    if p.in_progress:
        assert f"截至{TODAY.year}年{TODAY.month}月{TODAY.day}日" in text
    assert text.count("正在整改或等待复查") + text.count("未完成销号") <= 1
    if p.rectification_rate == 1 and p.rectified_on_time < p.rectified:
        assert "逾期" in text or "超过期限" in text  # no bare 整改率100%

    for section in context.printable_sections():
        cited = [a for a in section.cited_activity_ids if a in {x["id"] for x in activities}]
        assert len(cited) <= 3, section.key
    # the period is named once, not repeated in every section
    for span in ("半年来", "本季度", "全年共", "期内"):
        assert text.count(span) <= 3, (span, text.count(span))


def claims(stats) -> list[tuple[str, float]]:
    """(pattern, the figure its number must equal) for each kind of sentence drafted."""
    a, v, p, s = stats.activities, stats.volunteers, stats.problems, stats.service
    found = [(rf"(?:共|累计|先后|期内)?(?:开展|组织|举办){what}(\d+)次", a.by_category.get(category, 0))
             for category, what in (("宣传教育", "宣传教育活动"), ("志愿服务", "志愿服务活动"),
                                    ("环境整治", "环境卫生整治行动"), ("文明实践", "新时代文明实践活动"),
                                    ("评选表彰", "评选表彰活动"))]
    found += [(r"各类创建活动(?:累计开展|共开展|)?(\d+)次", a.total),
              (r"在册(?:注册)?志愿者(?:达到)?(\d+)人", v.registered),
              (r"新增注册志愿者(\d+)人|新招募志愿者(\d+)人|期内新增(\d+)人", v.new_in_period),
              (r"志愿者参与服务(\d+)人次|共记录志愿服务(\d+)人次|参与服务(\d+)人次", s.records),
              (r"发现问题(\d+)个|发现的(\d+)个问题|督查发现的(\d+)个问题", p.found),
              (r"已完成整改(\d+)个|已整改完成(\d+)个", p.rectified),
              (r"按期完成(\d+)个", p.rectified_on_time),
              (r"逾期完成(\d+)个|超过期限后完成(\d+)个", p.rectified - p.rectified_on_time)]
    for material in stats.materials:
        unit = {"m²": "平方米"}.get(material.unit, material.unit)
        found.append((rf"{material.name}(\d+(?:\.\d+)?){unit}(?!\w*次)", material.total))
    return found


@pytest.mark.parametrize("period_code", PERIODS)
@pytest.mark.parametrize("name", ("demo1", "demo2", "known"))
def test_each_sentence_claims_the_statistics(ledgers, name, period_code):
    ledger = ledgers[name]
    period = parse_period(period_code)
    context = build_default_context(ledger, period, today=TODAY)
    stats = compute_statistics(ledger.db, period, as_of=TODAY)
    totals = "\n".join([*context.intro, *(s.paragraphs[0] for s in context.printable_sections()
                                          if s.paragraphs)])
    checked = 0
    for pattern, expected in claims(stats):
        for match in re.finditer(pattern, totals):
            number = float(next(group for group in match.groups() if group))
            assert number == pytest.approx(expected), (pattern, match.group(0))
            checked += 1
    if stats.activities.total:
        assert checked >= 2  # at least the opening total and one section total
    rate = re.search(r"整改率(?:为)?([\d.]+)%", totals)
    if rate:
        assert float(rate.group(1)) == pytest.approx(round(stats.problems.rectification_rate * 100, 1))


def test_wording_follows_the_size_of_the_figure():
    from chuangcheng_desktop.reports.summary.draft_problems import amount_word, concentration

    assert [amount_word(n) for n in (1, 2, 3, 5, 6, 40)] == ["个别", "个别", "部分", "部分", "较多", "较多"]
    assert concentration(["A", "A", "B", "C", "D", "E"]) == ""  # spread out: no 主要集中在
    assert concentration(["A", "A", "A", "B", "C"]) == "，主要集中在A和B等点位"
    assert concentration(["A", "B"]) == ""  # too few to speak of a concentration
