"""The fixed vocabularies of the domain (categories, sources, statuses …), in one place.

Stored values are the Chinese words themselves: they are what users type in Excel,
what the documents print, and what an inspector reads in the raw database.
"""

from __future__ import annotations

ACTIVITY_CATEGORIES = (
    "志愿服务", "宣传教育", "我们的节日", "环境整治", "文明实践", "会议学习", "评选表彰", "其他",
)
FESTIVALS = ("春节", "元宵", "清明", "端午", "七夕", "中秋", "重阳")
FESTIVAL_SYNONYMS = {
    "元宵节": "元宵", "清明节": "清明", "端午节": "端午", "七夕节": "七夕",
    "中秋节": "中秋", "重阳节": "重阳", "春节期间": "春节",
}
TEAM_CATEGORIES = (
    "理论宣讲", "文化服务", "助学支教", "扶贫帮困", "环境保护", "卫生整治", "为老服务", "文明交通",
    "其他",
)
VOLUNTEER_STATUSES = ("在册", "退出")
POLITICAL_STATUSES = ("中共党员", "中共预备党员", "共青团员", "民主党派", "无党派人士", "群众")
POLITICAL_STATUS_SYNONYMS = {
    "党员": "中共党员", "预备党员": "中共预备党员", "团员": "共青团员", "无": "群众",
}
SERVICE_SOURCES = ("签到", "补录", "导入")
# 服务类别 of the 全国志愿服务信息系统 (roster field service_category).
SERVICE_CATEGORIES = (
    "社区服务", "扶贫减贫", "支教助学", "卫生健康", "法律服务", "环境保护", "科技科普", "文化艺术",
    "平安综治", "体育健身", "关爱特殊群体", "应急救援", "大型活动", "理论宣讲", "文明交通", "其他",
)
SERVICE_CATEGORY_SYNONYMS = {
    "社区": "社区服务", "助学": "支教助学", "支教": "支教助学", "医疗": "卫生健康", "卫生": "卫生健康",
    "环保": "环境保护", "科普": "科技科普", "文化": "文化艺术", "文艺": "文化艺术", "法律": "法律服务",
    "治安": "平安综治", "体育": "体育健身", "为老服务": "关爱特殊群体", "助残": "关爱特殊群体",
    "宣讲": "理论宣讲", "交通": "文明交通", "扶贫": "扶贫减贫",
}
STAR_LEVEL_NAMES = ("未达星级", "一星级", "二星级", "三星级", "四星级", "五星级")
INSPECTION_SOURCES = ("上级巡查", "暗访", "领导督查", "媒体曝光", "群众举报", "自查")
PROBLEM_CATEGORIES = ("环境卫生", "公共秩序", "宣传氛围", "设施维护", "志愿服务", "其他")
PROBLEM_STATUSES = ("待整改", "整改中", "待复查", "已完成")
PROBLEM_DONE = "已完成"
UNIT_LEVELS = ("社区", "村", "单位", "街道", "镇")  # 街道/镇 ledgers consolidate packages
ATTACHMENT_ROLES = ("现场照片", "整改前", "整改后", "其他", "签到表")
HONOUR_LEVELS = ("国家", "省", "市", "县", "街道")
HONOUR_LEVEL_SYNONYMS = {
    "国家级": "国家", "全国": "国家", "省级": "省", "市级": "市", "县级": "县", "区级": "县",
    "县区级": "县", "街道级": "街道", "镇级": "街道", "乡镇": "街道",
}
HONOUR_OUTCOMES = ("获评", "提名")
RECIPIENT_KINDS = ("个人", "集体")

# Units of the common activity measures; a measure not listed here may carry its
# unit in its name, "名称（单位）".
MEASURE_UNITS = {
    "发放宣传资料": "份",
    "张贴海报": "张",
    "悬挂横幅": "条",
    "设置宣传展板": "块",
    "张贴标语": "条",  # 宣传阵地 (summed per period in the summary's 宣传 section)
    "更新宣传栏": "次",
    "设置公益广告": "处",
    "LED屏播放": "条",
    "受益群众": "人次",
    "清理卫生死角": "处",
    "清理小广告": "处",
    "清理面积": "m²",
    "清运垃圾": "吨",
    "劝导不文明行为": "人次",
    "入户走访": "户",
}
