"""Believable demo ledgers: one 社区 for about a year, or a whole 街道 for benchmarks.

``generate_demo_data`` fills an empty ledger through the ordinary repositories, so
every generated row passes the same validation as typed input. Everything is derived
from ``random.Random(seed)`` and ``today``: the same seed and day give the same ledger
(ids included). Word lists and sentence templates live in ``demo_text``.
"""

from __future__ import annotations

import bisect
import logging
import struct
import tempfile
import uuid
import zlib
from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass
from datetime import date, timedelta
from itertools import accumulate, cycle, islice
from pathlib import Path
from random import Random
from typing import Any, NamedTuple

from chuangcheng_desktop.core.demo import text as demo_text
from chuangcheng_desktop.core.demo.checkpoints import build_checkpoints
from chuangcheng_desktop.core.demo.problems import plan_problems
from chuangcheng_desktop.core.rules import vocab
from chuangcheng_desktop.core.rules.festivals import festival_dates
from chuangcheng_desktop.core.rules.identity import id_check_char
from chuangcheng_desktop.core.storage import clock
from chuangcheng_desktop.core.storage.attachments import store_file
from chuangcheng_desktop.core.storage.errors import UserFacingError
from chuangcheng_desktop.core.storage.ledger import Ledger
from chuangcheng_desktop.core.storage.repository import Repository

logger = logging.getLogger(__name__)

Progress = Callable[[int, str], None]
BATCH_SIZE = 5000
AUDIT_NOTE = "演示数据"
SERVICE_CATEGORIES = ("志愿服务", "环境整治", "我们的节日", "文明实践")


@dataclass(frozen=True)
class Scale:
    units: int  # communities
    teams_per_unit: int
    volunteers: int
    activities: int
    inspections: int
    problems: int
    honours: int
    photos: int
    population: tuple[int, int]
    helpers_per_activity: tuple[int, int]  # volunteers with a service record


SCALES = {
    "community": Scale(1, 9, 800, 150, 40, 120, 6, 30, (9_600, 10_600), (5, 25)),
    "street": Scale(25, 8, 20_000, 100_000, 2_500, 10_000, 50, 0, (240_000, 260_000), (3, 9)),
}


def generate_demo_data(
    ledger: Ledger, attachments_dir: Path, *, scale: str = "community", seed: int = 1,
    today: date | None = None, progress: Progress | None = None,
) -> dict[str, int]:
    """Fill an empty ledger with demo records; return how many rows each table got.

    Refuses (UserFacingError) a ledger that already holds activities or volunteers.
    ``progress(percent, step)`` is called as the work goes on (step in Chinese).
    """
    if scale not in SCALES:
        raise UserFacingError(f"演示数据规模“{scale}”无效，只能是 community（社区）或 street（街道）。")
    activities = ledger.db.execute("SELECT count(*) FROM activities").fetchone()[0]
    volunteers = ledger.db.execute("SELECT count(*) FROM volunteers").fetchone()[0]
    if activities or volunteers:
        raise UserFacingError(
            f"数据文件夹中已有台账记录（活动{activities}条、志愿者{volunteers}人），"
            "演示数据只能写入空的数据文件夹。请换一个新的空文件夹后再生成。")
    builder = _Builder(ledger, Path(attachments_dir), SCALES[scale], seed,
                       today or clock.today(), progress)
    with ledger.db.atomic():  # all or nothing: a failed run leaves the ledger empty
        builder.build()
    logger.info("demo data (%s, seed %s): %s", scale, seed, builder.counts)
    return builder.counts


def png_bytes(width: int, height: int, rows: Iterable[bytes]) -> bytes:
    """A valid RGB PNG from ``height`` rows of ``width * 3`` bytes."""
    def chunk(kind: bytes, data: bytes) -> bytes:
        return (struct.pack(">I", len(data)) + kind + data
                + struct.pack(">I", zlib.crc32(kind + data)))

    raw = b"".join(b"\x00" + row for row in rows)
    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header)
            + chunk(b"IDAT", zlib.compress(raw, 6)) + chunk(b"IEND", b""))


class _Planned(NamedTuple):
    when: date
    category: str
    festival: str = ""
    theme: demo_text.Theme | None = None
    unit: str | None = None


def _add_years(day: date, years: int) -> date:
    try:
        return day.replace(year=day.year + years)
    except ValueError:  # 29 February
        return day.replace(year=day.year + years, day=28)


class _Builder:
    def __init__(self, ledger: Ledger, attachments_dir: Path, scale: Scale, seed: int,
                 today: date, progress: Progress | None) -> None:
        self.ledger = ledger
        self.attachments_dir = attachments_dir
        self.scale = scale
        self.rng = Random(seed)
        self.today = today
        start = date(today.year, 1, 1)
        # Early in a year there is too little of it to show: take last year in as well.
        self.start = start if (today - start).days >= 90 else date(today.year - 1, 1, 1)
        self.progress = progress or (lambda percent, step: None)
        self.counts = dict.fromkeys((
            "teams", "volunteers", "activities", "service_records", "inspections", "problems",
            "rechecks", "attachments", "honours"), 0)
        self.street = demo_text.STREET
        if scale.units == 1:
            self.units = [demo_text.COMMUNITY]
        else:
            self.units = [f"{name}社区" for name in demo_text.STREET_COMMUNITIES[:scale.units]]
        self.teams: dict[tuple[str, str], str] = {}  # (unit, category) -> team name
        self.team_ids: list[str] = []

    # --- helpers ---------------------------------------------------------------------------

    def new_id(self) -> str:
        return str(uuid.UUID(int=self.rng.getrandbits(128), version=4))

    def day(self, earliest: date | None = None) -> date:
        first = max(earliest or self.start, self.start)
        return first + timedelta(days=self.rng.randint(0, max((self.today - first).days, 0)))

    def weighted(self, pairs: Mapping[Any, int] | Iterable[tuple[Any, int]]) -> Any:
        items = list(pairs.items() if isinstance(pairs, Mapping) else pairs)
        return self.rng.choices([k for k, _ in items], [w for _, w in items])[0]

    def phone(self) -> str:
        return self.rng.choice(demo_text.MOBILE_PREFIXES) + f"{self.rng.randrange(10**8):08d}"

    def name(self, gender: str, birth_year: int) -> str:
        era = "old" if birth_year < 1965 else "mid" if birth_year < 1985 else "young"
        return (self.weighted(demo_text.SURNAMES)
                + self.rng.choice(demo_text.GIVEN_NAMES[(era, gender)]))

    def adult_name(self) -> str:
        return self.name(self.rng.choice("男女"), self.rng.randint(1965, 1995))

    def places(self, unit: str) -> dict[str, str]:
        roads = self.rng.sample(demo_text.ROADS, 2)
        choice = self.rng.choice
        return {
            "unit": unit, "street": self.street, "estate": choice(demo_text.ESTATES),
            "road": roads[0], "road2": roads[1], "market": choice(demo_text.MARKETS),
            "park": choice(demo_text.PARKS), "school": choice(demo_text.SCHOOLS),
            "river": choice(demo_text.RIVERS),
        }

    def write(self, repo: Repository, rows: Iterable[dict[str, Any]], *, total: int = 0,
              percent: tuple[int, int] = (0, 0), step: str = "") -> None:
        """Add rows in batches: each batch is validated, then saved with one audit row."""
        count = 0
        iterator = iter(rows)
        while batch := list(islice(iterator, BATCH_SIZE)):
            repo.add_many(batch, audit_each=False, audit_note=AUDIT_NOTE)
            count += len(batch)
            if step and total:
                low, high = percent
                self.progress(low + int((high - low) * min(count / total, 1)), step)
        self.counts[repo.kind.table] += count

    # --- the ledger ------------------------------------------------------------------------

    def build(self) -> None:
        self.progress(0, "正在写入单位信息和志愿服务队…")
        self.build_profile()
        self.build_teams()
        self.build_volunteers()
        self.build_activities()
        self.build_problems()
        build_checkpoints(self)
        if self.scale.photos:
            self.build_photos()
        self.build_honours()
        self.progress(100, "演示数据生成完成")

    def build_profile(self) -> None:
        rng = self.rng
        community = self.scale.units == 1
        self.ledger.update_profile({
            "unit_name": demo_text.COMMUNITY if community else self.street,
            "parent_unit": self.street if community else demo_text.DISTRICT,
            "resident_population": rng.randint(*self.scale.population),
            "preparer": self.adult_name(),
            "reviewer": self.adult_name(),
            "contact_phone": f"0571-8{rng.randrange(10**7):07d}",
        })
        self.reviewers = [self.adult_name() for _ in range(4)]

    def build_teams(self) -> None:
        rows = []
        categories = vocab.TEAM_CATEGORIES[:self.scale.teams_per_unit]
        for unit in self.units:
            for category in categories:
                name = f"{unit}{demo_text.TEAM_NAMES[category]}"
                row = {"id": self.new_id(), "name": name, "category": category,
                       "leader": self.adult_name(), "leader_phone": self.phone()}
                self.teams[(unit, category)] = name
                self.team_ids.append(row["id"])
                rows.append(row)
        self.write(self.ledger.teams, rows)

    def build_volunteers(self) -> None:
        total = self.scale.volunteers
        self.volunteers: list[tuple[int, int | None, str, str]] = []  # reg, exit, id, name
        self.write(self.ledger.volunteers, self._volunteer_rows(total), total=total,
                   percent=(2, 12), step="正在生成志愿者花名册…")
        self.volunteers.sort(key=lambda v: (v[0], v[2]))
        self.volunteer_reg = [v[0] for v in self.volunteers]
        # A fifth of the volunteers do most of the serving.
        self.volunteer_cum = list(accumulate(
            6 if self.rng.random() < 0.2 else 1 for _ in self.volunteers))

    def _volunteer_rows(self, total: int) -> Iterator[dict[str, Any]]:
        rng, today = self.rng, self.today
        seen: set[str] = set()
        four_years_ago = _add_years(today, -4)
        for _ in range(total):
            age = rng.randint(*self.weighted(demo_text.AGE_BANDS))
            latest = _add_years(today, -age)
            earliest = _add_years(today, -age - 1) + timedelta(days=1)
            birth = earliest + timedelta(days=rng.randint(0, (latest - earliest).days))
            gender = rng.choice("男女")
            number = ""
            while not number or number in seen:
                serial = rng.randrange(100) * 10 + rng.randrange(0, 10, 2) + (gender == "男")
                first17 = (self.weighted(demo_text.REGION_CODES) + birth.strftime("%Y%m%d")
                           + f"{serial:03d}")
                number = first17 + id_check_char(first17)
            seen.add(number)
            first_day = max(four_years_ago, _add_years(birth, 16))
            registered = first_day + timedelta(days=rng.randint(0, (today - first_day).days))
            exited = None
            if rng.random() < 0.05:
                exited = registered + timedelta(days=rng.randint(0, (today - registered).days))
            skills = rng.sample(demo_text.SKILLS, rng.choices((0, 1, 2), (45, 40, 15))[0])
            row = {
                "id": self.new_id(), "name": self.name(gender, birth.year), "id_number": number,
                "gender": gender, "phone": self.phone(),
                "political_status": self._political_status(age),
                "skills": "、".join(skills),
                "team_id": rng.choice(self.team_ids) if rng.random() < 0.85 else None,
                "registered_on": registered, "status": "退出" if exited else "在册",
                "exited_on": exited,
            }
            self.volunteers.append((registered.toordinal(),
                                    exited.toordinal() if exited else None,
                                    row["id"], row["name"]))
            yield row

    def _political_status(self, age: int) -> str:
        if age < 18:
            return self.weighted({"共青团员": 55, "群众": 45})
        if age <= 28:
            return self.weighted({"共青团员": 45, "中共党员": 12, "中共预备党员": 4, "群众": 39})
        return self.weighted({"中共党员": 29, "中共预备党员": 1, "民主党派": 2, "无党派人士": 1,
                              "群众": 67})

    # --- activities and service records ----------------------------------------------------

    def build_activities(self) -> None:
        plan = self._festival_plan()
        for _ in range(max(self.scale.activities - len(plan), 0)):
            plan.append(_Planned(self.day(), self.weighted(demo_text.CATEGORY_WEIGHTS)))
        plan.sort(key=lambda item: item.when)
        self.services: list[tuple[str, int, int, tuple[str, ...], int]] = []
        self.write(self.ledger.activities, (self._activity(item) for item in plan),
                   total=len(plan), percent=(12, 45), step="正在生成活动台账…")
        expected = sum(item[4] for item in self.services)
        self.write(self.ledger.service_records, self._service_rows(), total=expected,
                   percent=(45, 85), step="正在生成志愿服务记录…")

    def _festival_plan(self) -> list[_Planned]:
        """我们的节日 activities, each on its festival's real date (none in the future)."""
        plan = []
        per_unit = (2, 3) if len(self.units) == 1 else (1, 2)
        for year in range(self.start.year, self.today.year + 1):
            for festival, when in festival_dates(year).items():
                if not self.start <= when <= self.today:
                    continue
                themes = demo_text.FESTIVAL_THEMES[festival]
                for unit in self.units:
                    count = min(self.rng.randint(*per_unit), len(themes))
                    plan.extend(_Planned(when, "我们的节日", festival, theme, unit)
                                for theme in self.rng.sample(themes, count))
        return plan

    def _activity(self, item: _Planned) -> dict[str, Any]:
        rng = self.rng
        category, when, festival, theme = item.category, item.when, item.festival, item.theme
        if theme is None:
            theme = rng.choice([t for t in demo_text.THEMES[category]
                                if not t.months or when.month in t.months])
        unit = item.unit or rng.choice(self.units)
        values: dict[str, Any] = self.places(unit)
        measures: dict[str, float] = {}
        for key, (low, high) in theme.measures.items():
            if isinstance(low, float) or isinstance(high, float):
                measures[key] = round(rng.uniform(low, high), 1)
            else:
                measures[key] = rng.randint(low, high)
        values.update({key: f"{value:g}" for key, value in measures.items()})
        start, end = rng.choice(demo_text.TIME_SLOTS[theme.slots])
        if theme.team and (unit, theme.team) in self.teams and rng.random() < 0.6:
            organiser = self.teams[(unit, theme.team)]
        else:
            organiser = unit + rng.choice(demo_text.ORGANISER_SUFFIXES)
        helpers = 0
        if category in SERVICE_CATEGORIES:
            helpers = rng.randint(*self.scale.helpers_per_activity)
        meeting = category == "会议学习"
        participants = rng.randint(12, 45) if meeting else helpers + rng.randint(8, 60)
        activity_id = self.new_id()
        minutes = (int(end[:2]) * 60 + int(end[3:])) - (int(start[:2]) * 60 + int(start[3:]))
        if helpers:
            self.services.append((activity_id, when.toordinal(), minutes, theme.roles, helpers))
        return {
            "id": activity_id, "title": theme.title.format_map(values), "category": category,
            "festival": festival, "date": when, "start_time": start, "end_time": end,
            "place": theme.place.format_map(values), "organiser": organiser,
            "participant_count": participants, "content": theme.content.format_map(values),
            "measures": measures,
        }

    def _service_rows(self) -> Iterator[dict[str, Any]]:
        rng = self.rng
        cum, reg, volunteers = self.volunteer_cum, self.volunteer_reg, self.volunteers
        for activity_id, day, minutes, roles, wanted in self.services:
            eligible = bisect.bisect_right(reg, day)
            if not eligible:
                continue
            top = cum[eligible - 1]
            chosen: set[int] = set()
            attempts = wanted * 20
            while len(chosen) < min(wanted, eligible) and attempts:
                attempts -= 1
                index = bisect.bisect_right(cum, rng.random() * top, 0, eligible - 1)
                exited = volunteers[index][1]
                if exited is None or exited >= day:
                    chosen.add(index)
            for index in sorted(chosen):
                served = minutes
                if served > 60 and rng.random() < 0.15:
                    served -= rng.choice((30, 60))
                row = {"activity_id": activity_id, "volunteer_id": volunteers[index][2],
                       "minutes": served, "role": rng.choice(roles), "source": "签到"}
                if rng.random() < 0.05:
                    row["source"] = "补录"
                    row["reason"] = rng.choice(demo_text.MAKE_UP_REASONS)
                yield row

    # --- inspections, problems and rechecks ------------------------------------------------

    def build_problems(self) -> None:
        self.progress(85, "正在生成督查和问题整改台账…")
        inspections, problems, rechecks = plan_problems(self)
        self.problem_rows = problems
        self.write(self.ledger.inspections, inspections)
        self.write(self.ledger.problems, problems, total=len(problems), percent=(86, 92),
                   step="正在生成问题整改台账…")
        self.write(self.ledger.rechecks, rechecks)

    # --- photos and honours ----------------------------------------------------------------

    def build_photos(self) -> None:
        self.progress(93, "正在生成演示照片…")
        rng = self.rng
        activities = self.ledger.db.execute(
            "SELECT id, date, start_time FROM activities WHERE category IN (?, ?, ?) "
            "ORDER BY date, rowid", ["志愿服务", "环境整治", "我们的节日"]).fetchall()
        done = [p for p in self.problem_rows if p["status"] == vocab.PROBLEM_DONE]
        owners: list[tuple[str, str, str, date, str]] = []
        pairs = min(len(done), self.scale.photos // 5)
        for problem in rng.sample(done, pairs):
            owners.append(("problems", problem["id"], "整改前", problem["found_on"], "09:10"))
            owners.append(("problems", problem["id"], "整改后", problem["completed_on"], "15:40"))
        chosen = rng.sample(activities, min(len(activities), 12))
        for activity_id, day, start in (chosen + chosen)[:self.scale.photos - len(owners)]:
            owners.append(("activities", activity_id, "现场照片", date.fromisoformat(day), start))
        rows = []
        with tempfile.TemporaryDirectory(prefix="chuangcheng-demo-") as folder:
            for number, (table, owner_id, role, taken, at) in enumerate(owners, start=1):
                name = f"IMG_{taken:%Y%m%d}_{at.replace(':', '')}{number:02d}.png"
                source = Path(folder) / name
                source.write_bytes(self._photo())
                stored = store_file(self.attachments_dir, source)
                rows.append({"sha256": stored.sha256, "original_name": name,
                             "size": stored.size, "taken_on": taken, "owner_table": table,
                             "owner_id": owner_id, "role": role})
        self.write(self.ledger.attachments, rows)

    def _photo(self, width: int = 320, height: int = 240) -> bytes:
        rng = self.rng
        colours = [bytes(rng.randrange(40, 230) for _ in range(3)) for _ in range(4)]
        band = rng.randint(24, 60)
        stripe_at, stripe_width = rng.randint(0, width - 40), rng.randint(12, 40)
        rows = []
        for y in range(height):
            base = colours[(y // band) % 2]
            row = (base * stripe_at + colours[2] * stripe_width
                   + base * (width - stripe_at - stripe_width))
            rows.append(colours[3] * width if y > height * 2 // 3 else row)
        return png_bytes(width, height, rows)

    def build_honours(self) -> None:
        self.progress(97, "正在生成荣誉记录…")
        rng = self.rng
        live = [v for v in self.volunteers if v[1] is None]
        teams = self.ledger.db.execute("SELECT id, name FROM teams ORDER BY rowid").fetchall()
        # each pool shuffled once and cycled, so titles rarely repeat
        pools = {kind: cycle(rng.sample(pool, len(pool))) for kind, pool in (
            ("个人", demo_text.HONOURS_PERSONAL), ("服务队", demo_text.HONOURS_TEAM),
            ("单位", demo_text.HONOURS_UNIT))}
        rows = []
        for number in range(self.scale.honours):
            kind = ("个人", "个人", "个人", "服务队", "服务队", "单位")[number % 6]
            title, level = next(pools[kind])
            row: dict[str, Any] = {"date": self.day(), "title": title, "level": level,
                                   "outcome": "提名" if rng.random() < 0.2 else "获评",
                                   "recipient_kind": "个人" if kind == "个人" else "集体"}
            if kind == "个人":
                _reg, _exit, row["volunteer_id"], row["recipient"] = rng.choice(live)
            elif kind == "服务队":
                row["team_id"], row["recipient"] = rng.choice(teams)
            else:
                row["recipient"] = rng.choice(self.units)
            rows.append(row)
        self.write(self.ledger.honours, rows)
