"""志愿服务 documents: 志愿服务记录证明, 活动签到表, 公示 list and the hours statistics."""
