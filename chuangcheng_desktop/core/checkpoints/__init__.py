"""点位 (checkpoints): the register, checklist templates, 实地测评/自查 runs, schedule, 宣传阵地."""
