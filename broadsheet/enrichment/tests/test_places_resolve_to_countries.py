"""Places carry their ISO 3166-1 country code."""

from broadsheet.enrichment import extract_entities


def test_cities_regions_and_countries_resolve_to_a_country_code():
    text = (
        "Protesters gathered in Lagos and Kano. Later, officials in Ontario, Canada, "
        "and in São Paulo said the protests in Nigeria would spread to Brazil."
    )
    countries = {e.name: e.country for e in extract_entities("", text) if e.kind == "place"}
    assert countries == {
        "Lagos": "NG",
        "Kano": "NG",
        "Ontario": "CA",
        "Canada": "CA",
        "São Paulo": "BR",
        "Nigeria": "NG",
        "Brazil": "BR",
    }


def test_an_unknown_town_takes_the_country_of_the_place_after_its_comma():
    entities = extract_entities("", "A truck crashed in Randolph, New Hampshire, on Friday.")
    towns = {e.name: e.country for e in entities if e.kind == "place"}
    assert towns == {"Randolph": "US", "New Hampshire": "US"}
