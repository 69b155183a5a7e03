"""The 迎检 workbook and other .xlsx outputs."""
