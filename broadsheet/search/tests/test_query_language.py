"""The query language: "exact phrases", prefix*, -excluded words, operators as plain words."""

from broadsheet.search.tests.conftest import found_ids


def test_phrase_query_needs_the_words_adjacent_and_in_order(publish, search):
    phrase = publish("Storm closes the harbour bridge", "Traffic diverted.")
    publish("Bridge works near the harbour", "Traffic diverted.")
    assert found_ids(search('"harbour bridge"')) == [phrase.pk]


def test_unbalanced_quote_makes_a_phrase_to_the_end(publish, search):
    phrase = publish("Storm closes the harbour bridge", "Traffic diverted.")
    publish("Bridge works near the harbour", "Traffic diverted.")
    assert found_ids(search('"harbour bridge')) == [phrase.pk]


def test_prefix_query_matches_words_that_start_with_it(publish, search):
    ferries = publish("Ferries cancelled", "Wind.")
    ferryman = publish("A ferryman retires", "After forty years.")
    publish("Fire station opens", "New engines.")
    assert set(found_ids(search("ferr*"))) == {ferries.pk, ferryman.pk}


def test_short_prefix_is_searched_as_a_whole_word(publish, search):
    publish("Ferries cancelled", "Wind.")
    word = publish("Fe prices", "Iron ore, symbol Fe.")
    assert found_ids(search("fe*")) == [word.pk]


def test_excluded_word_removes_articles_that_contain_it(publish, search):
    kept = publish("Ferry resumes", "Boats are running.")
    publish("Ferry strike", "Crews walk out.")
    assert found_ids(search("ferry -strike")) == [kept.pk]


def test_excluded_phrase_removes_only_the_phrase(publish, search):
    kept = publish("Ferry strike talks", "Crews and owners meet.")
    publish("Ferry crews strike", "Crews walk out.")
    assert found_ids(search('ferry -"crews strike"')) == [kept.pk]


def test_a_query_of_only_excluded_words_finds_nothing(publish, search):
    publish("Ferry resumes", "Boats are running.")
    assert search("-strike").hits == []


def test_boolean_operators_are_plain_words(publish, search):
    both = publish("Ferry OR bus", "Choose one.")
    publish("Ferry only", "No bus here? No, a bus.")
    publish("Bus only", "No boats.")
    results = search("ferry OR bus")
    assert found_ids(results) == [both.pk]


def test_hyphenated_word_is_searched_as_a_phrase(publish, search):
    article = publish("Harbour e-mail leak", "Staff warned.")
    publish("Mail strike", "E is for empty.")
    assert found_ids(search("e-mail")) == [article.pk]
