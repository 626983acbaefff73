"""Titles and honorifics signal people; suffixes and heads signal organisations."""

from broadsheet.enrichment import extract_entities


def _kinds(text):
    return {e.name: e.kind for e in extract_entities("", text)}


def test_honorific_signals_a_person():
    kinds = _kinds("Dr Zanele Okonkwo-Baptiste spoke first. President Vexler replied.")
    assert kinds["Zanele Okonkwo-Baptiste"] == "person"
    assert kinds["Vexler"] == "person"


def test_title_before_a_name_is_not_part_of_the_name():
    kinds = _kinds("US Secretary of State Mike Pompeo visited Riyadh.")
    assert kinds == {"United States": "place", "Mike Pompeo": "person", "Riyadh": "place"}


def test_org_suffix_signals_an_organisation():
    kinds = _kinds(
        "Staff at Quillfeather Holdings Ltd and the Ministry of Tides met members of the "
        "Verdant Party and the University of Eastmarch."
    )
    assert kinds == {
        "Quillfeather Holdings Ltd": "organisation",
        "Ministry of Tides": "organisation",
        "Verdant Party": "organisation",
        "University of Eastmarch": "organisation",
    }


def test_a_company_suffix_before_a_given_name_ends_the_company():
    found = {
        (e.kind, e.name) for e in extract_entities("", "Apple Inc. Steve Jobs spoke on Monday.")
    }
    assert ("person", "Steve Jobs") in found
    assert not any("Jobs" in name for kind, name in found if kind == "organisation")
