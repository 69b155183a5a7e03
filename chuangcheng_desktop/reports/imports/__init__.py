"""Excel in: reading, checking and saving rows users already keep in Excel."""
