"""French and Spanish articles get entities and topics too (simplemma's dictionaries
tell ordinary words from names; a few function words, titles and country names per language)."""

from __future__ import annotations

from broadsheet.enrichment import classify_topics, extract_entities

FRENCH = (
    "Le président français Emmanuel Macron a rencontré lundi à Paris la chancelière "
    "allemande Angela Merkel. Selon les deux dirigeants, la situation en Ukraine reste "
    "grave. Macron doit ensuite se rendre à Bruxelles puis en Espagne mercredi."
)
SPANISH = (
    "El Gobierno de España convocó elecciones generales para noviembre. El presidente "
    "Pedro Sánchez anunció la votación tras el fracaso de las negociaciones en el "
    "Congreso. Sánchez viajó después a Buenos Aires, donde habló del comercio entre "
    "España y Argentina."
)


def _found(title: str, text: str, language: str) -> set[tuple[str, str]]:
    return {(e.kind, e.slug) for e in extract_entities(title, text, language=language)}


def test_french_article_names_people_and_places():
    found = _found("Macron reçoit Merkel à Paris", FRENCH, "fr")
    assert {
        ("person", "person-emmanuel-macron"),
        ("person", "person-angela-merkel"),
        ("place", "place-fr-paris"),
        ("place", "place-ua"),
        ("place", "place-es"),  # "Espagne"
    } <= found
    assert not any(slug.endswith(("-le", "-la", "-selon", "-lundi")) for _, slug in found)


def test_spanish_article_names_people_and_places_and_keeps_y_apart():
    found = _found("Elecciones en España", SPANISH, "es")
    assert {
        ("person", "person-pedro-sanchez"),
        ("place", "place-es"),
        ("place", "place-ar"),
    } <= found
    assert ("place", "place-ar-buenos-aires") in found
    assert not any("-y-" in slug for _, slug in found)  # "España y Argentina" is two places


def test_french_and_spanish_articles_get_topics():
    fire = (
        "Un incendie a ravagé un immeuble à Paris dans la nuit de lundi. Selon les pompiers, "
        "trois personnes sont mortes et dix ont été blessées. Les secours ont évacué une "
        "centaine d'habitants."
    )
    assert classify_topics("Incendie à Paris", fire)[0].slug == "disasters"
    assert classify_topics("Elecciones en España", SPANISH)[0].slug == "politics"


def test_other_languages_still_get_no_entities():
    assert (
        extract_entities(
            "Merkel trifft Macron", "Angela Merkel trifft Emmanuel Macron.", language="de"
        )
        == []
    )
