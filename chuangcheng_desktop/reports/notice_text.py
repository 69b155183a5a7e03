"""What a 整改通知书, 督办通知 or 问题交办单 says: :class:`NoticeContent` and its sentences.

The issuer speaks in the first person (“请…报我办复查”); the penalty sentence follows the
issuer's role (a 社区 asks its 街道 to 督办; a 创城办 deducts points and 通报); a 督办通知
quotes the original deadline and sets the new one chosen in the dialog; several sightings
are named in date order with each source once (“在4月6日、4月20日的自查和5月3日的上级巡查中”);
the category 其他 is never printed. Content is plain data and round-trips through JSON
(stored with the notice for an archive reprint).
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

from chuangcheng_desktop.core.rules.document_facts import ISSUER_ROLES, self_reference
from chuangcheng_desktop.core.rules.formatting import format_date_cn
from chuangcheng_desktop.core.rules.notices import KIND_ASSIGN, KIND_NOTICE, KIND_URGE

TITLES = {KIND_NOTICE: "创城问题整改通知书", KIND_URGE: "创城问题督办通知",
          KIND_ASSIGN: "创城问题交办单"}

TEXT = {
    "to": "{unit}：",
    "to_unknown": "有关责任单位：",
    "assign_to": "交办对象：{person}",
    "assign_to_unknown": "交办对象：本单位有关责任人",
    "opening_notice": "{sightings}，发现你单位负责的点位存在以下问题。现将有关情况通知如下，"
                      "请认真组织整改。",
    "opening_notice_one": "{sightings}，发现你单位负责的{checkpoint}存在问题。现将有关情况通知如下，"
                          "请认真组织整改。",
    "opening_urge": "{self}此前交办你单位的以下问题，已超过原定整改期限仍未整改到位。"
                    "现予督办，请高度重视，立即整改。",
    "opening_assign": "{sightings}发现以下问题，现交由你负责整改。",
    "sightings": "在{items}中",
    "problems": "存在的问题",
    "requirements": "整改要求",
    "problem_heading": "（{n}）{checkpoint}",
    "problem_text": "{description}（{category}类问题，{found}）",
    "problem_text_plain": "{description}（{found}）",
    "found": "{date}{source}发现",
    "person": "责任人：{person}。",
    "deadline": "整改期限：{date}前。",
    "urge_deadline": "原定整改期限为{original}，已逾期{days}天。新的整改期限：{date}前。",
    "caption": "图{n}　整改前　{checkpoint}",
    "closing": "特此通知。",
    "contact": "联系人：{person}　联系电话：{phone}",
    "contact_person": "联系人：{person}",
    "contact_phone": "联系电话：{phone}",
    "cc": "抄送：{cc}。",
    "archive": "（存档副本，{today}重印）",
    "receipt_cut": "－－－－－－－－－（请沿此线剪下）－－－－－－－－－",
    "receipt_title": "回　执（{number}）",
    "receipt_lines": ("签收单位：{recipient}",
                      "签收人：　　　　　　　　签收日期：　　　年　　月　　日",
                      "整改承诺："),
    "assign_receipt": "承办人签收：　　　　　　　　日期：　　　年　　月　　日",
    "no_unit": "创城工作领导小组办公室",
}

# The requirements, by kind; {self} is how the issuer names itself, {parent} its parent.
REQUIREMENTS = {
    KIND_NOTICE: (
        "请对照上述问题逐项整改，在整改期限内完成，并将整改措施和整改前后对比照片报{self}复查。",
        "确有困难不能按期完成的，请在期限届满前书面说明原因和计划完成时间。",
    ),
    KIND_URGE: (
        "请在新的整改期限内整改到位，并将整改措施和整改前后对比照片报{self}复查。",
        "整改中遇到困难的，请及时书面说明原因和措施。",
    ),
    KIND_ASSIGN: (
        "请在整改期限内完成整改，并在台账中登记整改措施和整改后照片。",
        "整改中遇到困难的，请及时报告。",
    ),
}
# The last requirement: what follows a missed deadline, by the issuer's role.
PENALTY = {
    (KIND_NOTICE, "社区（村）"): "逾期未整改的，{self}将报请{parent}督办。",
    (KIND_NOTICE, "其他单位"): "逾期未整改的，{self}将报请{parent}督办。",
    (KIND_NOTICE, "创城办"): "逾期未整改或整改不到位的，将按照创城考核细则加倍扣分，并予以通报。",
    (KIND_URGE, "社区（村）"): "再次逾期的，{self}将报请{parent}处理。",
    (KIND_URGE, "其他单位"): "再次逾期的，{self}将报请{parent}处理。",
    (KIND_URGE, "创城办"): "再次逾期或整改不到位的，将按照创城考核细则加倍扣分，并予以通报。",
}


@dataclass
class NoticeProblem:
    checkpoint: str
    category: str
    description: str
    found_on: str
    source: str
    deadline: str
    responsible_person: str = ""
    photos: list[Path] = field(default_factory=list)
    problem_id: str = ""


@dataclass
class NoticeContent:
    number: str
    recipient: str
    problems: list[NoticeProblem]
    requirements: list[str]
    issuer: str
    issued_on: date
    contact_person: str = ""
    contact_phone: str = ""
    kind: str = KIND_NOTICE
    new_deadline: date | None = None  # 督办通知 only
    cc: str = ""
    archive_copy: str = ""  # "（存档副本，…重印）" on a reprint

    @property
    def title(self) -> str:
        return TITLES[self.kind]

    def to_dict(self) -> dict[str, Any]:
        data = asdict(self)
        data["issued_on"] = self.issued_on.isoformat()
        data["new_deadline"] = self.new_deadline.isoformat() if self.new_deadline else None
        for problem in data["problems"]:
            problem["photos"] = []  # files are read again from the ledger on a reprint
        return data

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> NoticeContent:
        values = dict(data)
        values["problems"] = [NoticeProblem(**p) for p in data.get("problems", [])]
        values["issued_on"] = date.fromisoformat(data["issued_on"])
        if data.get("new_deadline"):
            values["new_deadline"] = date.fromisoformat(data["new_deadline"])
        return cls(**values)


def role_group(role: str) -> str:
    return "创城办" if role in ISSUER_ROLES[1:3] else role if role in ISSUER_ROLES else ISSUER_ROLES[0]


def default_requirements(kind: str, *, issuer: str, role: str, parent: str) -> list[str]:
    """The requirement points a notice of ``kind`` starts with (editable in the dialog)."""
    me = self_reference(issuer)
    above = f"{parent}创城办" if parent else "上级创城办"
    points = [text.format(self=me, parent=above) for text in REQUIREMENTS[kind]]
    penalty = PENALTY.get((kind, role_group(role)))
    if penalty:
        points.append(penalty.format(self=me, parent=above))
    return points


def sightings_text(problems: list[NoticeProblem], year: int) -> str:
    """"在2026年4月6日、4月20日的自查和5月3日的上级巡查中": date order, each source once,
    the year written once."""
    pairs = sorted({(p.found_on, p.source) for p in problems})
    groups: list[tuple[str, list[str]]] = []
    for day, source in pairs:
        if groups and groups[-1][0] == source:
            groups[-1][1].append(day)
        else:
            groups.append((source, [day]))
    shown_year = False
    items = []
    for source, days in groups:
        names = []
        for day in days:
            text = format_date_cn(day)
            if shown_year and day[:4] == str(year):
                text = text.split("年", 1)[1]
            shown_year = True
            names.append(text)
        items.append(f"{'、'.join(names)}的{source}")
    joined = "、".join(items[:-1]) + ("和" if len(items) > 1 else "") + items[-1]
    return TEXT["sightings"].format(items=joined)


def problem_sentence(problem: NoticeProblem, *, with_place: bool = False) -> str:
    """"垃圾桶满溢（环境卫生类问题，2026年4月2日上级巡查发现）。责任人：赵强。" — with the
    点位 in front when the notice has no heading per problem."""
    found = TEXT["found"].format(date=format_date_cn(problem.found_on), source=problem.source)
    description = problem.description.strip().rstrip("。；;.")
    category = problem.category if problem.category and problem.category != "其他" else ""
    if with_place:  # the sighting is named in the opening already
        text = f"{problem.checkpoint}：{description}" if problem.checkpoint else description
        text += f"（{category}类问题）。" if category else "。"
    elif category:
        text = TEXT["problem_text"].format(description=description, category=category,
                                           found=found) + "。"
    else:
        text = TEXT["problem_text_plain"].format(description=description, found=found) + "。"
    if problem.responsible_person:
        text += TEXT["person"].format(person=problem.responsible_person)
    return text


def deadline_sentence(notice: NoticeContent, problem: NoticeProblem) -> str:
    if notice.kind == KIND_URGE and notice.new_deadline:
        days = (notice.issued_on - date.fromisoformat(problem.deadline)).days
        return TEXT["urge_deadline"].format(original=format_date_cn(problem.deadline), days=days,
                                            date=format_date_cn(notice.new_deadline))
    return TEXT["deadline"].format(date=format_date_cn(problem.deadline))


def opening(notice: NoticeContent) -> str:
    me = self_reference(notice.issuer)
    sightings = sightings_text(notice.problems, notice.issued_on.year)
    if notice.kind == KIND_URGE:
        return TEXT["opening_urge"].format(self=me)
    if notice.kind == KIND_ASSIGN:
        return TEXT["opening_assign"].format(sightings=sightings)
    if len(notice.problems) == 1:
        return TEXT["opening_notice_one"].format(sightings=sightings,
                                                 checkpoint=notice.problems[0].checkpoint)
    return TEXT["opening_notice"].format(sightings=sightings)


def addressee(notice: NoticeContent) -> str:
    if notice.kind == KIND_ASSIGN:
        people = list(dict.fromkeys(p.responsible_person for p in notice.problems
                                    if p.responsible_person))
        return (TEXT["assign_to"].format(person="、".join(people)) if people
                else TEXT["assign_to_unknown"])
    return TEXT["to"].format(unit=notice.recipient) if notice.recipient else TEXT["to_unknown"]


SINGLE = {
    KIND_NOTICE: "{sightings}，发现你单位负责的点位存在问题。{problem}请于{deadline}前整改到位，"
                 "具体要求如下：",
    KIND_URGE: "{self}此前交办你单位的以下问题已超过整改期限仍未整改到位，现予督办。{problem}"
               "原定整改期限为{original}，已逾期{days}天，请于{deadline}前整改到位，具体要求如下：",
    KIND_ASSIGN: "{sightings}发现以下问题，现交由你负责整改。{problem}请于{deadline}前整改到位，"
                 "具体要求如下：",
}


def single_paragraph(notice: NoticeContent) -> str:
    """A notice about one problem says it all in one paragraph, so that the notice and its
    回执 fit on one page."""
    problem = notice.problems[0]
    deadline = notice.new_deadline if notice.kind == KIND_URGE and notice.new_deadline else None
    days = (notice.issued_on - date.fromisoformat(problem.deadline)).days if deadline else 0
    return SINGLE[notice.kind].format(
        sightings=sightings_text(notice.problems, notice.issued_on.year),
        self=self_reference(notice.issuer), problem=problem_sentence(problem, with_place=True),
        original=format_date_cn(problem.deadline), days=days,
        deadline=format_date_cn(deadline or problem.deadline))


def contact_line(notice: NoticeContent) -> str:
    if notice.contact_person and notice.contact_phone:
        return TEXT["contact"].format(person=notice.contact_person, phone=notice.contact_phone)
    if notice.contact_person:
        return TEXT["contact_person"].format(person=notice.contact_person)
    if notice.contact_phone:
        return TEXT["contact_phone"].format(phone=notice.contact_phone)
    return ""
