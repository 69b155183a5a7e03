"""创城台账 (chuangcheng-desktop): an offline ledger and report tool for 创建文明城市 work."""

__version__ = "0.1.0"
APP_NAME_CN = "创城台账"
