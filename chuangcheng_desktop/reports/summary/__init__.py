"""The 工作总结 / 情况汇报: context → drafting → .docx."""
