"""'Mali' is a country, except inside a person's name."""

from broadsheet.enrichment import extract_entities


def test_mali_is_a_country_in_place_context_and_part_of_a_person_name():
    text = (
        "Mali Rose, a singer from Leeds, played to a full hall on Friday. "
        "French troops left Mali last year, and Mali Rose said she would tour there."
    )
    entities = extract_entities("Singer on tour", text)
    kinds = {(e.kind, e.name) for e in entities}
    assert ("person", "Mali Rose") in kinds
    mali = [e for e in entities if e.slug == "place-ml"]
    assert len(mali) == 1 and mali[0].country == "ML" and mali[0].mentions == 1


def test_a_bare_country_name_is_a_place():
    entities = extract_entities("Attack in Mali", "Gunmen attacked a base in central Mali.")
    assert [(e.kind, e.country) for e in entities] == [("place", "ML")]
