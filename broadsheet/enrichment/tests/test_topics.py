"""Each article gets one to three topics from the fixed taxonomy, best first."""

from broadsheet.enrichment import classify_topics, extract_entities, geographic_tags, taxonomy


def test_a_sporty_text_is_tagged_sport():
    title = "United defeat City 3-1 to reach the cup final"
    text = (
        "United scored twice in the second half and the coach praised his players. "
        "The striker's goal sealed the win, and fans in the stadium celebrated the league leaders."
    )
    assert classify_topics(title, text)[0].slug == "sport"


def test_a_business_text_is_tagged_business():
    title = "Retailer reports record profit as sales rise"
    text = (
        "The company said quarterly revenue rose 12% and profit doubled. Shares climbed after "
        "the chief executive announced a merger with a rival firm and new stores."
    )
    assert classify_topics(title, text)[0].slug == "business"


def test_a_health_text_is_tagged_health():
    title = "Hospitals prepare as flu cases rise"
    text = (
        "Doctors warned that the virus is spreading. Patients with symptoms should stay home, "
        "and the vaccine is free at clinics, health officials said."
    )
    topics = classify_topics(title, text)
    assert topics[0].slug == "health" and topics[0].name == "Health"
    assert 1 <= len(topics) <= 3
    assert all(t.slug in taxonomy() for t in topics)


def test_a_text_with_no_topic_words_gets_no_topic():
    assert classify_topics("Hello", "Nothing much to see here.") == []


def test_countries_of_places_become_geographic_tags():
    text = "Police in Paris and Lyon arrested two men. France said Germany would help."
    tags = geographic_tags(extract_entities("", text))
    assert [(t.slug, t.name) for t in tags] == [("place-fr", "France"), ("place-de", "Germany")]
