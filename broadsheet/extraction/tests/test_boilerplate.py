"""Generic boilerplate is recognised; article sentences about the same topics are kept."""

from __future__ import annotations

import lxml.html
import pytest

from broadsheet.extraction.block import Block
from broadsheet.extraction.boilerplate import BodyContext, clean_blocks, is_dateline, is_prompt
from broadsheet.extraction.links import collect_labels, collect_link_texts, read_links, site_of


@pytest.mark.parametrize(
    "text",
    [
        "Share this article",
        "Share on Facebook",
        "Sign up for our free newsletter to get the latest stories in your inbox.",
        "Get the day's top headlines delivered to your inbox every morning.",
        "Follow us on Facebook, Twitter and Instagram.",
        "Download the Daily Ledger app for breaking news alerts.",
        "Related articles",
        "You may also like",
        "Most read in world news",
        "We use cookies to improve your experience on our site.",
        "Accept all cookies",
        "Photo: Getty Images",
        "Advertisement",
        "© 2024 The Daily Ledger. All rights reserved.",
        "Filed under: Politics",
        "Subscribe now",
        'Use the code "GETPRO" for a discount.',
        "Click here to read more",
        '[button link="/x"]Send us your review[/button]',
        "Updated 2 October 2023, 7:30pm",
        "Table of Contents",
        "On this page",
        "This post may contain affiliate links. Read more about this in my About Me page!",
        "Products are chosen independently by our editors. Purchases made through our links"
        " may earn us a commission.",
        "As an Amazon Associate I earn from qualifying purchases.",
        "6 min read",
        "Estimated reading time: 4 minutes",
        "2 days ago",
        "Last updated on:",
        # The site's own calls to action.
        "Join our newsletter for weekly gardening tips.",
        "Free 14-day trial. No credit card required.",
        "Request a demo",
        "Back to top",
        "View author page",
        "Read more posts by Jane Doe",
        "Download Now",
        "Get started today",
        "Oops! Something went wrong while submitting the form.",
        "This magazine is kept alive by reader donations: no ads, no paywall.",
        "Advertisement - Page continues below",
        # A caption that ends with its credit, glued or not.
        "Dakota, a deer. Image: Nicholas Moreau.",
        "The candidate with a supporter wearing a facemask.Image: Gage Skidmore.",
        "The harbour at dawn (Photo: Ana Ruiz)",
        "Howie HawkinsImage: GreenIn2010.",
        "Stage where speeches were given. Image: C.Suthorn.",
        "The president (centre) with the delegates Image: unknown.",
        # A byline or reviewer's credit left on a line of its own.
        "Written by Jane Doe",
        "Reviewed by: Sam Okafor, CFP",
        "Medically reviewed by Dr. Lena Park",
        "Written by",
    ],
)
def test_prompt_is_boilerplate(text: str) -> None:
    assert is_prompt(text)


@pytest.mark.parametrize(
    "text",
    [
        "The regulator said the company had used cookies to track users without their consent, and fined it €2m.",
        "More than 2,000 people signed the petition in its first week.",
        "Related charges were dropped on Monday.",
        "He won 3-1 in the final set.",
        "In 2019 the war ended.",
        "She told reporters she would follow the advice of her doctors.",
        "Police said they got a tip from a neighbour on Tuesday night.",
        "“Join us at the town hall on Monday,” the mayor told the crowd.",
        "Comments from the minister were described as unhelpful by the union.",
        "She wanted to share the story of her son with other parents.",
        "Developers can use code signing to prove an update is genuine.",
        "The newsletter, which has two million subscribers, was sold last year.",
        "Copyright lawyers say the ruling could change how music is licensed.",
        "The video spread quickly on Twitter, Facebook and Instagram.",
        "“We use cookies to follow users across other sites,” the company admitted.",
        "Streamers earn a commission when viewers buy games through affiliate programmes.",
        "The table of contents of the 1851 edition lists forty chapters.",
        "It takes about 6 min to read the whole report, she said.",
        "The bill was last updated on Monday, when the committee voted.",
        # Calls to action inside an article's own sentences are article text.
        "The campaign offers 30% off annual plans until December 10th; to redeem the offer,"
        " enter the promo code BLACKB2B at checkout.",
        "The full report, with the figures for every state, is free to read: click here to"
        " download it from the agency's site.",
        "He joined the newsletter team in 2019, after six years on the news desk.",
        "The shelter is funded by donations from local families and two churches.",
        "Advertisement spending rose by 5% last year.",
        "The app offers a free 14-day trial, after which it costs £4 a month, and the"
        " reviewers found that no credit card was required to sign up.",
        "Learn more about the bridge's history at the town museum, which opens on Sundays.",
        "He described the photo: a man alone on a bridge.",
        "The image: a company that had lost its way, the chairman said.",
        "Her best photo: it was taken on the last day of the war.",
        "The book was written by Jane Doe in 1990.",
        "Written by a team of volunteers who care.",
    ],
)
def test_article_sentence_is_not_boilerplate(text: str) -> None:
    assert not is_prompt(text)


def test_author_plug_only_counts_at_the_end() -> None:
    plug = "Follow him on Twitter @jdoe."
    assert is_prompt(plug, at_tail=True)
    assert not is_prompt(plug, at_tail=False)


def test_dateline_detection() -> None:
    assert is_dateline("sexta-feira, 22 de outubro de 2010 às 20:13")
    assert is_dateline("Nov. 19, 2019 at 5:00 PM EST")
    assert not is_dateline("The score was 3-1 at half time")
    assert is_dateline("12/03/2021")
    # Bare figures are data (a price, a table cell, a count), not a date.
    for figure in ("$14.55", "15,000", "$6,500+", "2,500 - 6,000", "2019"):
        assert not is_dateline(figure), figure
    # A numeric date keeps one separator throughout; a rating mixes them.
    assert is_dateline("2024-05-12") and is_dateline("Updated 12.05.2024")
    for rating in ("4.7/5", "3.5/5", "9.1/10"):
        assert not is_dateline(rating), rating


def _blocks(*texts: str, kind: str = "p") -> list[Block]:
    return [Block(text, kind, i) for i, text in enumerate(texts)]


def test_related_section_and_its_links_are_removed() -> None:
    story = "A long paragraph of the story that tells what happened in the town on Monday night."
    blocks = _blocks(
        story,
        "Related",
        "Coral reefs face worst bleaching",
        "Arctic ice shrinks again",
        story + " End.",
    )
    context = BodyContext(
        link_texts=frozenset({"coral reefs face worst bleaching", "arctic ice shrinks again"})
    )
    kept, removed = clean_blocks(blocks, context)
    assert [b.text for b in kept] == [story, story + " End."]
    assert [b.text for b in removed] == [
        "Related",
        "Coral reefs face worst bleaching",
        "Arctic ice shrinks again",
    ]


def test_leading_headline_and_standfirst_are_removed() -> None:
    story = "The council voted on Monday to close the main street to cars from next spring."
    blocks = _blocks("Main street to go car-free", "A decision ten years in the making", story)
    context = BodyContext(
        headlines=frozenset({"main street to go car free"}),
        description="a decision ten years in the making",
    )
    kept, _ = clean_blocks(blocks, context)
    assert [b.text for b in kept] == [story]


def test_repeated_credit_lines_are_removed_but_repeated_content_lines_stay() -> None:
    blocks = _blocks(
        "Meal 1", "Photo: Getty Images", "Eat every 2-3 hours", "Meal 1", "Photo: Getty Images"
    )
    kept, _ = clean_blocks(blocks, BodyContext())
    assert [b.text for b in kept] == ["Meal 1", "Eat every 2-3 hours", "Meal 1"]


def test_credit_lines_go_but_lines_about_paying_by_credit_card_stay() -> None:
    blocks = _blocks(
        "Accepts credit cards",
        "Credit: Jane Doe",
        "Fax: (518) 555-0100; include a Credit Card Authorization form.",
        "Full packing",
        "Accepts credit cards",
        "Credit: Jane Doe",
        "Fax: (518) 555-0100; include a Credit Card Authorization form.",
        "Image credit: Jane Doe / Studio",
        "Image credit: Jane Doe / Studio",
        kind="item",
    )
    kept, _ = clean_blocks(blocks, BodyContext())
    assert [b.text for b in kept] == [
        "Accepts credit cards",
        "Fax: (518) 555-0100; include a Credit Card Authorization form.",
        "Full packing",
        "Accepts credit cards",
        "Fax: (518) 555-0100; include a Credit Card Authorization form.",
    ]


def test_a_table_row_is_never_a_labelled_link() -> None:
    story = "The watches were worn on the same runs, side by side, for a month of training."
    blocks = [
        Block(story, "p", 0),
        Block("Watch | Price | Battery life", "row", 1),
        Block("Watch: the best running watches of the year", "p", 2),
    ]
    kept, _ = clean_blocks(blocks, BodyContext())
    assert [b.text for b in kept] == [story, "Watch | Price | Battery life"]


def test_short_links_to_another_site_are_no_links_to_other_stories() -> None:
    tree = lxml.html.fromstring(
        "<html><body><ul><li><a href='https://shop.example.net/p/1'>Digging trowel</a></li>"
        "<li><a href='https://shop.example.net/p/2'>Rain coat (Outdoor Research)</a></li>"
        "<li><a href='https://www.othersite.org/a/b'>Ten tips for your first long hike</a></li>"
        "<li><a href='https://blog.example.com/c'>Best tents of the year</a></li>"
        "<li><a href='/d'>Hiking boots guide</a></li></ul></body></html>"
    )
    links = read_links(tree, sections=[], url="https://www.example.com/checklist/")
    assert links.texts == {
        "ten tips for your first long hike",  # a headline, wherever it leads
        "best tents of the year",  # the same site
        "hiking boots guide",
    }
    # Without the page's address every link counts, as before.
    assert "digging trowel" in read_links(tree, sections=[]).texts


def test_site_of_an_address() -> None:
    assert site_of("https://news.example.com/a") == "example.com"
    assert site_of("http://www.example.com") == "example.com"
    assert site_of("/relative/path") == ""
    assert site_of(None) == ""
    assert site_of("http://[::1") == ""


def test_table_of_contents_and_its_entries_are_removed() -> None:
    story = "The first step is to measure the room and write down every dimension you find."
    blocks = [
        Block("Table of Contents", "p", 0),
        Block("Measure the room", "item", 1),
        Block("Choose the paint", "item", 1),
        Block(story, "p", 2),
        Block("Measure the room", "head", 3),
        Block(story + " Then start.", "p", 4),
    ]
    kept, _ = clean_blocks(blocks, BodyContext())
    assert [b.text for b in kept] == [story, "Measure the room", story + " Then start."]


def test_shortcode_with_hyphenated_name_is_boilerplate() -> None:
    assert is_prompt('[adthrive-in-post-video-player video-id="hra2qewb" name="Cleaning"]')


def test_a_second_copy_of_the_article_paragraphs_is_dropped() -> None:
    first = "The council approved the new budget for the coming year after a debate that ran late into the night on Monday."
    second = "Residents who spoke at the meeting asked for more money for the libraries and the two swimming pools in town."
    steps = ["Meal 2", "1 cup of strawberries, 8 oz. of unsweetened almond milk"]
    blocks = _blocks(first, *steps, second, *steps, first, second)
    kept, removed = clean_blocks(blocks, BodyContext())
    # The repeated sentences go; short repeated lines (a plan, a recipe) are content.
    assert [b.text for b in kept] == [first, *steps, second, *steps]
    assert removed == []


def test_in_page_links_and_anchors_are_neither_labels_nor_links_to_other_stories() -> None:
    tree = lxml.html.fromstring(
        "<html><body><nav><a href='#key-takeaways'>Key takeaways</a>"
        "<a href='/business/'>Business</a></nav>"
        "<h2><a id='benefits'>Benefits of walking daily</a></h2>"
        "<ul><li><a href='#benefits'>Benefits of walking daily</a></li>"
        "<li><a href='/news/other-story'>Council approves new budget</a></li></ul></body></html>"
    )
    labels = collect_labels(tree, sections=[])
    assert "business" in labels
    assert "key takeaways" not in labels
    links = collect_link_texts(tree)
    assert "council approves new budget" in links
    assert "benefits of walking daily" not in links


def test_sub_heading_of_a_table_of_contents_is_kept_at_the_top_of_the_body() -> None:
    tree = lxml.html.fromstring(
        "<html><body><a href='#key-takeaways'>Key takeaways</a></body></html>"
    )
    context = BodyContext(labels=collect_labels(tree, sections=[]))
    blocks = [
        Block("Key takeaways", "head", 0),
        Block("Walking every day lowers blood pressure, the study found.", "p", 1),
    ]
    kept, _ = clean_blocks(blocks, context)
    assert [block.text for block in kept] == [block.text for block in blocks]


def test_sub_heading_named_like_a_link_elsewhere_is_kept_but_a_label_paragraph_goes() -> None:
    context = BodyContext(labels=frozenset({"safety alert", "business"}))
    blocks = [
        Block("Business", "p", 0),
        Block("Safety alert", "head", 1),
        Block("Since 2015, 289 accidents have occurred on the network, the report found.", "p", 2),
    ]
    kept, _ = clean_blocks(blocks, context)
    assert [block.text for block in kept] == [block.text for block in blocks[1:]]
