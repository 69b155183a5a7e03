"""Figures: the period statistics, their text forms, and row sources for exports."""
