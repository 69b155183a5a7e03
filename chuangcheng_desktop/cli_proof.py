"""志愿服务 subcommands: ``proof`` (志愿服务记录证明, registered and audited on the dialog's
code path), ``proof-publicity`` (公示 list), ``service-hours`` (时长统计 and 证明登记) and
``signin-sheet`` (活动签到表)."""

from __future__ import annotations

import argparse
from datetime import date

from chuangcheng_desktop import paths
from chuangcheng_desktop.core.storage.errors import UserFacingError

PERIOD_HELP = "期间，如 2026、2026H1、2026Q3、2026-03-01..2026-05-31"


def add_proof_commands(commands, common: argparse.ArgumentParser) -> None:
    proof = commands.add_parser(
        "proof", parents=[common], help="出具志愿服务记录证明（.docx）",
        description="为一名或多名志愿者出具志愿服务记录证明（每人一份，GB/T 9704 格式）。\n"
                    "证明按年度编号（〔2026〕第012号），写入证明登记和操作日志；重复出具时注明此前的编号。\n"
                    "一名志愿者且 --out 为 .docx 时写入该文件，否则 --out 为文件夹，每人一个文件。")
    proof.add_argument("--volunteer", nargs="+", required=True, metavar="姓名或身份证号",
                       help="志愿者姓名、身份证号或志愿者编号（可写多个）")
    proof.add_argument("--period", metavar="期间", help=f"证明的服务期间（默认全部记录）；{PERIOD_HELP}")
    proof.add_argument("--out", required=True, metavar="文件或文件夹", help="保存为，如 证明.docx")
    proof.add_argument("--date", metavar="日期", help="出具日期（默认今天）")
    proof.add_argument("--full-id", action="store_true", help="显示完整身份证号（默认遮盖中间8位）")
    proof.add_argument("--responsible", metavar="姓名", help="负责人（默认单位信息中的审核人）")
    proof.add_argument("--handler", metavar="姓名", help="经办人（默认单位信息中的制表人）")

    publicity = commands.add_parser(
        "proof-publicity", parents=[common], help="打印志愿服务记录证明公示名单（.docx）",
        description="按证明登记，列出某一期间出具证明的志愿者（姓名、遮盖的身份证号、时长、星级），"
                    "用于7天公示。")
    publicity.add_argument("--period", required=True, metavar="期间", help=PERIOD_HELP)
    publicity.add_argument("--out", required=True, metavar="文件", help="保存为，如 公示.docx")
    publicity.add_argument("--start", metavar="日期", help="公示开始日期（默认今天）")

    hours = commands.add_parser(
        "service-hours", parents=[common], help="导出志愿服务时长统计（.xlsx）",
        description="每名志愿者在该期间的服务次数、时长、累计时长和星级，另附证明登记。")
    hours.add_argument("--period", required=True, metavar="期间", help=PERIOD_HELP)
    hours.add_argument("--out", required=True, metavar="文件", help="保存为，如 时长统计.xlsx")
    hours.add_argument("--all", action="store_true", help="也列出本期没有服务记录的在册志愿者")
    hours.add_argument("--shortlist", type=int, metavar="N",
                       help="另列出按时长推荐的前N名优秀志愿者（并列的一并列出）")
    hours.add_argument("--minimum", type=float, default=20.0, metavar="小时",
                       help="推荐的最低时长（默认20小时）")
    hours.add_argument("--make-honours", action="store_true",
                       help="把推荐名单记为“年度优秀志愿者”荣誉（街道级，获评）")

    stars = commands.add_parser(
        "star-levels", parents=[common], help="查看或修改星级标准，统计各星级人数",
        description="星级志愿者按累计志愿服务时长认定（默认一星100、二星300、三星600、"
                    "四星1000、五星1500小时）。")
    stars.add_argument("--set", metavar="小时/…", dest="thresholds",
                       help="新的星级标准，如 100/300/600/1000/1500")

    sheet = commands.add_parser(
        "signin-sheet", parents=[common], help="打印活动签到表（.docx）",
        description="为一次活动打印A4签到表：空白，或预填某个服务队的成员。")
    sheet.add_argument("--activity", required=True, metavar="活动ID", help="活动的ID")
    sheet.add_argument("--team", metavar="服务队", help="预填该服务队（名称或ID）的成员")
    sheet.add_argument("--out", required=True, metavar="文件或文件夹", help="保存为，如 签到表.docx")


def _date(text: str | None, option: str) -> date:
    from chuangcheng_desktop.core.rules.validation import InvalidValue, parse_date

    if not text:
        return date.today()
    try:
        return parse_date(text)
    except InvalidValue as exc:
        raise UserFacingError(f"{option}：{exc.reason}") from exc


def _ledger():
    from chuangcheng_desktop.core.storage.ledger import DATABASE_FILENAME, Ledger

    path = paths.data_dir() / DATABASE_FILENAME
    if not path.exists():
        raise UserFacingError(f"数据文件夹“{paths.data_dir()}”中还没有台账数据库。"
                              "请检查 --data-dir 是否写对。")
    return Ledger.open(path)


def run_proof(args: argparse.Namespace) -> int:
    from chuangcheng_desktop.core.rules.formatting import format_hours
    from chuangcheng_desktop.core.rules.periods import parse_period
    from chuangcheng_desktop.reports.proofs.proof_docx import issue_proofs

    period = parse_period(args.period) if args.period else None
    with _ledger() as ledger:
        result = issue_proofs(ledger, args.volunteer, args.out, period=period,
                              issued_on=_date(args.date, "--date"), full_id=args.full_id,
                              responsible=args.responsible, handler=args.handler)
    for proof, path in zip(result.proofs, result.paths, strict=True):
        print(f"{proof.number} {proof.name} {format_hours(proof.minutes / 60)}：{path}")
        if proof.earlier:
            print("  此前已出具：" + "、".join(p.number for p in proof.earlier))
    return 0


def run_publicity(args: argparse.Namespace) -> int:
    from chuangcheng_desktop.core.rules.periods import parse_period
    from chuangcheng_desktop.reports.proofs.publicity import write_publicity

    with _ledger() as ledger:
        path = write_publicity(ledger, parse_period(args.period), args.out,
                               start=_date(args.start, "--start"))
    print(f"公示名单已保存：{path}")
    return 0


def run_service_hours(args: argparse.Namespace) -> int:
    from chuangcheng_desktop.core.rules.periods import parse_period
    from chuangcheng_desktop.core.volunteers.service_hours import make_honours, shortlist
    from chuangcheng_desktop.reports.proofs.service_hours_xlsx import export_service_hours

    period = parse_period(args.period)
    with _ledger() as ledger:
        path = export_service_hours(ledger, period, args.out, include_idle=args.all)
        print(f"志愿服务时长统计已保存：{path}")
        if args.shortlist or args.make_honours:
            chosen = shortlist(ledger.db, period, size=args.shortlist or 10,
                               minimum_hours=args.minimum)
            print(f"推荐的优秀志愿者（{len(chosen)}人）：")
            for row in chosen:
                print(f"  {row.name}　{row.hours:g}小时　{row.records}次　{row.star}")
            if args.make_honours and chosen:
                made = make_honours(ledger, chosen, period)
                print(f"已新增 {len(made)} 条“{made[0]['title']}”荣誉记录。")
    return 0


def run_star_levels(args: argparse.Namespace) -> int:
    from chuangcheng_desktop.core.volunteers.stars import (
        set_thresholds,
        star_counts,
        thresholds,
        thresholds_text,
    )

    with _ledger() as ledger:
        if args.thresholds:
            set_thresholds(ledger.db, args.thresholds, actor=ledger.actor)
            print("星级标准已保存。")
        print(f"星级标准：{thresholds_text(thresholds(ledger.db))}")
        for name, count in star_counts(ledger.db).items():
            print(f"  {name}：{count}人")
    return 0


def run_signin_sheet(args: argparse.Namespace) -> int:
    from chuangcheng_desktop.core.storage.errors import RecordNotFoundError
    from chuangcheng_desktop.reports.proofs.signin_sheet import write_signin_sheet

    with _ledger() as ledger:
        team_id = None
        if args.team:
            rows = ledger.db.execute("SELECT id FROM teams WHERE deleted_at IS NULL AND "
                                     "(id = ? OR name = ?)", [args.team, args.team]).fetchall()
            if len(rows) != 1:
                raise UserFacingError(f"没有找到服务队“{args.team}”（或有重名），请核对。")
            team_id = rows[0][0]
        try:
            path = write_signin_sheet(ledger, args.activity, args.out, team_id=team_id)
        except RecordNotFoundError as exc:
            raise UserFacingError(f"没有找到活动“{args.activity}”，请核对活动ID。") from exc
    print(f"签到表已保存：{path}")
    return 0


HANDLERS = {"proof": run_proof, "proof-publicity": run_publicity,
            "service-hours": run_service_hours, "signin-sheet": run_signin_sheet,
            "star-levels": run_star_levels}
