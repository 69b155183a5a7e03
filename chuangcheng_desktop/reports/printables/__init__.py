"""Printables the 迎检 binder needs: 问题交办单 (with 回执), 复查销号单, 照片台账."""
