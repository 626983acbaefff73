"""Sources: publishers and their feeds."""
