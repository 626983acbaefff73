"""Headlines checked against their bodies: garbled grammar, missing names and numbers, negation."""

from __future__ import annotations

from broadsheet.ai import check_headline

MALI_BODY = (
    "An al-Qaeda linked group has claimed responsibility for an attack on a military camp in "
    "central Mali on Sunday. More than 30 soldiers were killed, the army said."
)


def test_mali_garbled_headline_is_flagged_with_a_reason():
    check = check_headline(
        "Mali Attack on military: Al-Qaeda linked group in takes responsibility", MALI_BODY
    )
    assert not check.ok
    assert any("'in takes'" in reason for reason in check.reasons)


def test_correct_headline_passes():
    check = check_headline("Al-Qaeda linked group claims attack on Mali military camp", MALI_BODY)
    assert check.ok
    assert check.reasons == ()


def test_publisher_headline_from_the_demo_corpus_passes(airbus):
    assert check_headline(airbus["title"], airbus["text"]).ok


def test_duplicated_word_is_flagged():
    check = check_headline("Army says says 30 soldiers killed in Mali", MALI_BODY)
    assert check.reasons == ("garbled: the word 'says' is repeated",)


def test_dangling_function_word_is_flagged():
    assert not check_headline("Soldiers killed in attack on camp in Mali the", MALI_BODY).ok


def test_number_missing_from_body_is_flagged():
    check = check_headline("45 soldiers killed in Mali camp attack", MALI_BODY)
    assert check.reasons == ("the number '45' does not appear in the article",)


def test_bounded_number_supported_by_a_nearby_count_passes():
    assert check_headline("Over 30 soldiers killed in Mali camp attack", MALI_BODY).ok


def test_name_missing_from_body_is_flagged():
    check = check_headline("Attack on military camp in Niger kills soldiers", MALI_BODY)
    assert check.reasons == ("'Niger' is not mentioned in the article",)


def test_negation_the_body_does_not_share_is_flagged():
    body = "The former minister pleaded guilty to fraud on Tuesday at the High Court."
    check = check_headline("Former minister pleads not guilty to fraud", body)
    assert not check.ok
    assert "not" in check.reasons[0]


def test_profits_over_a_text_about_losses_is_a_contradiction():
    body = "The bank reported losses of US$2.2 billion for the quarter, its first since 2008."
    check = check_headline("Bank reports profits of US$2.2 billion", body)
    assert not check.ok and any("losses" in r for r in check.reasons)
    assert check_headline("Bank reports losses of US$2.2 billion", body).ok
    # A body that speaks of both is no contradiction.
    both = body + " Profits at its trading arm rose."
    assert check_headline("Bank reports profits at its trading arm", both).ok
