"""Articles: the clean, stored form of every feed entry."""
