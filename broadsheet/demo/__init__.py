"""Demo publishers built from the bundled Wikinews corpus, served on loopback for a live demo."""
