"""PySide6 widgets, Qt models and dialogs. Calls core; core never calls ui."""
