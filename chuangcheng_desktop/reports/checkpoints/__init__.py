"""点位 on paper and in Excel: import of the register, blank checklists, 测评记录, 点位台账."""
