"""A long name and its acronym in the same article are one entity."""

from broadsheet.enrichment import extract_entities


def _by_slug(entities):
    return {e.slug: e for e in entities}


def test_acronym_in_brackets_is_merged_with_its_long_form():
    text = (
        "The group Jama'a Nusrat ul-Islam wa al-Muslimin (JNIM) said it carried out the attack. "
        "Officials said JNIM had grown stronger in the region. A JNIM spokesman denied it."
    )
    entities = _by_slug(extract_entities("Attack on army base", text))
    jnim = entities["org-jnim"]
    assert jnim.kind == "organisation"
    assert jnim.name == "Jama'a Nusrat ul-Islam wa al-Muslimin"
    assert "JNIM" in jnim.aliases
    assert jnim.mentions == 3
    assert not [e for e in entities.values() if e.name == "JNIM"]


def test_acronym_without_brackets_is_matched_by_initials():
    text = (
        "General Motors said on Monday that sales fell. "
        "Analysts expect GM to cut jobs, and GM shares fell 3%."
    )
    entities = extract_entities("", text)
    gm = [e for e in entities if e.kind == "organisation"]
    assert len(gm) == 1
    assert gm[0].name == "General Motors" and "GM" in gm[0].aliases


def test_the_dow_in_any_of_its_names_is_an_index_and_a_product_is_no_organisation():
    text = (
        "The Dow Jones Industrial Average fell 200 points. The Dow later recovered, and the "
        "United States Dow Jones Industrial Average closed flat. Boeing said its Dreamliner "
        "would fly. The Dreamliner uses composites."
    )
    slugs = {e.slug for e in extract_entities("Markets", text)}
    assert not [s for s in slugs if "dow" in s or "djia" in s]
    assert "org-boeing" in slugs
    assert "org-dreamliner" not in slugs


def test_a_bare_house_in_an_american_story_is_the_house_of_representatives():
    text = (
        "The United States House of Representatives met on Tuesday. Nancy Pelosi said the "
        "House would vote on the budget before the Senate does."
    )
    houses = [e for e in extract_entities("", text) if "House" in e.name]
    assert [e.slug for e in houses] == ["org-united-states-house-of-representatives"]
    alone = "Lawmakers in the House voted 220 to 192, and Congress then broke for a week."
    assert "United States House of Representatives" in {e.name for e in extract_entities("", alone)}
    british = "Members of the House rose at ten, and MPs in London went home."
    assert "House" in {e.name for e in extract_entities("", british)}
