"""Domain rules: validation, workflow, scoring, periods, vocabularies, festivals, formatting, numbering."""
