"""Questions answered from the article, or "the article does not say"."""

from __future__ import annotations

from broadsheet.ai import answer_question
from broadsheet.ai.answer_types import Intent, answer_spans, question_intent
from broadsheet.ai.answers import question_type
from broadsheet.enrichment import Entity


def test_answer_found_with_citation(airbus):
    answer = answer_question(
        "How many confirmed orders has the A380 received?", airbus["title"], airbus["text"]
    )
    assert answer.found
    assert "149" in answer.answer
    (citation,) = answer.citations
    assert citation.text == answer.answer
    assert citation.sentence == 4


def test_who_question_is_answered_by_a_sentence_naming_a_person(airbus):
    answer = answer_question(
        "Who is the chief executive of Airbus?", airbus["title"], airbus["text"]
    )
    assert answer.found and "Noel Forgeard" in answer.answer


def test_unanswerable_question_returns_found_false(airbus):
    answer = answer_question("How much does one A380 cost?", airbus["title"], airbus["text"])
    assert not answer.found
    assert answer.answer is None
    assert answer.citations == ()


def test_question_about_something_the_article_never_mentions_is_not_found(airbus):
    answer = answer_question("Who won the football match?", airbus["title"], airbus["text"])
    assert not answer.found


def test_question_type_reads_the_question_opening():
    assert question_type("Who leaked the recording?") == "who"
    assert question_type("When did the plane land?") == "when"
    assert question_type("How many people died?") == "number"
    assert question_type("Where was he born?") == "where"
    assert question_type("Why did it crash?") == "why"
    assert question_type("What car caught fire?") == "other"


TRAIN = (
    "An all-women crew ran the express train from Mysore to Bangalore on Saturday. "
    "Asha Rao was the loco pilot of the train. "
    "Her co-pilot was 22-year-old Meena Das. "
    "The train left Mysore at 11:30 am and covered 139 km. "
    "Only 10% of the division's employees are women, about 650 people."
)


def test_answer_is_the_short_fact_with_its_sentence():
    answer = answer_question("When did the train leave?", "Women run a train", TRAIN)
    assert answer.found and answer.short == "11:30 am"
    assert answer.short in answer.answer and answer.citations[0].sentence == 3
    who = answer_question("Who was the co-pilot?", "Women run a train", TRAIN)
    assert who.found and who.short == "Meena Das"


def test_age_of_someone_else_is_not_an_answer():
    # The text gives the co-pilot's age, never the pilot's.
    answer = answer_question("How old is the loco pilot?", "Women run a train", TRAIN)
    assert not answer.found


def test_a_count_of_something_else_is_not_an_answer():
    answer = answer_question("How many passengers were on board?", "Women run a train", TRAIN)
    assert not answer.found
    staff = answer_question(
        "How many people in the division are women?", "Women run a train", TRAIN
    )
    assert staff.found and staff.short == "about 650 people"


def test_which_noun_sets_the_answer_type():
    assert question_intent("Which court heard the case?").kind == "org"
    assert question_intent("In which city was it held?").kind == "place"
    assert question_intent("What year did it open?").kind == "date"
    assert question_intent("How many firefighters came?") == Intent("number", unit="firefight")
    assert question_intent("Who is Peter Smith?").kind == "describe"


def test_bad_questions_are_refused(airbus):
    for question in ("", "   ", "x" * 10_000, "<b>" * 200, "¿Cuántos pedidos tiene el A380?"):
        answer = answer_question(question, airbus["title"], airbus["text"])
        assert not answer.found
    assert not answer_question("Who said it?", "Empty", "").found


def test_a_story_question_about_one_aircraft_is_not_answered_from_another():
    from broadsheet.ai import StoryArticle, answer_story_question

    articles = [
        StoryArticle(
            "a1", "Air Daily", "Airbus A380 flies",
            "The Airbus A380 first flew on 27 April 2005 from Toulouse. "
            "The A380 carried a crew of six on the first flight.",
        ),
        StoryArticle(
            "a2", "Jet News", "Boeing rolls out the 787",
            "Boeing rolled out the 787 Dreamliner in July 2007. "
            "The 787 is built largely from composite materials.",
        ),
    ]  # fmt: skip
    answer = answer_story_question("When did the 787 first fly?", articles)
    assert not answer.found or answer.citations[0].article == "a2"
    a380 = answer_story_question("When did the A380 first fly?", articles)
    assert a380.found and a380.short == "27 April 2005" and a380.citations[0].label == "Air Daily"


CRASH = (
    "A cargo plane crashed into houses in Karaj yesterday. "
    "The army said the plane was bringing meat from Bishkek. "
    "Fars News said the crash involved pilot error. "
    "The lone survivor, a 41-year-old flight engineer, was taken to hospital. "
    "Iranian officials opened an inquiry on Monday."
)


def test_paraphrases_and_word_forms_meet():
    from broadsheet.ai.answer_types import lemma_stem
    from broadsheet.ai.paraphrase import canonical, related

    assert canonical(lemma_stem("carrying")) == canonical(lemma_stem("bringing"))
    assert canonical(lemma_stem("purchase")) == canonical(lemma_stem("bought"))
    assert canonical(lemma_stem("spokesperson")) == canonical(lemma_stem("speak"))
    assert canonical(lemma_stem("delivered")) == canonical(lemma_stem("receive"))
    assert canonical(lemma_stem("widow")) == canonical(lemma_stem("wife"))
    assert related("iran", "iranian") and not related("pilot", "pillow")
    answer = answer_question("When did Iran open an inquiry?", "Crash", CRASH)
    assert answer.found and answer.citations[0].sentence == 4 and answer.short == "on Monday"


BLAZE = (
    "Crews were called to the old mill at 09:10 local time. "
    "A fire broke out on Friday morning in the mill's east wing. "
    "The owner was sentenced to two years in prison in 2015 for fraud."
)


def test_phrasal_verbs_and_event_words_meet_the_question():
    # "break out" is "start"; a sentence (of a court) is prison, whatever the tense.
    answer = answer_question("When did the fire start?", "Mill fire", BLAZE)
    assert answer.found and answer.citations[0].sentence == 1 and answer.short == "on Friday"
    answer = answer_question("How long was the owner jailed for?", "Mill fire", BLAZE)
    assert answer.found and answer.citations[0].sentence == 2
    text = "The Nano replaces the iPod Mini in the range. It costs US$199."
    answer = answer_question("Which player does the Nano take the place of?", "Nano", text)
    assert answer.found and answer.citations[0].sentence == 0


def test_the_role_asked_about_must_be_the_one_in_the_sentence():
    # The engineer's age is given, the pilot's is not; no sentence names the pilot.
    assert not answer_question("How old was the pilot?", "Crash", CRASH).found
    assert not answer_question("What was the pilot's name?", "Crash", CRASH).found
    engineer = answer_question("How old was the flight engineer?", "Crash", CRASH)
    assert engineer.found and engineer.short == "41-year-old"


def test_a_who_question_needs_its_verb_and_a_cost_needs_a_currency():
    assert not answer_question("Who leaked the report?", "Crash", CRASH).found
    assert not answer_question("How much did the meat cost?", "Crash", CRASH).found
    assert question_intent("What is the name of PG&E's CEO?").kind == "person"
    assert question_intent("How much did the stock fall?") == Intent("percent")
    assert question_intent("How much did the firm earn?") == Intent("money", strict=True)
    assert question_intent("How much does it cost?") == Intent("money", strict=True)


def test_a_name_asked_of_something_is_in_a_sentence_about_it():
    text = "A ship sank off Crete on Monday. Captain Ali Demir said the crew was rescued."
    assert not answer_question("What was the ship's name?", "Sinking", text).found
    captain = answer_question("What is the name of the captain?", "Sinking", text)
    assert captain.found and captain.short == "Ali Demir"


def test_which_thing_is_answered_with_its_name():
    text = (
        "Harry Dunn, 19, was struck by a Volvo XC90 on the wrong side of the road. "
        "The song bought on stage was Le Freak by Chic."
    )
    car = answer_question("What car hit the motorcyclist Harry Dunn?", "Crash", text)
    assert car.found and car.short == "Volvo XC90"
    assert question_intent("What kind of aircraft crashed?").kind == "thing"
    assert question_intent("What was the plane carrying?").kind == "other"


def test_short_answers_skip_names_codes_and_vague_counts_the_question_gives():
    text = (
        "In 2008 Sarah Palin was chosen by John McCain as his running mate. "
        "China agreed to buy 60 Boeing 787 Dreamliner aircraft. "
        "An estimated two to three hundred vehicles were damaged, hundreds of them badly."
    )
    mate = answer_question("Who was McCain's running mate in 2008?", "Picks", text)
    assert mate.found and mate.short == "Sarah Palin"
    jets = answer_question("How many Dreamliners did China agree to buy?", "Deals", text)
    assert jets.found and jets.short == "60"
    cars = answer_question("How many vehicles were damaged?", "Fire", text)
    assert cars.found and cars.short == "two to three hundred vehicles"


def test_a_sentence_about_another_party_or_court_does_not_answer():
    text = (
        "Justin Trudeau heads the Liberal Party. The Conservatives won 121 seats. "
        "On Friday, a federal judge in Texas ruled on the case. "
        "The palace put the artwork's value at five to six million US dollars."
    )
    assert not answer_question("Who leads the Conservative Party?", "Vote", text).found
    liberal = answer_question("Who leads the Liberal Party?", "Vote", text)
    assert liberal.found and liberal.short == "Justin Trudeau"
    assert not answer_question("Which judge ruled on the case?", "Vote", text).found
    worth = answer_question("How much is the artwork worth?", "Vote", text)
    assert worth.found and worth.short == "five to six million US dollars"


def test_how_much_a_price_moved_is_a_share_and_a_level_is_no_duration():
    text = (
        "Citigroup fell 13.8% to US$2.51 a share. "
        "The index closed at its lowest level in over six years, at 7,465.95."
    )
    assert answer_question("How much did Citigroup stock fall?", "Markets", text).short == "13.8%"
    level = answer_question("At what level did the index close?", "Markets", text)
    assert level.found and level.short == "7,465.95"


def test_typed_nouns_the_article_never_uses_and_agents_after_by():
    text = (
        "Eliud Kipchoge ran in Vienna, Austria. "
        "Just don't tell anyone is a documentary by Tomasz and Marek Sekielski. "
        "It is not about ships, captains, NGOs [Non-Governmental Organizations] and politicians."
    )
    city = answer_question("In which city did Kipchoge run?", "Marathon", text)
    assert city.found and city.short == "Vienna"
    maker = answer_question("Who made the documentary?", "Film", text)
    assert maker.found and maker.citations[0].sentence == 1
    assert not answer_question("Who is the captain of the ship?", "Film", text).found


def test_a_plan_is_not_a_plane():
    from broadsheet.ai.answers import _term

    assert _term("plane") == _term("aircraft") != _term("plan")
    assert _term("planned") == _term("plan") and _term("carrying") == _term("bringing")


def test_roles_are_compared_word_for_word_and_quoted_questions_do_not_answer():
    text = (
        "David Jones, the chief market strategist at IG Index, said shares would rise. "
        '"Who is so stupid as to steal a toilet?" wrote Maurizio Cattelan. '
        "The toilet is an artwork made by Italian artist Maurizio Cattelan."
    )
    assert not answer_question("Who is the CEO of IG Index?", "Markets", text).found
    assert not answer_question("Who stole the toilet?", "Theft", text).found
    maker = answer_question("Who made the toilet?", "Theft", text)
    assert maker.found and maker.short == "Maurizio Cattelan"


def test_a_passive_without_by_names_no_doer_and_another_place_does_not_answer():
    text = (
        "The mayor was attacked with a knife outside the town hall on Friday. "
        "Police said a 30-year-old man from Lyon was arrested at the scene. "
        "Marie Dupont won the vote in Grenoble last year. "
        "In Marseille, Paul Martin came second behind the incumbent."
    )
    assert not answer_question("Who attacked the mayor?", "Mayor attacked", text).found
    assert not answer_question("Who came second in Grenoble?", "Vote", text).found
    second = answer_question("Who came second in Marseille?", "Vote", text)
    assert second.found and second.short == "Paul Martin"
    by = "The mayor was attacked by Jean Roux outside the town hall on Friday."
    assert answer_question("Who attacked the mayor?", "Mayor", by).short == "Jean Roux"


def test_people_are_counted_under_any_name_and_a_price_in_millions_needs_no_currency():
    text = (
        "The helicopter came down in a field near the river on Sunday. "
        "Three occupants of the helicopter died and two firefighters were hurt. "
        "The company sold 40 helicopters last year. "
        "Each new helicopter costs 12 million per aircraft, the maker said."
    )
    died = answer_question("How many people died on the helicopter?", "Crash", text)
    assert died.found and died.short == "Three occupants"
    cost = answer_question("How much does a helicopter cost?", "Crash", text)
    assert cost.found and cost.short == "12 million"
    assert not answer_question("How much did the company earn?", "Crash", text).found


def test_a_month_alone_dates_an_event_and_how_big_asks_for_a_figure():
    text = (
        "Thousands marched through the capital on Saturday. "
        "More than 300 people have been detained since the protests began in June. "
        "The city council has a debt of US$2 billion."
    )
    when = answer_question("When did the protests start?", "Protests", text)
    assert when.found and when.short == "in June"
    big = answer_question("How big is the council's debt?", "Protests", text)
    assert big.found and big.short == "US$2 billion"
    assert not answer_question("When did the council borrow?", "Protests", text).found


def test_a_verb_meets_the_noun_made_from_it():
    text = (
        "Markets fell sharply across Europe on Tuesday. "
        "The central bank lent 5 billion euros to banks last year. "
        "The central bank announced the injection of 30 billion euros into the banking system. "
        "Analysts expect further falls this week."
    )
    answer = answer_question("How much money will the central bank inject?", "Markets", text)
    assert answer.found and answer.short == "30 billion euros"


def test_where_from_and_where_to_ask_for_an_origin_and_a_destination():
    text = (
        "A cargo plane crashed near Tehran on Monday, killing its crew. "
        "The plane was flying fruit from Yerevan to Tabriz when it lost an engine. "
        "The injured were driven to Shariati Hospital."
    )
    origin = answer_question("Where was the plane coming from?", "Crash", text)
    assert origin.found and origin.short == "Yerevan"
    destination = answer_question("Where was the plane headed?", "Crash", text)
    assert destination.found and destination.short == "Tabriz"
    assert not answer_question("Where was the crew coming from?", "Crash", text).found


def test_how_many_counts_the_head_of_a_compound_noun():
    assert (
        question_intent("How many fire engines were sent?").unit
        == question_intent("How many engines were sent?").unit
    )
    assert (
        question_intent("How many police officers died?").unit
        == question_intent("How many officers died?").unit
    )
    assert (
        question_intent("How many cars does Ford sell?").unit
        == question_intent("How many cars?").unit
    )


def _shorts(title: str, text: str, *questions: str) -> list[str | None]:
    """Each question's short answer, None when it is refused."""
    return [answer_question(q, title, text).short for q in questions]


def test_how_many_then_a_verb_counts_whoever_the_verb_says():
    """ "How many died?" has no counted noun: the verb is no unit ("were" is not a thing counted);
    a participle before a noun qualifies it ("How many injured children?" counts children)."""
    bus = "A bus overturned on Sunday near Kaluga. The crash killed seven people, including four"
    bus += " children. Another 24 were taken to hospital."
    asked = ("How many died in the crash?", "How many were killed?", "How many were arrested?")
    assert _shorts("Bus overturns", bus, *asked) == ["seven people", "seven people", None]
    for participle, plain in (("injured children", "children"), ("confirmed orders", "orders")):
        assert question_intent(f"How many {participle} were there?").unit == (
            question_intent(f"How many {plain} were there?").unit
        )


def test_it_stands_for_the_subject_of_the_sentence_before():
    """ "It" carries the previous sentence's subject, a common noun too, not only its names."""
    cuba = "A bus operated by Viazul crashed on Thursday in wet conditions near Baracoa. It was"
    cuba += " carrying locals and foreigners to Havana. The driver lost control on a bend."
    asked = ("Where was the bus headed?", "Where was the train headed?")
    assert _shorts("Crash in Cuba", cuba, *asked) == ["Havana", None]


def test_a_count_of_more_people_counts_people():
    answer = answer_question(
        "How many people were taken to hospital?",
        "Pileup on the highway",
        "Seven people died in the pileup on Thursday. At least eight more people were taken"
        " to hospital. The road was closed overnight.",
    )
    assert answer.found and answer.short == "eight more people"


def test_the_asked_type_noun_beside_a_fact_makes_it_the_answer():
    text = (
        "The union, backed by Amnesty International, took its claim against the ministry to the"
        " High Court on Monday. The ministry said the rules were lawful and that the union had"
        " misread them. Judges will rule next month. Its lawyer, Anna Berg, once a professor at Princeton University, said the"
        " union would win."
    )
    court = answer_question("Which court is the union suing in?", "Union goes to court", text)
    assert court.found and court.short == "High Court"  # "suing" is not in the text
    university = answer_question("Which university did the lawyer teach at?", "Union", text)
    assert university.short == "Princeton University"  # not "Anna Berg", nearer "lawyer"
    assert not answer_question("Which bank lent the union money?", "Union", text).found


def test_a_measure_question_is_answered_only_by_a_figure_in_its_unit():
    text = (
        "The new player comes in two colours and holds 1,000 songs. "
        "The runner finished the course, which is 42 kilometres long, in two hours. "
        "The tower stands 300 metres tall and cost 20 million euros."
    )
    assert not answer_question("How heavy is the new player?", "Player", text).found
    far = answer_question("How far is the course?", "Race", text)
    assert far.found and far.short == "42 kilometres"
    tall = answer_question("How tall is the tower?", "Tower", text)
    assert tall.found and tall.short == "300 metres"
    assert question_intent("How far is it?") == Intent("number", measure="far")
    far_intent = question_intent("How far from Bermuda was the storm?")
    assert answer_spans(far_intent, "A category 3 hurricane was in effect.") == []  # not "m"


def test_a_place_written_as_the_island_of_x_is_x():
    text = (
        "The charity's ship now carries the boy's name. "
        "Relatives of the boy attended the renaming ceremony on the Spanish island of Majorca. "
        "The ship has rescued migrants since 2018."
    )
    answer = answer_question("Where was the renaming ceremony?", "Charity ship", text)
    assert answer.found and answer.short == "Majorca"


def test_who_is_a_named_person_is_answered_by_what_the_text_calls_them():
    text = (
        "Stocks fell on Friday. Peter Cardillo, chief market economist at Avalon Partners,"
        " commented on the current financial situation. Jane Roe said prices would rise."
    )
    answer = answer_question("Who is Peter Cardillo?", "Stocks fall", text)
    assert answer.found and answer.short == "chief market economist at Avalon Partners"
    assert answer_question("Who is Jane Roe?", "Stocks fall", text).short is None


def _entity(kind: str, name: str) -> Entity:
    return Entity(kind=kind, name=name, slug=f"x-{name}", aliases=(), country=None, mentions=1)


def test_a_word_of_a_title_is_no_name_even_when_the_entity_list_says_so():
    sentence = "The former Chief Operating Officer, Tim Cook will be succeeding Jobs as CEO."
    junk = [_entity("person", "Operating"), _entity("person", "Tim Cook")]
    texts = [s.text for s in answer_spans(Intent("person"), sentence, junk)]
    assert "Tim Cook" in texts and "Operating" not in texts
    # A name before a role is still a name: "Apple" in "Apple CEO Tim Cook".
    apple = [_entity("organisation", "Apple")]
    assert "Apple" in [
        s.text for s in answer_spans(Intent("org"), "Apple CEO Tim Cook spoke.", apple)
    ]


def test_a_figure_in_a_unit_after_a_name_is_a_quantity_not_part_of_the_name():
    sentence = "The advisory placed Humberto 75 miles (120 kilometers) north of Bermuda."
    texts = [s.text for s in answer_spans(Intent("number", measure="far"), sentence)]
    assert "75 miles" in texts
    # A model number stays part of its name: "Boeing 787 jets" counts no 787 jets.
    jets = answer_spans(Intent("number", unit="jet"), "Air India ordered Boeing 787 jets.")
    assert all("787" not in s.text for s in jets)


def test_a_hyphenated_figure_and_unit_is_a_number_with_its_noun():
    sentence = "The code allows sentencing up to 30-year prison terms for abuse."
    texts = [s.text for s in answer_spans(Intent("number", measure="long"), sentence)]
    assert texts == ["30-year prison terms"]
    # An age is not a duration; a count of people is not a count of years.
    assert answer_spans(Intent("number", measure="long"), "A 30-year-old man was held.") == []
    people = answer_spans(Intent("number", unit="people"), "It began a 10-year plan to hire.")
    assert people == []


def test_what_someone_died_of_is_answered_by_the_cause_or_refused():
    assert question_intent("What did the singer die of?") == Intent("cause", unit="death")
    text = (
        "The singer died on Monday at his home in Lisbon. "
        "According to his wife, the singer succumbed to a lung disorder, for which he was treated."
    )
    answer = answer_question("What did the singer die of?", "Singer dies", text)
    assert answer.found and answer.short == "a lung disorder"
    # Where and when he died say nothing of what he died of.
    place_only = "The singer died on Monday at his home in Lisbon. He was 70."
    assert not answer_question("What did the singer die of?", "Singer dies", place_only).found


def test_an_age_written_in_words_is_an_age():
    texts = [s.text for s in answer_spans(Intent("age"), "The sixteen-year-old Swede spoke.")]
    assert texts == ["sixteen-year-old"]
    spans = answer_spans(Intent("age"), "The man, forty-five years old, was held.")
    assert [s.text for s in spans] == ["forty-five years old"]


def test_how_strong_is_answered_by_a_speed_or_a_magnitude_not_any_figure():
    intent = question_intent("How strong were the storm's winds?")
    assert intent == Intent("number", measure="strong")
    winds = "The storm had maximum sustained winds of 120 miles per hour and 30 deaths."
    assert [s.text for s in answer_spans(intent, winds)] == ["120 miles"]
    quake = answer_spans(intent, "A magnitude 5.2 earthquake hit the island.")
    assert [s.text for s in quake] == ["5.2 earthquake"]
    assert answer_spans(intent, "The storm killed 30 people in two days.") == []


def test_a_count_may_leave_its_noun_to_the_question():
    many = question_intent("How many jets has the airline ordered?")
    spans = answer_spans(many, "Launch customer ANA have ordered 55.")
    assert [s.text for s in spans] == ["55"]
    # A year, an age bound, a share or a number in a name is never such a count.
    assert not answer_spans(many, "All residents over the age of 18 must register since 2019.")
    assert not answer_spans(many, "Women make up 16% of the force, it said in 2016.")
    assert not answer_spans(many, "It flew the Boeing 787.")


def test_amounts_of_a_substance_durations_from_a_start_and_plural_type_nouns():
    fuel = question_intent("How much fuel leaked onto the road?")
    spans = answer_spans(fuel, "Around 50 gallons of diesel fuel spilled and caught fire.")
    assert [s.text for s in spans] == ["Around 50 gallons"]
    tenure = question_intent("How long had the attacker worked for the police?")
    spans = answer_spans(tenure, "He was employed with the police since 2003.")
    assert [s.text for s in spans] == ["since 2003"]
    assert question_intent("Which judges heard the appeal?").kind == "person"
    assert question_intent("Which agencies are investigating?").kind == "org"
    assert question_intent("Which studio made the film?").kind == "org"
    assert question_intent("Which company's shares rose the most?").kind != "percent"
