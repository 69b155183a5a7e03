"""Record dialogs and other modal windows."""
