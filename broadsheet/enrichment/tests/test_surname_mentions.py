"""A surname alone, after the full name, is the same person."""

from broadsheet.enrichment import extract_entities


def test_surname_only_mention_is_merged_with_the_full_name():
    text = (
        "German Chancellor Angela Merkel met union leaders in Berlin. "
        "Merkel said the talks were useful. Critics of Merkel disagreed."
    )
    people = [e for e in extract_entities("", text) if e.kind == "person"]
    assert [(p.name, p.mentions) for p in people] == [("Angela Merkel", 3)]
    assert people[0].slug == "person-angela-merkel"
    assert "Merkel" in people[0].aliases


def test_two_people_sharing_a_surname_stay_apart():
    text = "Hana Kimura was a wrestler. Her mother Kyoko Kimura also wrestled. Kimura was 22."
    people = {e.name for e in extract_entities("", text) if e.kind == "person"}
    assert people == {"Hana Kimura", "Kyoko Kimura"}


def test_a_well_known_surname_alone_is_the_known_person():
    found = {(e.kind, e.slug, e.name) for e in extract_entities("", "Kim Jong Un met Trump.")}
    assert ("person", "person-donald-trump", "Donald Trump") in found


def test_dc_is_washington():
    (entity,) = extract_entities("", "Protesters marched in Washington DC on Saturday.")
    assert entity.slug == "place-us-washington-d-c"
