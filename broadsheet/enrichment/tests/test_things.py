"""Names of things (indices, products, events, works) are no person, organisation or place."""

from broadsheet.enrichment import extract_entities


def _names(text, title=""):
    return {e.name: e.kind for e in extract_entities(title, text)}


def test_stock_indices_however_qualified_are_no_organisations():
    text = (
        "The German DAX index gained 71 points, while the French CAC 40 rose. Japan's Nikkei "
        "fell. Other indices, such as the Nasdaq and the S&P 500, dipped. The British stock "
        "index FTSE 100 closed higher. Standard & Poor's cut Greece's rating."
    )
    names = _names(text)
    assert not {"DAX", "German DAX", "CAC", "Nikkei", "Nasdaq", "FTSE 100"} & set(names)
    assert names.get("Standard & Poor's") == "organisation"  # the agency, not its index
    assert names.get("Greece") == "place"


def test_a_name_before_an_event_award_or_model_noun_is_a_thing():
    text = (
        "A memorial was held as part of a Blessing of the Bikes ceremony. She was a two-time "
        "Artist of Stardom champion. GM would keep building the Aura sedan; the Aura sold well. "
        "On the Saffir–Simpson scale it was a category 5. Toyota said its car sold well."
    )
    names = _names(text)
    assert not {"Blessing of the Bikes", "Artist of Stardom", "Aura", "Saffir"} & set(names)
    assert names.get("Toyota") == "organisation"


def test_a_work_is_dropped_in_every_mention_and_a_product_names_its_maker():
    text = (
        "ABC aired Black Panther on Sunday. He starred in the film Black Panther in 2018. "
        "AppleInsider saw a device similar to Apple's Airport Express. The iTunes Music Store "
        "sells films. Mac OS X Leopard ships next year."
    )
    names = _names(text)
    assert "Black Panther" not in names
    assert not {"Apple's Airport Express", "Airport Express", "Music Store"} & set(names)
    assert not [n for n in names if "OS" in n.split()]
    assert names.get("Apple") == "organisation"


def test_a_titled_person_of_a_place_is_the_person_without_the_title():
    text = "Delegates went to Senator Amy Klobuchar of Minnesota. Klobuchar thanked them."
    people = [e for e in extract_entities("", text) if e.kind == "person"]
    assert [p.slug for p in people] == ["person-amy-klobuchar"]


def test_an_interview_speaker_tag_starts_a_sentence():
    text = (
        "((WN)) Do you play online?\n\n((Dorsa Derakhshani)) My dad is a doctor. "
        "((WN)) And your mother? As a player, do you travel?"
    )
    names = _names(text)
    assert not {"Do", "My", "And", "As"} & set(names)


def test_a_countrys_party_is_the_party():
    text = "The United States Democratic Party held primaries. The Democratic Party won."
    parties = [e.slug for e in extract_entities("", text) if e.kind == "organisation"]
    assert parties == ["org-democratic-party"]


def test_x_and_y_before_a_plural_cue_are_two_names():
    text = "GM is seeking to sell the Hummer and Saab Automobile vehicle brands."
    names = _names(text)
    assert "Hummer and Saab Automobile" not in names
    assert names.get("Saab Automobile") == "organisation"


def test_a_title_case_title_is_no_organisation_but_a_name_with_to_is_kept():
    text = (
        'He played James Brown in Get On Up and Thurgood Marshall in Marshall. ABC aired "A '
        'Tribute For a King" on Sunday. Democrat James To said he would stand.'
    )
    names = _names(text)
    assert not {"Get On Up", "Tribute For"} & set(names)
    assert names.get("Thurgood Marshall") == "person"
    assert "James To" in names  # typed an organisation, as before: "To" is no surname to it
