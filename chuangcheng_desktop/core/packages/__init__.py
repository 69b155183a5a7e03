"""街道 consolidation: 报送包 up (export/import/merge), units, side-by-side figures, 交办包 down."""
