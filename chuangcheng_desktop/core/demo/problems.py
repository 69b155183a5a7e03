"""Demo inspections, problems (整改) and re-checks, for ``builder.generate_demo_data``.

Most problems come from an inspection and were rectified in time; a few were finished
late, failed a re-check first, or are still open. Some are always overdue on ``today``
and some always fall due within three days, so the overdue views have something to show.
"""

from __future__ import annotations

from datetime import date, timedelta
from random import Random
from typing import Any, NamedTuple, Protocol

from chuangcheng_desktop.core.rules import vocab


class DemoSource(Protocol):
    """What the planner uses of ``builder._Builder``: its random source, calendar and names."""

    rng: Random
    today: date
    street: str
    units: list[str]
    reviewers: list[str]
    scale: Any  # builder.Scale: .inspections, .problems

    def new_id(self) -> str: ...

    def day(self, earliest: date | None = None) -> date: ...

    def weighted(self, pairs: Any) -> Any: ...

    def adult_name(self) -> str: ...

    def places(self, unit: str) -> dict[str, str]: ...

Row = dict[str, Any]


def plan_problems(builder: DemoSource) -> tuple[list[Row], list[Row], list[Row]]:
    """(inspections, problems, rechecks) rows, ready for ``add_many`` in that order."""
    return _Planner(builder).plan()


class _Planner:
    def __init__(self, builder: DemoSource) -> None:
        self.b = builder

    def plan(self) -> tuple[list[Row], list[Row], list[Row]]:
        b, rng = self.b, self.b.rng
        sources = vocab.INSPECTION_SOURCES
        inspections = []
        for number in range(b.scale.inspections):
            # the first six cover every source once
            source = sources[number] if number < len(sources) else b.weighted(INSPECTION_WEIGHTS)
            inspector = rng.choice(INSPECTORS[source]).format(street=b.street)
            inspections.append({"id": b.new_id(), "date": b.day(), "source": source,
                                "inspector": inspector, "area": rng.choice(INSPECTION_AREAS)})
        found_count = dict.fromkeys((i["id"] for i in inspections), 0)
        problems, rechecks = [], []
        forced = self._forced_problems()
        for number in range(b.scale.problems):
            inspection = None
            if number < len(forced):
                found, deadline, status = forced[number]
            else:
                if rng.random() < 0.85:
                    inspection = rng.choice(inspections)
                    found = inspection["date"]
                else:
                    found = b.day()
                deadline = found + timedelta(days=rng.randint(3, 15))
                status = self._problem_status(deadline)
            source = inspection["source"] if inspection else b.weighted(
                {"自查": 5, "群众举报": 3, "上级巡查": 1})
            problem = self._problem(found, deadline, status, source, inspection)
            if inspection:
                found_count[inspection["id"]] += 1
            problems.append(problem)
            rechecks.extend(self._rechecks(problem, failed_first=number == 3))
        for inspection in inspections:
            count = found_count[inspection["id"]]
            inspection["note"] = (f"发现问题{count}个，已现场反馈责任单位并明确整改时限。"
                                  if count else "未发现明显问题。")
        return inspections, problems, rechecks

    def _forced_problems(self) -> list[tuple[date, date, str]]:
        """Problems the demo must show: some overdue today, some due within three days."""
        rng, today = self.b.rng, self.b.today
        forced = []
        for status in ("待整改", "整改中", "待整改", "待复查"):  # overdue
            found = today - timedelta(days=rng.randint(10, 25))
            forced.append((found, found + timedelta(days=rng.randint(3, 7)), status))
        for status in ("整改中", "待整改", "待复查"):  # due within 0–3 days
            deadline = today + timedelta(days=rng.randint(0, 3))
            forced.append((deadline - timedelta(days=rng.randint(3, 10)), deadline, status))
        return forced

    def _problem_status(self, deadline: date) -> str:
        b = self.b
        if deadline < b.today - timedelta(days=10):  # old: nearly always finished
            return vocab.PROBLEM_DONE if b.rng.random() < 0.97 else b.rng.choice(
                ("待整改", "整改中"))
        return b.weighted({vocab.PROBLEM_DONE: 35, "整改中": 25, "待整改": 20, "待复查": 20})

    def _problem(self, found: date, deadline: date, status: str, source: str,
                 inspection: Row | None) -> Row:
        b, rng = self.b, self.b.rng
        template = rng.choice(PROBLEMS)
        values = b.places(rng.choice(b.units))
        completed = None
        if status == vocab.PROBLEM_DONE:
            if rng.random() < 0.12:  # finished late
                completed = deadline + timedelta(days=rng.randint(1, 6))
            else:
                completed = found + timedelta(days=rng.randint(0, (deadline - found).days))
            completed = min(completed, b.today)
        measures = {"待整改": "", "整改中": template.first_step}.get(status, template.measures)
        return {
            "id": b.new_id(), "inspection_id": inspection["id"] if inspection else None,
            "source": source, "found_on": found,
            "checkpoint": template.checkpoint.format_map(values),
            "category": template.category, "description": template.description,
            "responsible_unit": template.responsible.format_map(values),
            "responsible_person": b.adult_name(), "deadline": deadline, "status": status,
            "measures": measures, "completed_on": completed,
        }

    def _rechecks(self, problem: Row, *, failed_first: bool) -> list[Row]:
        b, rng = self.b, self.b.rng
        found, status = problem["found_on"], problem["status"]
        last = problem["completed_on"] or b.today
        rows = []
        fail_chance = {vocab.PROBLEM_DONE: 0.12, "待复查": 0.3, "整改中": 0.2}.get(status, 0)
        if (failed_first or rng.random() < fail_chance) and (last - found).days >= 2:
            rows.append({"problem_id": problem["id"], "passed": False,
                         "date": found + timedelta(days=rng.randint(1, (last - found).days - 1)),
                         "reviewer": rng.choice(b.reviewers),
                         "reason": rng.choice(FAIL_REASONS)})
        if status == vocab.PROBLEM_DONE:
            rows.append({"problem_id": problem["id"], "passed": True,
                         "date": min(last + timedelta(days=rng.randint(0, 2)), b.today),
                         "reviewer": rng.choice(b.reviewers),
                         "reason": rng.choice(PASS_REASONS)})
        return rows


# --- text ----------------------------------------------------------------------------------

INSPECTORS = {
    "上级巡查": ("区创城办", "区创城指挥部第二督查组", "市文明办督查组", "{street}创城办"),
    "暗访": ("市创城暗访组", "第三方测评机构", "区创城办暗访组"),
    "领导督查": ("{street}党工委领导", "区创城指挥部领导", "{street}办事处领导"),
    "媒体曝光": ("东湖日报“文明曝光台”", "城市电视台《文明随手拍》", "东湖发布微信公众号"),
    "群众举报": ("12345市民热线", "群众来电", "“文明随手拍”平台"),
    "自查": ("社区创城专班", "社区网格员", "社区党委", "物业联合自查组"),
}
INSPECTION_WEIGHTS = {
    "自查": 40, "上级巡查": 20, "暗访": 12, "领导督查": 10, "群众举报": 12, "媒体曝光": 6,
}
INSPECTION_AREAS = (
    "辖区主次干道", "农贸市场及周边", "各住宅小区", "背街小巷", "沿街商铺", "公交站台",
    "公园广场", "学校周边", "老旧小区", "新时代文明实践站",
)


class ProblemTemplate(NamedTuple):
    category: str
    checkpoint: str
    description: str
    measures: str  # what was done (required once 已完成)
    first_step: str  # what is done while 整改中
    responsible: str


PROBLEMS = (
    ProblemTemplate("环境卫生", "{estate}垃圾分类投放点", "垃圾桶满溢，周边地面有散落垃圾和污水",
                    "联系环卫所将清运频次增加到每天两次，当天清理完毕并冲洗地面，落实保洁员定时巡查",
                    "已通知物业加派保洁人员清理", "{estate}物业服务中心"),
    ProblemTemplate("环境卫生", "{road}绿化带", "绿化带内有烟头、塑料袋和饮料瓶等垃圾",
                    "组织保洁人员对绿化带进行全面捡拾清理，纳入每日保洁路线",
                    "已安排人员分段清理", "{street}环卫所"),
    ProblemTemplate("环境卫生", "{estate}楼道", "楼道内堆放纸箱、旧家具等杂物，影响通行",
                    "逐户通知居民清理，无主堆物统一清运，张贴楼道禁止堆物提示",
                    "已逐户发放清理通知", "{estate}物业服务中心"),
    ProblemTemplate("环境卫生", "{market}水产区", "水产区地面污水横流，有明显异味",
                    "疏通排水沟，更换破损接水盘，要求摊主每天收摊后冲洗地面",
                    "已疏通排水沟，正在更换接水盘", "{market}管理办公室"),
    ProblemTemplate("环境卫生", "{park}公厕", "公厕地面湿滑有异味，洗手液缺失",
                    "增加保洁频次，补齐洗手液和纸巾，张贴保洁记录表",
                    "已增加保洁频次", "区园林绿化中心"),
    ProblemTemplate("环境卫生", "{estate}", "小区卫生死角杂草丛生，有建筑垃圾堆放",
                    "清除杂草，清运建筑垃圾，对裸露地面进行补绿",
                    "已清除杂草，建筑垃圾待清运", "{estate}物业服务中心"),
    ProblemTemplate("公共秩序", "{road}人行道", "非机动车乱停乱放，占用盲道",
                    "对车辆进行归整，施划非机动车停放线，安排志愿者高峰时段值守劝导",
                    "已归整车辆，停放线待施划", "{street}城管中队"),
    ProblemTemplate("公共秩序", "{road}沿街商铺", "商户店外经营、占道摆放商品",
                    "约谈相关商户，签订门前三包责任书，清理占道物品",
                    "已约谈商户", "{street}城管中队"),
    ProblemTemplate("公共秩序", "{market}门口", "流动摊贩占道经营，影响交通",
                    "引导摊贩进入市场临时摊位经营，加强早晚高峰巡查",
                    "已劝离摊贩，正在协调临时摊位", "{street}城管中队"),
    ProblemTemplate("公共秩序", "{estate}消防通道", "机动车违停占用消防通道",
                    "联系车主挪车，施划消防通道禁停标线，安装警示牌",
                    "已联系车主挪车", "{estate}物业服务中心"),
    ProblemTemplate("公共秩序", "{estate}", "楼道内电动车违规充电，存在飞线充电现象",
                    "拆除飞线，引导居民到集中充电棚充电，开展消防安全入户宣传",
                    "已拆除飞线", "{unit}居委会"),
    ProblemTemplate("宣传氛围", "{road}围挡", "公益广告画面破损褪色",
                    "更换新的公益广告画面，建立定期检查更换制度",
                    "新画面已制作，待更换", "{unit}居委会"),
    ProblemTemplate("宣传氛围", "{estate}出入口", "社会主义核心价值观宣传牌缺失",
                    "在出入口醒目位置补设宣传牌",
                    "宣传牌正在制作", "{estate}物业服务中心"),
    ProblemTemplate("宣传氛围", "{unit}宣传栏", "宣传栏内容过期，未及时更新",
                    "更新宣传栏内容，明确专人每月更换",
                    "已收集新一期宣传内容", "{unit}居委会"),
    ProblemTemplate("宣传氛围", "{unit}新时代文明实践站", "文明公约和志愿服务制度未上墙",
                    "制作文明公约和志愿服务制度展板并上墙",
                    "展板正在制作", "{unit}居委会"),
    ProblemTemplate("设施维护", "{road}人行道", "人行道地砖松动、破损，存在绊倒隐患",
                    "按原规格更换破损地砖，对松动地砖重新铺设",
                    "已设置警示标志，等待施工", "区市政设施管理中心"),
    ProblemTemplate("设施维护", "{estate}", "小区内多盏路灯不亮",
                    "更换损坏灯具和线路，恢复夜间照明",
                    "已报修，等待维修人员", "{estate}物业服务中心"),
    ProblemTemplate("设施维护", "{road}", "窨井盖破损，存在安全隐患",
                    "更换防坠落窨井盖，检查同路段其他井盖",
                    "已设置围挡和警示标志", "区市政设施管理中心"),
    ProblemTemplate("设施维护", "{park}", "健身器材损坏，无法正常使用",
                    "更换损坏部件，张贴安全使用须知，纳入定期巡检",
                    "已停用损坏器材并张贴提示", "{unit}居委会"),
    ProblemTemplate("设施维护", "{road}公交站", "公交站台座椅损坏，站牌信息模糊",
                    "维修座椅，更换站牌信息",
                    "已报公交公司维修", "区公交集团"),
    ProblemTemplate("设施维护", "{estate}无障碍坡道", "无障碍坡道被杂物占用，扶手松动",
                    "清理坡道杂物，加固扶手，张贴禁止占用提示",
                    "已清理杂物，扶手待加固", "{estate}物业服务中心"),
    ProblemTemplate("志愿服务", "{unit}志愿服务站", "志愿服务站点无人值守，服务时间未公示",
                    "排定志愿者值守表并上墙公示，队长每日检查到岗情况",
                    "正在排定值守表", "{unit}居委会"),
    ProblemTemplate("志愿服务", "{unit}新时代文明实践站", "志愿服务台账记录不全，缺少活动照片",
                    "补齐活动记录和照片，明确专人每次活动后当天录入",
                    "正在补录台账", "{unit}居委会"),
    ProblemTemplate("志愿服务", "{unit}学雷锋志愿服务站", "服务站便民物资不全，药箱药品过期",
                    "补齐雨伞、打气筒等便民物资，更换过期药品并登记有效期",
                    "已清理过期药品", "{unit}居委会"),
    ProblemTemplate("其他", "{road}沿街商铺", "商户门前三包责任牌缺失",
                    "为商户补发门前三包责任牌并督促张贴",
                    "责任牌正在制作", "{street}城管中队"),
    ProblemTemplate("其他", "{road}网吧", "网吧门口未设置未成年人禁入标志",
                    "督促经营者在门口醒目位置张贴禁入标志，并检查上网登记制度",
                    "已通知经营者整改", "区文化市场执法队"),
    ProblemTemplate("其他", "{road}沿街餐饮店", "餐饮店油烟直排，后厨卫生较差",
                    "督促安装油烟净化设备并定期清洗，整理后厨环境",
                    "已下发整改通知", "{street}城管中队"),
)

PASS_REASONS = ("整改到位，复查合格", "现场已恢复整洁，同意销号", "设施已修复，可正常使用",
                "复查无反弹，同意销号")
FAIL_REASONS = (
    "现场仍有少量垃圾未清理干净，要求继续整改",
    "整改后出现反弹，需建立日常巡查机制后再申请复查",
    "仅作临时处理，需按标准彻底整改",
    "整改照片不能反映整改效果，需补充完整后再复查",
)
