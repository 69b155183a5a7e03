"""Document writers (.docx, .xlsx) and Excel import. Nothing in this package imports Qt."""
