"""Every spelling of the United States is one place."""

from broadsheet.enrichment import extract_entities


def test_us_spellings_are_merged_into_one_place():
    text = (
        "The United States imposed sanctions. A U.S. official said the US would act, "
        "and America's allies agreed."
    )
    places = [e for e in extract_entities("US sanctions", text) if e.kind == "place"]
    assert len(places) == 1
    us = places[0]
    assert (us.name, us.slug, us.country) == ("United States", "place-us", "US")
    assert us.mentions == 5
    assert {"U.S.", "US", "America"} <= set(us.aliases)
