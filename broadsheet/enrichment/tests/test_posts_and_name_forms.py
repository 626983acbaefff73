"""Issue 17: posts are not organisations, name forms (post-nominals, regnal numbers, inner
names, nationality adjectives), lone capital pairs, documents, and French/Spanish topics."""

from __future__ import annotations

from broadsheet.enrichment import classify_topics, extract_entities


def _found(text: str, language: str = "en") -> set[tuple[str, str]]:
    return {(e.kind, e.name) for e in extract_entities("", text, language=language)}


def test_a_post_before_of_is_no_organisation_or_place():
    found = _found(
        "Fritz Henderson, the Chief Executive Officer of General Motors, spoke on Monday. "
        "Later she ran for District Attorney of San Bernardino County in California."
    )
    assert ("organisation", "General Motors") in found
    assert ("place", "San Bernardino County") in found
    assert not any("Officer" in name or "Attorney" in name for _, name in found)


def test_post_nominals_are_cut_and_regnal_numbers_kept():
    found = _found("Judge Durham Hall QC said the pair were guilty. Queen Elizabeth II wrote.")
    assert ("person", "Durham Hall") in found
    assert not any("QC" in name for _, name in found)
    assert any(kind == "person" and name.endswith("Elizabeth II") for kind, name in found)
    assert ("person", "Mohammed VI") in _found("Le roi Mohammed VI a parlé à Rabat.", "fr")


def test_a_country_adjective_before_embassy_is_no_organisation():
    found = _found("Many guests were pilgrims; the Myanma embassy confirmed two deaths.")
    assert not any("Myanma" in name for _, name in found)


def test_a_lone_capital_pair_needs_evidence():
    once = _found("The album came out on CD last week, and sales were strong in Ohio.")
    assert not any(name == "CD" for _, name in once)
    said = _found("Officials spoke on Monday. RT said the talks had failed.")
    assert ("organisation", "RT") in said


def test_two_organisations_joined_by_and_stay_two():
    found = _found("Researchers at the University of Bristol and UC Davis watched the flies.")
    assert {("organisation", "University of Bristol"), ("organisation", "UC Davis")} <= found


def test_a_document_is_no_organisation():
    found = _found("The judge cited the United States Constitution in her ruling.")
    assert not any(kind == "organisation" and "Constitution" in n for kind, n in found)


def test_french_title_with_full_stop_and_spanish_names():
    fr = extract_entities(
        "", "Le Premier ministre Justin Trudeau est arrivé. M. Trudeau a parlé.", language="fr"
    )
    assert [e.name for e in fr if e.kind == "person"] == ["Justin Trudeau"]
    es = _found(
        "Luiz Inácio Lula da Silva ganó el domingo. Lula celebró la victoria. "
        "La Cruz Roja Mexicana atendió a los heridos.",
        "es",
    )
    assert ("person", "Luiz Inácio Lula da Silva") in es
    assert ("organisation", "Cruz Roja Mexicana") in es
    assert not any(name == "Lula" for _, name in es)
    city = extract_entities("", "En Ciudad de México sonó la alerta sísmica.", language="es")
    assert [(e.kind, e.name, e.country) for e in city] == [("place", "Ciudad de México", "MX")]


def test_french_and_spanish_business_and_disaster_texts_get_topics():
    empleo = (
        "La empresa anunció el despido de 1.200 trabajadores. Los sindicatos convocaron "
        "una huelga en la fábrica y las acciones cayeron en bolsa."
    )
    assert classify_topics("Recorte de empleo", empleo)[0].slug == "business"
    seisme = (
        "Un tremblement de terre de magnitude 6,1 a secoué la région. Les pompiers ont "
        "évacué des centaines d'habitants et plusieurs blessés ont été recensés."
    )
    assert classify_topics("Forte secousse", seisme)[0].slug == "disasters"


def test_french_elided_articles_and_lowercase_adjectives_of_institutions():
    found = _found(
        "Le ministre s'est rendu à l'Assemblée nationale avant un sommet de l'OTAN. "
        "La Commission européenne a répondu.",
        "fr",
    )
    assert ("organisation", "Assemblée nationale") in found
    assert ("organisation", "OTAN") in found
    assert ("organisation", "Commission européenne") in found
    sierra = _found("El fuego empezó en la sierra de Bejís el martes.", "es")
    assert ("place", "Bejís") in sierra


def test_post_nominal_between_commas_and_a_family_plural_are_no_organisations():
    found = _found(
        "Tom Molomby, SC, said the parents had been careful. The rally was in Charleston, SC. "
        "Given her illness, the Sams continued to refuse treatment. Manju Sam and Thomas Sam "
        "were jailed."
    )
    assert ("person", "Tom Molomby") in found
    assert ("place", "Charleston") in found
    assert not any(name in ("SC", "Sams") for _, name in found)
