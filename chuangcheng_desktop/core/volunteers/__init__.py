"""志愿服务 to the national rules: hours from the 签到表, 星级, 志愿服务记录证明 and its register."""
