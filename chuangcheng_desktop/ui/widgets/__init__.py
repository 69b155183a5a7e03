"""Small reusable widgets (period picker, photo strip, bar chart)."""
