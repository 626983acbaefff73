"""Generic boilerplate inside an extracted body: prompts, related links, credits, repeated headline.

Every rule here describes page furniture in general (a "Related" list, a newsletter prompt,
a photo credit), never a particular site's markup.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field

from .bios import mark_author_bio
from .block import Block
from .hygiene import normalize_for_compare
from .links import MAX_LABEL_WORDS

# A table of contents heads a list of in-page links to the article's sections.
_TOC_HEADERS = (
    r"(?:table of )?contents|on this page|in this (?:article|post|guide)"
    r"|jump to(?: section)?|article contents|quick links"
)
# A block made only of one of these is a section header for links, not article text.
_LINKS_HEADER_RE = re.compile(
    "^(?:"
    + "|".join(
        (
            r"related(?: (?:articles?|stories|posts|content|coverage|links|reading|news))?",
            r"related (?:topics|videos?)",
            r"more (?:from|on|about|in|for) .{1,40}",
            r"more(?: (?:stories|news|articles|coverage|videos?|headlines))?",
            r"see also|also(?: (?:read|see|on \w+))?",
            r"you (?:may|might|could) (?:also )?(?:like|enjoy|be interested in)",
            r"recommended(?: (?:for you|stories|articles|reading|videos?))?",
            r"most (?:read|popular|viewed|shared)(?: .{1,30})?",
            r"(?:don'?t|do not) miss(?: this| out)?|trending(?: now| stories)?",
            r"read (?:more|next|also|this next)|up next|what to read next",
            r"further reading|keep reading",
            r"latest (?:news|stories|articles|videos?)|top stories|editor'?s picks",
            r"in case you missed it|more to explore|explore more",
            r"popular (?:now|stories|articles|posts)",
            r"other (?:stories|articles|news)|related (?:to this|on \w+)",
            _TOC_HEADERS,
        )
    )
    + r")\W*$",
    re.IGNORECASE,
)
_TOC_HEADER_RE = re.compile(rf"^(?:{_TOC_HEADERS})\W*$", re.IGNORECASE)
# "Related: Some other story" on one line: the label plus one linked headline.
_LABELLED_LINK_RE = re.compile(
    r"^(?:related|see (?:more|also)|read (?:more|also|next)|also read|more|watch|listen|recommended"
    r"|(?:don'?t|do not) miss|must read|top story|trending)\s*(?:[:>»|]|\s[-–—])\s*\S.{3,160}$",
    re.IGNORECASE,
)
_SOCIAL = (
    r"(?:twitter|facebook|instagram|youtube|linkedin|tiktok|threads|bluesky|mastodon|whatsapp"
    r"|telegram|x\b)"
)


def _triggered(*pairs: tuple[str, str]) -> tuple[tuple[str, re.Pattern[str]], ...]:
    """(trigger, pattern) pairs with their patterns compiled, case-insensitive."""
    return tuple((trigger, re.compile(pattern, re.IGNORECASE)) for trigger, pattern in pairs)


_CAPTION_CREDIT = (
    r"(?:^|[\w.!?)]\s*|\s\()KINDs?\s*:\s*(?!(?:a|an|the|it|this|that|he|she|they|we|i)\b)"
    r"[^\s:!?()][^:!?()\n]{0,60}\)?\.?$"
)

# Prompts inside a short block: (trigger, pattern) pairs. A pattern only runs when its
# lower-case trigger occurs in the block, which keeps prose cheap to check. Patterns are
# written as imperatives or anchored at the start, so that a sentence of a story about
# newsletters, cookies or tips is not taken for a prompt.
_PROMPTS = _triggered(
    ("newsletter", r"\b(?:sign ?up|subscribe|register)\b.{0,60}\bnewsletters?\b"),
    (
        "newsletter",
        r"\bnewsletters?\b.{0,80}(?:\bsign ?up\b|\bsubscribe (?:now|here|today)\b"
        r"|\b(?:in|to|into) your inbox\b)",
    ),
    (
        "your",
        r"\bdelivered (?:straight |directly |right )?(?:to|into|through) your "
        r"(?:inbox|letterbox|mailbox|door)",
    ),
    ("inbox", r"\bright in your inbox\b"),
    (
        " us ",
        rf"\b(?:follow|like|join|find|connect with) us (?:on|at) (?:[\w ,]{{0,20}}){_SOCIAL}",
    ),
    (
        "coverage",
        r"\bfollow (?:our|the|\w+'s) (?:full |complete |live |latest |ongoing )?coverage\b",
    ),
    ("app", r"^(?:download|get|install) (?:the|our) (?:free |new )?(?:[\w-]+ ){0,3}apps?\b"),
    ("if you", r"^if you (?:enjoyed|liked|value|appreciate|found) (?:this|our|reading)\b"),
    ("subscri", r"\bsubscribe (?:now|today|here)\b|^subscribe\b|\balready a subscriber\b"),
    ("listen", r"^listen (?:back|again|live|now)\b|\bor listen (?:back|again)\b"),
    (
        "tip",
        r"^(?:do you )?(?:have|got) a (?:news |story )?tip\b"
        r"|\bsend us (?:a |your )?(?:news )?tips?\b",
    ),
    ("share", r"^share (?:this|the) (?:article|story|post|page)\b|^share (?:on|via) "),
    (
        "comment",
        r"^(?:comments?|\d+ comments?|leave a (?:comment|reply)|(?:show|view) comments)\W*$",
    ),
    ("join", r"^join the (?:discussion|conversation)\b"),
    ("tell us", r"^tell us what you think\b"),
    (":", r"^(?:sources?|via)\s*:\s*\S.{0,60}$"),
    ("reserved", r"\ball rights reserved\b"),
    # Affiliate disclosures: the publisher's standing notice, not the article.
    ("affiliate", r"\b(?:contains?|uses?|includes?) (?:some )?affiliate links\b"),
    ("through", r"\bpurchases? (?:made )?through (?:our |these |the )?links\b"),
    ("associate", r"\bas an amazon associate\b"),
    (
        "commission",
        r"\b(?:we|i) (?:may|might|could) (?:earn|receive|get) (?:a |an )?(?:small )?"
        r"(?:affiliate )?commission\b|\bmay earn us (?:a |an )?(?:small )?commission\b",
    ),
    # Reading-time and relative-time lines ("6 min read", "Estimated reading time: 4").
    ("read", r"^(?:estimated )?reading time\b.{0,30}$|^\d+\s*min(?:ute)?s?\.? read\b.{0,30}$"),
    (" ago", r"^\d+ (?:seconds?|minutes?|hours?|days?|weeks?|months?|years?) ago$"),
    (
        "",
        r"^(?:last )?(?:updated|published|posted|modified|reviewed)(?: on| at)?\s*:?$",
    ),
    (
        "licen",
        r"\b(?:published|licensed|available|released|distributed|republished|reproduced)"
        r" under (?:a |the )?(?:creative commons|cc[- ]by|open government)\b.{0,40}licen[cs]e"
        r"|\blicen[cs]ed under (?:a |the )?(?:creative commons|cc[- ]by)\b",
    ),
    (
        "creative commons",
        r"^(?:this|the) (?:article|story|text|work|post)\b.{0,80}\bcreative commons\b",
    ),
    ("copyright", r"^copyright\s*(?:©|\(c\)|\d{4}|[\w.&' -]{1,40} (?:19|20)\d{2}\b)"),
    ("©", r"^©|©\s*\d{4}|^(?=.{0,150}$).*©"),
    ("credit", r"\b(?:photo|image|picture|video)s? credit\b|^credits?\s*:"),
    ("courtesy", r"\b(?:photo|image|picture|video)s? courtesy\b"),
    (":", r"^(?:photo|image|picture)s?\s*:"),
    # A caption that ends with its credit, whatever separates the two: "Dakota, a deer.
    # Image: Nicholas Moreau.", "Howie HawkinsImage: GreenIn2010.", "(Photo: Ana Ruiz)".
    # Not prose that names a picture: "the photo: a man alone on a bridge".
    ("image", _CAPTION_CREDIT.replace("KIND", "image")),
    ("photo", _CAPTION_CREDIT.replace("KIND", "photo")),
    (":", r"^(?:tags?|topics?|filed under|categories|category|keywords)\s*:"),
    (
        "",
        r"^(?:advertisement|advertising|sponsored(?: content)?"
        r"|scroll to continue.*|continue reading.*)$",
    ),
    (
        "cookie",
        r"^(?:we|our partners|we and our partners|this (?:site|website)|our (?:site|website))"
        r" (?:use|uses|store|set|place) cookies\b",
    ),
    ("cookie", r"^accept (?:all )?cookies\b"),
    ("privacy", r"^we (?:value|care about|respect) your privacy\b"),
    (
        "manage",
        r"\bmanage (?:your )?(?:privacy|cookie|consent) (?:settings|preferences|options)\b",
    ),
    # The site's own calls to action: sign-ups, trials, demos, donations, form messages,
    # links to the author's page, "Back to top", buttons on a line of their own.
    ("newsletter", r"^join (?:our|the) (?:[\w-]+ ){0,3}newsletters?\b"),
    (
        "donat",
        r"\b(?:kept alive|funded|powered|made possible) by (?:our |your )?readers?'? donations\b",
    ),
    ("wrong", r"^oops!? something went wrong\b"),
    ("submission", r"^thank you!? your submission has been received\b"),
    (
        "",
        r"^(?:view|see|read) (?:the )?(?:author(?:'s)? (?:page|profile)|(?:all |more )?"
        r"(?:posts|articles|stories) by\b)|^back to top\W*$",
    ),
    (
        "",
        r"^(?:download now|get started(?: today| now| for free)?|sign up(?: now|"
        r" today| for free)?|try (?:it )?(?:for )?free|contact us(?: today)?|buy now|shop now)\W*$",
    ),
    ("advertisement", r"^advertisement\s*[-–—:|]\s*.{0,40}$"),
)
# Calls to action that articles also write inside their own sentences ("to read the
# report, click here"; "use the code BF50 at checkout" in a story about deals): only a
# single short line of them is a prompt.
_SHORT_PROMPTS = _triggered(
    ("here", r"\b(?:click|tap) here\b"),
    (
        "code",
        r"\b(?:use|enter) (?:the )?(?:promo|discount|coupon|offer|voucher) code\b"
        r"|\b(?:use|enter) (?:the )?code\s*[\"“'‘]?(?-i:[A-Z0-9]{4,})\b",
    ),
    ("already", r"\balready have an account\b"),
    ("trial", r"\bfree \d+[- ]day trial\b|\bstart (?:your|a) free trial\b"),
    ("credit card", r"\bno credit card (?:required|needed)\b"),
    ("demo", r"^(?:request|book|schedule|get) (?:a |your )?(?:free )?demo\b"),
    # A byline or reviewer's credit left in the body: "Written by Jane Doe", "Reviewed by:".
    (
        " by",
        r"^(?:written|reviewed|medically reviewed|fact[- ]?checked|edited|posted|published)"
        r"(?: and [\w-]+)? by\b[:,]?[^!?]{0,60}(?<!\.)$",
    ),
)
SHORT_PROMPT_WORDS = 12
# Author plugs and contact lines, only trusted at the end of the body.
_TAIL_PROMPT_RE = re.compile(
    rf"\bfollow (?:him|her|them|me|@\w+|\w+(?: \w+)?) on {_SOCIAL}\b"
    r"|\b(?:can|may) be (?:reached|contacted) at\b|\bemail (?:him|her|them|me) at\b"
    rf"|\b(?:follow|like|find|join|visit|subscribe)\b.{{0,60}}\b{_SOCIAL}\b.{{0,40}}\b{_SOCIAL}\b",
    re.IGNORECASE,
)
# Month and weekday names (English, French, Spanish, Portuguese, German).
_CALENDAR_WORDS = (
    r"jan(?:uary|vier|eiro)?|feb(?:ruary)?|f[ée]v(?:rier|ereiro)?|mar(?:ch|s|zo|ço)?",
    r"apr(?:il)?|avr(?:il)?|abr(?:il)?|may|mai(?:o)?|mayo|jun(?:e|i|io|ho)?|juin",
    r"jul(?:y|i|io|ho)?|juil(?:let)?|aug(?:ust)?|ao[uû]t|ago(?:sto)?",
    r"sep(?:t(?:ember|embre|iembre)?)?|set(?:embro)?|oct(?:ober|obre|ubre)?|okt(?:ober)?",
    r"out(?:ubro)?|nov(?:ember|embre|iembre|embro)?|dec(?:ember)?|d[ée]c(?:embre)?",
    r"dez(?:ember|embro)?|dic(?:iembre)?",
    r"mon(?:day)?|tue(?:s(?:day)?)?|wed(?:nesday)?|thu(?:r(?:s(?:day)?)?)?|fri(?:day)?",
    r"sat(?:urday)?|sun(?:day)?|lundi|mardi|mercredi|jeudi|vendredi|samedi|dimanche",
    r"lunes|martes|mi[ée]rcoles|jueves|viernes|s[áa]bado|domingo|segunda|ter[çc]a",
    r"quarta|quinta|sexta|feira|montag|dienstag|mittwoch|donnerstag|freitag|samstag|sonntag",
)
# Dateline-only blocks ("Updated at 1:23 p.m.", "sexta-feira, 22 de outubro de 2010 às 20:13").
_DATE_WORDS_RE = re.compile(
    r"\b(?:"
    + "|".join(
        (
            *_CALENDAR_WORDS,
            r"updated?|published|posted|last|modified|on|at|am|um|às|as|a las|de|del|do|da|le|el",
            r"der|den|atualizado|publicado|actualizado|mis à jour|aktualisiert|veröffentlicht",
            r"a\.?m|p\.?m|(?-i:[A-Z]{2,4})",
        )
    )
    + r")\b|\d+(?:st|nd|rd|th|er|º|h|am|pm)?|[^\w\s]",
    re.IGNORECASE,
)
# What makes a line of figures a date: a month or weekday name, a clock time, a numeric date
# (one separator throughout: "12/05/2024", "2024-05-12"; "4.7/5" is a rating).
_DATE_MARK_RE = re.compile(
    r"\d{1,2}[:h]\d{2}\b|\b\d{1,4}([/.-])\d{1,2}\1\d{1,4}\b"
    r"|\b(?:" + "|".join(_CALENDAR_WORDS) + r")\b",
    re.IGNORECASE,
)
_NEWSLETTER_HEADER_RE = re.compile(r"^.{0,40}\bnewsletters?$", re.IGNORECASE)
_SHORTCODE_RE = re.compile(r"^\[([\w-]+)[^\]]*\].*\[/\1\]$|^\[/?[\w-]+(?:\s[^\]]*)?\]$", re.DOTALL)
_SENTENCE_END_RE = re.compile(r"[.!?…。！？][\"'”’»)\]]*\s*$")
MAX_PROMPT_CHARS = 300
MAX_LINK_ITEM_CHARS = 160
TAIL_BLOCKS = 4


@dataclass(frozen=True)
class BodyContext:
    """What the filters know about the page besides the body itself."""

    headlines: frozenset[str] = frozenset()  # normalised title candidates
    description: str = ""  # normalised meta description
    link_texts: frozenset[str] = field(default_factory=frozenset)  # normalised texts of <a>s
    # Normalised section names: the page's declared sections and its short link texts.
    labels: frozenset[str] = field(default_factory=frozenset)
    authors: tuple[str, ...] = ()  # the byline's names


def is_dateline(text: str) -> bool:
    """Whether a short block holds nothing but a date, a time and words like "Updated".

    A line of bare figures ("$14.55", "15,000", "2,500 | 6,000") is data, not a date: a
    dateline names a month or a weekday, or gives a clock time or a numeric date.
    """
    if len(text) >= 100 or text.count(" ") > 12 or not any(ch.isdigit() for ch in text):
        return False
    return not _DATE_WORDS_RE.sub("", text).strip() and bool(_DATE_MARK_RE.search(text))


def _has_prompt(text: str) -> bool:
    lowered = text.lower()
    if any(pattern.search(text) for trigger, pattern in _PROMPTS if trigger in lowered):
        return True
    if "\n" in text or text.count(" ") >= SHORT_PROMPT_WORDS:
        return False
    return any(pattern.search(text) for trigger, pattern in _SHORT_PROMPTS if trigger in lowered)


def is_prompt(text: str, *, at_tail: bool = False) -> bool:
    """Whether a short block is a generic prompt (share, subscribe, credits...) not article text."""
    if len(text) > MAX_PROMPT_CHARS:
        return False
    stripped = text.strip(" \t•·|-–—*>")
    if (
        _has_prompt(stripped)
        or _LINKS_HEADER_RE.match(stripped)
        or _SHORTCODE_RE.match(stripped)
        or _NEWSLETTER_HEADER_RE.match(stripped)
        or is_dateline(stripped)
    ):
        return True
    return at_tail and bool(_TAIL_PROMPT_RE.search(stripped))


def clean_blocks(blocks: list[Block], context: BodyContext) -> tuple[list[Block], list[Block]]:
    """The body split into the blocks kept and the boilerplate blocks removed."""
    keep = [True] * len(blocks)
    _mark_leading_labels(blocks, keep, context)
    _mark_leading_headline(blocks, keep, context)
    _mark_link_sections(blocks, keep, context)
    _mark_prompts(blocks, keep)
    _mark_repeated_credits(blocks, keep)
    mark_author_bio(blocks, keep, context.authors)
    removed = [block for block, ok in zip(blocks, keep, strict=True) if not ok]
    # A second copy of the article's own paragraphs is dropped, but is no boilerplate.
    _mark_repeated_paragraphs(blocks, keep)
    kept = [block for block, ok in zip(blocks, keep, strict=True) if ok]
    return kept, removed


def _mark_leading_headline(blocks: list[Block], keep: list[bool], context: BodyContext) -> None:
    # Extractors often start the body with the headline the page shows above it, and the
    # standfirst under it, which pages also publish as their description. A standfirst is
    # told from a first paragraph (often the description too) by its missing full stop.
    for i, block in enumerate(blocks[:3]):
        norm = normalize_for_compare(block.text)
        is_standfirst = norm == context.description and not _SENTENCE_END_RE.search(block.text)
        if norm and (norm in context.headlines or is_standfirst):
            keep[i] = False


def _mark_leading_labels(blocks: list[Block], keep: list[bool], context: BodyContext) -> None:
    # A section label or kicker ("Business", "World", "Interviews") printed above the
    # headline is read as the first paragraph; it names the site's section, or stands
    # right above the headline, and is never a sentence.
    for i, block in enumerate(blocks[:3]):
        text = block.text.strip()
        if len(text.split()) > MAX_LABEL_WORDS or _SENTENCE_END_RE.search(text) or "\n" in text:
            continue
        norm = normalize_for_compare(text)
        following = normalize_for_compare(blocks[i + 1].text) if i + 1 < len(blocks) else ""
        if norm and (
            (norm in context.labels and block.kind != "head") or following in context.headlines
        ):
            keep[i] = False


def _is_link_item(block: Block, context: BodyContext) -> bool:
    """A block whose every line is one of the page's links, maybe with a label like "[VIDEO]"."""
    if not context.link_texts or len(block.text) > MAX_LINK_ITEM_CHARS * 4:
        return False
    return all(_is_link_line(line, context) for line in block.text.split("\n"))


def _is_link_line(line: str, context: BodyContext) -> bool:
    if len(line) > MAX_LINK_ITEM_CHARS:
        return False
    norm = normalize_for_compare(line)
    if norm in context.link_texts:
        return True
    words = norm.split()
    # The linked headline plus a short label: the link must cover all but two words.
    return len(words) >= 5 and any(
        " ".join(words[:cut]) in context.link_texts or " ".join(words[-cut:]) in context.link_texts
        for cut in (len(words) - 1, len(words) - 2)
    )


def _mark_link_sections(blocks: list[Block], keep: list[bool], context: BodyContext) -> None:
    i = 0
    while i < len(blocks):
        text = blocks[i].text.strip(" \t•·|-–—*>")
        header = len(text) <= 60 and bool(_LINKS_HEADER_RE.match(text))
        # A table row is data: "Watch | Price | Battery life" heads a table, not a link.
        labelled = not header and blocks[i].kind != "row" and bool(_LABELLED_LINK_RE.match(text))
        if header or labelled:
            keep[i] = False
            next_group = blocks[i + 1].group if i + 1 < len(blocks) else -1
            j = i + 1
            # The header's list: link-only blocks right below it, or the short list items
            # under a table of contents (whose in-page links are not counted as page links).
            # Other list items under a header are the article's own list.
            toc = header and bool(_TOC_HEADER_RE.match(text))
            while j < len(blocks) and (
                _is_link_item(blocks[j], context)
                or (blocks[j].kind == "item" and len(blocks[j].text) <= MAX_LINK_ITEM_CHARS and toc)
                or (blocks[j].kind == "item" and labelled and blocks[j].group == next_group)
            ):
                keep[j] = False
                j += 1
            i = j
            continue
        # A run of two or more blocks that are each exactly a link: a list of other stories.
        j = i
        while j < len(blocks) and _is_link_item(blocks[j], context):
            j += 1
        if j - i >= 2:
            for k in range(i, j):
                keep[k] = False
            i = j
            continue
        i += 1


def _mark_prompts(blocks: list[Block], keep: list[bool]) -> None:
    tail_start = len(blocks) - TAIL_BLOCKS
    for i, block in enumerate(blocks):
        # A table row is data: "1/1/2013 | +13.1%" is a line of a table, not a dateline.
        if keep[i] and block.kind != "row" and is_prompt(block.text, at_tail=i >= tail_start):
            keep[i] = False


# "Credit" names a credit when it opens the line or labels it ("Credit: Jane Doe", "Photo
# credit: ..."); inside a sentence it is money ("Accepts credit cards", "Credit Card form").
_CREDIT_RE = re.compile(
    r"\b(?:photo|image|picture|getty|reuters|afp|ap photo|shutterstock|copyright|courtesy)\b"
    r"|^\W*credit\b|\bcredits?\s*:|©",
    re.IGNORECASE,
)


def _mark_repeated_credits(blocks: list[Block], keep: list[bool]) -> None:
    # A credit line under every photo is page furniture; other repeated lines (table labels,
    # recipe steps) are content.
    short = {i: normalize_for_compare(b.text) for i, b in enumerate(blocks) if len(b.text) < 160}
    counts = Counter(short.values())
    for i, norm in short.items():
        if counts[norm] > 1 and _CREDIT_RE.search(blocks[i].text):
            keep[i] = False


# A paragraph of this many words ending in a full stop is prose: a second copy is the page
# printing the article (or part of it) twice, for a second layout, not the article itself.
REPEAT_WORDS = 20


def _mark_repeated_paragraphs(blocks: list[Block], keep: list[bool]) -> None:
    # Short repeated lines (a recipe's "1 cup of milk", a plan's "Meal 2", table labels) are
    # content: only whole sentences of some length count as a copy.
    seen: set[str] = set()
    for i, block in enumerate(blocks):
        if not keep[i] or not _SENTENCE_END_RE.search(block.text):
            continue
        norm = normalize_for_compare(block.text)
        if norm.count(" ") + 1 < REPEAT_WORDS:
            continue
        if norm in seen:
            keep[i] = False
        seen.add(norm)
