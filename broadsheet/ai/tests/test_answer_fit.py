"""A fact of the asked type that answers another question is passed over (``answer_fit``)."""

from __future__ import annotations

from broadsheet.ai import answer_question
from broadsheet.ai.answer_checks import role_owner_missing
from broadsheet.ai.answer_fit import (
    counts_event,
    event_of,
    held_by_other,
    holder,
    is_place,
    kind_of,
    names_kind,
    opens_with_asked,
    tense_fits,
    without_deputies,
)
from broadsheet.ai.answer_types import Span, answer_spans, question_intent
from broadsheet.ai.question_words import described_as_person
from broadsheet.enrichment import Entity

FIRE = (
    "A fire broke out at a hotel in the city centre early on Tuesday. "
    "At least seventeen people died and 35 were rescued, according to officials. "
    "The hotel's website estimated 120 guests were in the building at the time."
)


def test_a_count_of_the_dead_does_not_answer_how_many_were_injured():
    sentence = "The quake destroyed 300 homes, killed one and injured eight people."
    intent = question_intent("How many people were injured?")
    event = event_of("How many people were injured?", intent)
    dead = event_of("How many people died?", question_intent("How many people died?"))
    assert (event, dead) == ("injury", "death")
    eight = Span("eight people", sentence.index("eight"), sentence.index("eight") + 12)
    assert counts_event(event, sentence, eight)
    assert not counts_event(dead, sentence, eight)
    arrested = "More than 1000 people have been arrested since the protests began."
    assert not counts_event(event, arrested, Span("More than 1000 people", 0, 21))
    inside = "An estimated 120 people were in the building at the time."  # no event at all
    assert not counts_event(event, inside, Span("120 people", 13, 23))
    assert counts_event(None, inside, Span("120 people", 13, 23))


def test_the_count_written_with_the_asked_event_answers_it():
    saved = answer_question("How many people were saved?", "Hotel fire", FIRE)
    assert saved.found and saved.short == "35"
    dead = answer_question("How many people died in the fire?", "Hotel fire", FIRE)
    assert dead.found and dead.short == "seventeen people"


def test_a_count_described_on_board_still_counts_the_killed():
    text = "The jet crashed after take-off. The 176 people on board were all killed."
    answer = answer_question("How many people were killed?", "Jet crash", text)
    assert answer.found and "176" in answer.short


def test_a_count_whose_own_words_name_the_asked_event_counts_it():
    question = "How many people were on board the plane?"
    intent = question_intent(question)
    event = event_of(question, intent)
    sentence = "All but one of the sixteen on-board died."
    (span,) = answer_spans(intent, sentence)
    assert span.text == "sixteen on-board" and counts_event(event, sentence, span)
    (dead,) = answer_spans(intent, "Sixteen people died.")
    assert not counts_event(event, "Sixteen people died.", dead)


CONVENTION = (
    "Delegates met in Denver on Monday. "
    "Eight years earlier, at the 1972 Democratic National Convention, Steinem received 400 votes."
)


def test_when_will_is_not_answered_by_a_past_date():
    answer = answer_question("When is the Democratic convention?", "Delegates meet", CONVENTION)
    assert not answer.found
    later = CONVENTION + " The next Democratic convention will be held in August 2024."
    found = answer_question("When is the Democratic convention?", "Delegates meet", later)
    assert found.found and "2024" in found.short


def test_when_was_is_not_answered_by_a_planned_date():
    sentence = "Its successor is scheduled for launch in 2021."
    at = sentence.index("in 2021")
    span = Span("in 2021", at, at + 7)
    assert not tense_fits("When was the telescope launched?", sentence, span)
    assert tense_fits("When will the telescope be launched?", sentence, span)
    told = "The prosecutor told reporters today that an assessment will be carried out."
    at = told.index("today")
    assert not tense_fits("When will he go on trial?", told, Span("today", at, at + 5))
    assert tense_fits("When did he speak?", told, Span("today", at, at + 5))


def _org(name: str) -> Entity:
    return Entity(kind="organisation", name=name, slug=name, aliases=(), country=None, mentions=1)


def test_an_organisation_is_no_place_where_someone_died_but_is_where_someone_worked():
    sentence = "He had worked at IBM before Thames Valley Police found him."
    entities = [_org("IBM"), _org("Thames Valley Police")]
    police = Span("Thames Valley Police", sentence.index("Thames"), len(sentence) - 10)
    ibm = Span("IBM", sentence.index("IBM"), sentence.index("IBM") + 3)
    assert not is_place("Where was he killed?", sentence, police, entities)
    assert is_place("Where did he work?", sentence, ibm, entities)
    hospital = Span("John Radcliffe Hospital", 0, 23)
    assert is_place("Where did he die?", "John Radcliffe Hospital", hospital, [])


def test_a_deputy_does_not_hold_the_role_named_after_the_word():
    assert "Minister" not in without_deputies("Deputy Emergency Situations Minister Ann Lee")
    assert "pilot" not in without_deputies("the co-pilot")
    text = (
        "The search is complete, Deputy Emergencies Minister Alexander Chupriyan said on Monday. "
        "Rescuers worked through the night."
    )
    answer = answer_question("Who is Russia's emergencies minister?", "Rescue ends", text)
    assert not answer.found
    named = text + " Emergencies Minister Yevgeny Zinichev visited the site."
    found = answer_question("Who is Russia's emergencies minister?", "Rescue ends", named)
    assert found.found and found.short == "Yevgeny Zinichev"


def test_a_bank_of_another_country_does_not_answer_for_the_bank_of_england():
    text = (
        "Central banks acted on Friday. "
        "Also on Friday, the Bank of Japan injected 1 trillion yen into the financial system."
    )
    answer = answer_question("How much did the Bank of England inject?", "Banks act", text)
    assert not answer.found
    japan = answer_question("How much did the Bank of Japan inject?", "Banks act", text)
    assert japan.found and "1 trillion" in japan.short


def test_an_age_written_in_words_or_with_now_is_an_age():
    text = "A fire killed five girls, all aged fifteen, at an escape room on Friday."
    girls = answer_question("How old were the girls who died?", "Escape room fire", text)
    assert girls.found and girls.short == "aged fifteen"
    court = "The judge sentenced Ohio man James Fields, now 22, to life in prison."
    fields = answer_question("How old is Fields?", "Fields sentenced", court)
    assert fields.found and fields.short == "now 22"


MAYOR = (
    "Paweł Adamowicz, mayor of the city of Gdańsk, was stabbed on stage last night. "
    "Doctors operated on him for five hours. "
    "Adamowicz, 53, has supported the rights of minorities."
)


def test_the_role_holder_named_once_is_the_role_in_later_sentences():
    answer = answer_question("How old was the mayor?", "Mayor stabbed", MAYOR)
    assert answer.found and answer.short == "53"
    other = answer_question("How old was the other mayor?", "Mayor stabbed", MAYOR)
    assert not other.found


def test_counts_written_as_adjectives_or_as_others_and_counts_of_a_part():
    hall = "The hall dates to 1873, originally a 20-room mansion, and later became a hotel."
    rooms = answer_question("How many rooms did the mansion originally have?", "Hall burns", hall)
    assert rooms.found and rooms.short == "20-room"
    attack = (
        "People had gathered for a march in the city. "
        "The driver killed a woman and injured at least nineteen others."
    )
    hurt = answer_question("How many people were injured?", "Driver sentenced", attack)
    assert hurt.found and hurt.short == "nineteen others"
    dead = "The ministry said six deaths were of children."
    children = answer_question("How many of the dead were children?", "Blast", dead)
    assert children.found and children.short == "six deaths"


def test_dates_after_past_or_for_and_shares_for_how_far_and_sums_in_a_currency():
    won = answer_question(
        "When did he win the title?", "Wrestler dies", "This past August, he won the title."
    )
    assert won.found and "August" in won.short
    trial = answer_question(
        "When is the trial?", "Man charged", "His trial has been scheduled for November."
    )
    assert trial.found and "November" in trial.short
    fell = "Before the suspension, the RTS exchange fell by 6.39 percent in two hours."
    far = answer_question("How far did the RTS fall?", "Markets fall", fell)
    assert far.found and far.short == "6.39 percent"
    fund = "She had a trust fund worth US$5 million that she shared with a half-sister."
    worth = answer_question("How much was her trust fund worth?", "Heiress dies", fund)
    assert worth.found and worth.short == "US$5 million"


def test_an_illness_is_asked_for_by_what_illness():
    from broadsheet.ai.answer_types import answer_spans

    intent = question_intent("What illness did she have?")
    assert (intent.kind, intent.unit) == ("cause", "illness")
    text = "She had been ill for months and was missing from Capitol Hill in September."
    assert not answer_question("What illness did she have?", "Lawmaker dies", text).found
    spans = answer_spans(intent, "She had advanced stomach cancer.")
    assert [s.text for s in spans] == ["advanced stomach cancer"]


def test_a_story_sentence_is_about_its_headline_and_not_about_another_model():
    from broadsheet.ai import StoryArticle, answer_story_question
    from broadsheet.ai.answer_fit import same_subject

    articles = [
        StoryArticle(
            "a1", "Air Daily", "Airbus shows the A380 to its guests",
            "Airbus showed its new aircraft in Toulouse. The event was attended by 5,000 people.",
        ),
        StoryArticle(
            "a2", "Jet News", "Boeing unveils new 787 Dreamliner",
            "The 787 is built from composites. The event was attended by 15,000 people.",
        ),
    ]  # fmt: skip
    answer = answer_story_question("How many people attended the 787's unveiling?", articles)
    assert answer.found and answer.short == "15,000 people"
    assert answer.citations[0].article == "a2" and answer.citations[0].label == "Jet News"
    sentence = "The 787 differs from Airbus, whose A380 first flew in April 2005."
    at = sentence.index("in April")
    assert not same_subject(
        "When did the 787 first fly?", sentence, Span("in April 2005", at, at + 13)
    )
    assert same_subject(
        "When did the A380 first fly?", sentence, Span("in April 2005", at, at + 13)
    )


def test_a_noun_of_the_asked_act_names_no_doer_unless_of_a_name():
    leak = (
        "Zelensky declined Prime Minister Oleksiy Honcharuk's offer to resign after the leak"
        " of an audio recording. The recording was posted online."
    )
    assert not answer_question("Who leaked the recording?", "Offer declined", leak).found
    order = (
        "Trading was halted on Tuesday. The suspension of trading took place due to an order"
        " of the Federal Service for the Financial Markets."
    )
    found = answer_question("Who ordered the suspension of trading?", "Trading halted", order)
    assert found.found and "Federal Service" in found.short


def test_a_code_is_no_place():
    sentence = "He succumbed to a lung disorder, unrelated to COVID-19, at a clinic."
    at = sentence.index("COVID-19")
    assert not is_place("Where did he die?", sentence, Span("COVID-19", at, at + 8), [])


def test_a_noun_after_of_names_no_doer():
    text = (
        "Doctors reported no traces of poison in his blood before he was airlifted by the"
        " Cinema for Peace Foundation."
    )
    assert not answer_question("Who poisoned him?", "Activist flown out", text).found


OBITUARY = (
    "Early yesterday morning, Representative Alan Marsh died while in hospice care. "
    "Politicians from across the political spectrum mourned Marsh's death. "
    "His office said he died at a hospice in the city. "
    "Marsh, the chairman of the budget committee, was 71. "
    "His wife, Ruth Marsh, is a former state senator."
)


def test_the_age_stated_of_the_person_asked_of_answers_how_old_when():
    answer = answer_question("How old was Marsh when he died?", "Alan Marsh dies", OBITUARY)
    assert answer.found and answer.short == "was 71"
    assert "chairman" in answer.answer


def test_a_verb_of_the_question_is_no_role_but_another_person_s_age_is_not_theirs():
    assert not answer_question("How old is Marsh's wife?", "Alan Marsh dies", OBITUARY).found
    assert not opens_with_asked("How old was Ruth?", [("Ruth",)], OBITUARY.split(". ")[3])


def test_a_name_described_by_a_role_is_a_person_whatever_the_entity_list_says():
    text = (
        "The carmaker Kestrel said it would close 300 of its dealerships this year. "
        '"This is a difficult day for us," said Tom Press, the Vice Chairman of Kestrel.'
    )
    press = [_org("Tom Press")]
    answer = answer_question(
        "Who is Kestrel's vice chairman?", "Kestrel cuts", text, entities=press
    )
    assert answer.found and answer.short == "Tom Press"
    assert not described_as_person("Kestrel, the employer of 200 workers, said", len("Kestrel"))
    said = "According to the agency ANSA, the prosecutor of Rome, Ada Neri, said it"
    assert not described_as_person(said, len("According to the agency ANSA"))


def test_a_figure_with_a_bearing_is_a_distance_and_a_price_holds_no_count():
    quake = (
        "A magnitude 5.2 earthquake struck the south of the island on Wednesday. "
        "The survey placed the epicentre of the quake about eight kilometers (five miles)"
        " southwest of Lares."
    )
    assert not answer_question("How deep was the quake?", "Quake", quake).found
    far = answer_question("How far from Lares was the epicentre?", "Quake", quake)
    assert far.found and "kilometers" in (far.short or "")
    shop = "Songs are sold for £0.79 each and albums for £7.99 in the online store."
    assert not answer_question("How many albums has the store sold?", "Prices cut", shop).found


def test_an_age_in_a_description_after_the_named_person_is_theirs():
    text = (
        "On Wednesday, the magazine named the climate activist Greta Lund its person of the year. "
        "The sixteen-year-old Swede is the youngest to receive the award."
    )
    answer = answer_question("How old is Lund?", "Lund named person of the year", text)
    assert answer.found and answer.short == "sixteen-year-old"


def test_a_count_named_by_another_noun_for_the_same_things():
    """A count of shops is one of "stores", of people one of "attendees"; not of "engineers"."""
    shops = question_intent("How many shops does the chain run?")
    assert [s.text for s in answer_spans(shops, "It has 109 retail stores.")] == [
        "109 retail stores"
    ]
    assert not answer_spans(shops, "It has 500 engineers at the event.")
    people = question_intent("How many people came to the conference?")
    spans = answer_spans(people, "He announced that there were 3,800 attendees.")
    assert [s.text for s in spans] == ["3,800 attendees"]
    assert not answer_spans(people, "The hall has 3,800 seats.")


BROTHERS = (
    "Martin Hale was the brother of Senator Peter Hale, who had himself been shot dead in 1971. "
    "Martin was killed in May 1980, while campaigning in Ohio."
)


def _span(sentence: str, text: str) -> Span:
    start = sentence.index(text)
    return Span(text, start, start + len(text))


def test_a_fact_in_a_clause_about_another_name_is_that_name_s():
    first = BROTHERS.split(". ")[0]
    assert holder(first, _span(first, "1971")) == "Senator Peter Hale"
    asked = question_intent("When was Martin Hale killed?")
    assert held_by_other([("martin", "hale")], asked, first, _span(first, "1971"))
    assert not held_by_other([("hale",)], asked, first, _span(first, "1971"))
    assert not held_by_other([("peter", "hale")], asked, first, _span(first, "1971"))
    answer = answer_question("When was Martin Hale killed?", "The Hale brothers", BROTHERS)
    assert answer.found and answer.short is not None and "May 1980" in answer.short
    alone = answer_question("When was Martin Hale killed?", "The Hale brothers", FIRST)
    assert not alone.found


FIRST = BROTHERS.split(". ")[0] + ". Martin Hale lived in Ohio for most of his life."


def test_an_apposition_closes_with_a_comma_and_a_clause_after_a_day_names_no_holder():
    described = "Dana Reyes, a 45-year-old pilot, flew the plane, and Lee Cho flew with her."
    assert holder(described, _span(described, "45-year-old")) == "Dana Reyes"
    fronted = "At the New York Stock Exchange, the shares of the company rose by 5 percent."
    assert holder(fronted, _span(fronted, "5 percent")) is None
    dated = "The plant shut on Monday, which cost the firm $5 million in sales."
    assert holder(dated, _span(dated, "$5 million")) is None


def test_what_kind_of_x_is_answered_by_a_name_said_of_the_x_not_by_a_place():
    noun = kind_of("What type of plane crashed?")
    assert noun is not None and noun == kind_of("What kind of aircraft was it?")
    for sentence, fact in [
        ("Officials said the plane, a Cessna 172, had left Reno.", "Cessna 172"),
        ("The aircraft was a Cessna 172.", "Cessna"),
        ("The Cessna 172 jet came down at noon.", "Cessna 172"),
    ]:
        assert names_kind(sentence, _span(sentence, fact), noun), sentence
    placed = "On Sunday a small plane in Nevada, United States crashed after take-off."
    assert not names_kind(placed, _span(placed, "United States"), noun)
    text = (
        f"{placed} Two people died when it crashed. The pilot had crashed once before, in 2015."
        " Officials said the plane, a Cessna 172, had left Reno an hour earlier."
    )
    answer = answer_question("What type of plane crashed?", "Plane crash", text)
    assert answer.found and answer.short is not None and "Cessna" in answer.short


def test_a_people_s_adjective_says_whose_x_not_which_kind():
    noun = kind_of("What type of plane was shot down?")
    assert noun is not None
    sentence = "Iran shot down a Ukrainian passenger jet on Wednesday."
    assert not names_kind(sentence, _span(sentence, "Ukrainian"), noun)
    text = f"{sentence} All 176 people on board died."
    assert not answer_question("What type of plane was shot down?", "Jet", text).found


def test_a_role_of_a_named_owner_is_not_answered_by_another_owner_s_holder():
    text = (
        "Northwind Foods chief executive Maria Lind opened the trade fair on Monday. "
        "Its stand showed new ovens supplied by Kestrel, a maker of kitchen machines."
    )
    question = "Who is the chief executive of Kestrel?"
    assert role_owner_missing(question, "Trade fair opens", text.split(". ")[0])
    assert not role_owner_missing(question, "Kestrel at the fair", text.split(". ")[0])
    assert not role_owner_missing("Who is NF's chief executive?", "", text.split(". ")[0])
    assert not answer_question(question, "Trade fair opens", text).found
    assert answer_question("Who is the chief executive of Northwind Foods?", "Fair", text).found
