"""Stories: coverage of one event from many sources, with topics and entities."""
