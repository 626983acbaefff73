"""Repairs on the raw page before trafilatura sees it.

Each one fixes a way trafilatura (in precision mode) loses or glues article text on real
pages; none of them knows about any particular site.
"""

from __future__ import annotations

import re

import lxml.html
from lxml import etree

from .boxes import CONTROL_TAGS, is_control, prune_control_boxes

_CARD_TAGS = frozenset({"span", "div", "aside"})


def prune_inline_cards(tree: lxml.html.HtmlElement) -> None:
    """Remove hover cards hidden inside paragraphs (a name's photo plus links to other stories).

    Browsers show them only on hover, but in the markup they sit mid-sentence, so any
    extractor would glue "Rep. Jane DoeJane DoeOther headline | ..." into the text.
    """
    cards = []
    for img in tree.iter("img"):
        path = []
        for ancestor in img.iterancestors():
            if ancestor.tag == "p":
                break
            path.append(ancestor)
        else:
            continue  # not inside a paragraph
        # The innermost span/div/aside around the picture that is nothing but links.
        card = next((el for el in path if el.tag in _CARD_TAGS and _is_link_card(el)), None)
        if card is not None:
            cards.append(card)
    for card in cards:
        if card.getparent() is not None:
            card.drop_tree()


def _is_link_card(element: lxml.html.HtmlElement) -> bool:
    links = list(element.iter("a"))
    if len(links) < 2:
        return False
    text = len(" ".join(element.text_content().split()))
    linked = sum(len(" ".join(a.text_content().split())) for a in links)
    return text > 0 and linked >= 0.85 * text


_PROSE_TAGS = frozenset({"p", "li", "blockquote", "td", "dd"})


def unwrap_inline_times(tree: lxml.html.HtmlElement) -> None:
    """Keep the words of <time> elements inside prose.

    trafilatura deletes every <time> with its text, which turns "a first cut in
    <time>June</time>." into "a first cut in ."; datelines outside paragraphs are left alone.
    """
    for element in list(tree.iter("time")):
        if any(ancestor.tag in _PROSE_TAGS for ancestor in element.iterancestors()):
            element.drop_tag()


_EMPTY_INLINE_TAGS = ("span", "b", "strong", "i", "em", "q")
_EMPTY_BLOCK_TAGS = (
    *("div", "p", "section", "article", "main"),
    *("li", "dd", "dt", "blockquote", "pre"),
)


def unwrap_empty_elements(tree: lxml.html.HtmlElement) -> None:
    """Drop empty elements but keep the text that follows them.

    In precision mode trafilatura deletes empty <span>, <b>, <div>... together with their
    tail, so "<p><span id=more></span>Islam split ...</p>" loses its whole sentence. An
    empty block becomes a <br> so the text around it stays on separate lines.
    """
    empty = [
        element
        for element in tree.iter(*_EMPTY_INLINE_TAGS, *_EMPTY_BLOCK_TAGS)
        if element.text is None and not len(element) and element.tail and element.tail.strip()
    ]
    for element in empty:
        if element.getparent() is None:
            continue
        if element.tag in _EMPTY_BLOCK_TAGS:
            element.tag = "br"
            element.attrib.clear()
        else:
            element.drop_tag()


# Class/id tokens and styles that trafilatura's precision rules discard as page furniture;
# on a <span> inside a sentence they only style a fragment of it.
_INLINE_FURNITURE_RE = re.compile(
    r"(?:^|\s)(?:link|bottom|[\w-]*teaser[\w-]*)(?:\s|$)", re.IGNORECASE
)
_INLINE_SPAN_XPATH = etree.XPath("//p//span[@class or @id or @style]")


def unwrap_inline_spans(tree: lxml.html.HtmlElement) -> None:
    """Unwrap sentence fragments that trafilatura would delete for their class name.

    Precision mode drops any <span class="link"> (a block-level rule), which cuts
    "the NFL decided <span class=link><a>to move the rematch</a></span> in ..." mid-sentence.
    """
    for span in _INLINE_SPAN_XPATH(tree):
        names = f"{span.get('class', '')} {span.get('id', '')}"
        if _INLINE_FURNITURE_RE.search(names) or "border" in span.get("style", ""):
            span.drop_tag()


_INLINE_TAGS = frozenset({"a", "b", "strong", "em", "i", "span", "u", "sup", "sub", "abbr", "cite"})


def promote_text_divs(tree: lxml.html.HtmlElement) -> None:
    """Turn a <div> that is a paragraph in all but name into a paragraph.

    Two kinds, both dropped by trafilatura (it drops short text divs in every mode, and a
    div of inline text only is no paragraph to it): a text-only <div> between two
    paragraphs, a sub-heading ("<div class=subheadline>Who pays the cost of a
    tariff?</div>"); and a sentence typed in a <div> of inline elements only, next to a
    paragraph, a sub-heading, a list or a quote (a lead "<div><b>Update:</b> Python 3.14
    was released…</div>", a call-out box, a course's description). A sentence is 8+ words
    ending with a full stop, "?" or "!": a bare label, a button or a list of names is not.
    """
    for div in list(tree.iter("div")):
        if any(child.tag not in _INLINE_TAGS for child in div):
            continue
        if _is_between_paragraphs(div) or _is_sentence_by_a_block(div):
            div.tag = "p"


# What stands next to a sentence <div> that makes it one of the article's blocks.
_BLOCK_NEIGHBOURS = frozenset({"p", "h2", "h3", "h4", "ul", "ol", "blockquote"})
SENTENCE_DIV_WORDS = 8
_SENTENCE_END_RE = re.compile(r"[.!?]\W*$")


def _is_between_paragraphs(div: lxml.html.HtmlElement) -> bool:
    """A text-only div (text of its own) between two paragraphs: a sub-heading."""
    has_text = bool(div.text and div.text.strip())
    return has_text and _tag(div.getprevious()) == _tag(div.getnext()) == "p"


def _is_sentence_by_a_block(div: lxml.html.HtmlElement) -> bool:
    """A sentence (8+ words ending "." "?" "!") next to a paragraph, heading, list or quote."""
    neighbours = {_tag(div.getprevious()), _tag(div.getnext())}
    return bool(neighbours & _BLOCK_NEIGHBOURS) and _is_sentence(div)


def _tag(element: lxml.html.HtmlElement | None) -> str | None:
    return None if element is None else element.tag


def _is_sentence(div: lxml.html.HtmlElement) -> bool:
    text = div.text_content().strip()
    return len(text.split()) >= SENTENCE_DIV_WORDS and bool(_SENTENCE_END_RE.search(text))


# Class names of captions and photo credits outside <figcaption> ("wp-caption-text",
# "image-caption", "photo-credit"), matched as whole words of a class token.
_CAPTION_NAME_RE = re.compile(
    r"(?:^|[\s_-])(?:caption|(?:photo|image|img|picture)[_-]?credits?)(?:$|[\s_-])",
    re.IGNORECASE,
)

# A caption is a sentence or two; an element so named holding more is a layout wrapper.
MAX_CAPTION_CHARS = 400


def drop_captions(tree: lxml.html.HtmlElement) -> None:
    """Remove image captions and their credits: they describe a picture, not the story.

    Kept in the body they are read as paragraphs (and then picked as summary sentences).
    """
    captions = list(tree.iter("figcaption"))
    body = tree.find("body")
    for element in (body if body is not None else tree).iterdescendants(etree.Element):
        # The cheap test first (a loop in Python beats XPath's contains() here).
        names = element.get("class")
        if not names or ("aption" not in names and "redit" not in names):
            continue
        if element.tag in _INLINE_TAGS or not _CAPTION_NAME_RE.search(names):
            continue
        if len(" ".join(element.text_content().split())) <= MAX_CAPTION_CHARS:
            captions.append(element)
    for caption in captions:
        if caption.getparent() is not None:
            caption.drop_tree()


# Where one inline element ends a sentence and the next begins one with no space between,
# a browser shows the gap the stylesheet makes; plain text would glue "vehicles.Residents".
_ENDS_SENTENCE_RE = re.compile(r"[^\W\d_]{2}[.!?][\"'”’)]?$")
# A word in lower case against a capital in the next element ("Earth Ball" + "Outside Over
# There", a button's "on Amazon" + "Check price") is two names or two labels, not one word;
# inside code it is an identifier ("new" + "Todo").
_GLUE_TAGS = ("span", "a", "b", "strong", "em", "i", "u", "font", "mark", "small")


def separate_glued_sentences(tree: lxml.html.HtmlElement) -> None:
    """Put a space between two sentences that sit in adjacent inline elements."""
    for element in tree.iter(*_GLUE_TAGS):
        # The cheap test first: does an upper-case letter follow with no space?
        if element.tail:
            if not element.tail[0].isupper():
                continue
        else:
            following = element.getnext()
            if following is None or following.tag not in _GLUE_TAGS:
                continue
            start = following.text_content()
            if not start or not start[0].isupper():
                continue
        text = element.text_content()
        if _ENDS_SENTENCE_RE.search(text) or (_ends_word(text) and not _in_code(element)):
            element.tail = " " + (element.tail or "")


def _ends_word(text: str) -> bool:
    return len(text) > 1 and text[-1].islower() and text[-2].isalpha()


def _in_code(element: lxml.html.HtmlElement) -> bool:
    return any(ancestor.tag in ("pre", "code") for ancestor in element.iterancestors())


def drop_inert_elements(tree: lxml.html.HtmlElement) -> list[lxml.html.HtmlElement]:
    """Remove scripts, styles and SVG drawings, which hold no article text; return the
    page's form controls, found in the same walk (for boxes.prune_control_boxes).

    trafilatura removes them too, but only after copying the whole tree (up to four times
    a page); icon-heavy pages hold hundreds of SVG paths. JSON-LD stays: trafilatura's last
    resort reads an articleBody from it.
    """
    inert = []
    controls = []
    for element in tree.iter("script", "style", "svg", *CONTROL_TAGS):
        if element.tag in CONTROL_TAGS:
            if is_control(element):
                controls.append(element)
        elif element.tag != "script" or "ld+json" not in (element.get("type") or ""):
            inert.append(element)
    for element in inert:
        if element.getparent() is not None:
            element.drop_tree()  # the text after it stays
    return controls


def prepare_tree(tree: lxml.html.HtmlElement) -> None:
    """Repairs on the raw page before trafilatura sees it."""
    controls = drop_inert_elements(tree)
    prune_control_boxes(controls)
    drop_captions(tree)
    prune_inline_cards(tree)  # before the glue repair: a card's words are no next word
    separate_glued_sentences(tree)
    split_br_paragraphs(tree)
    promote_text_divs(tree)
    unwrap_inline_times(tree)
    unwrap_inline_spans(tree)
    unwrap_empty_elements(tree)


_BR_CONTAINERS = frozenset({"div", "td", "section", "article", "p", "blockquote", "li", "dd"})
_BLOCK_CHILDREN = frozenset(
    {
        *("address", "article", "aside", "blockquote", "details", "div", "dl", "fieldset"),
        *("figure", "footer", "form", "h1", "h2", "h3", "h4", "h5", "h6", "header", "hr"),
        *("li", "main", "nav", "ol", "p", "pre", "section", "table", "ul"),
    }
)


def split_br_paragraphs(tree: lxml.html.HtmlElement) -> None:
    """Make real paragraphs of text separated by <br><br>, as old templates write them.

    trafilatura keeps a double <br> as a single line break and drops the leading text of a
    "<div>text<br>more</div>", so such containers are rebuilt as one <p> per paragraph
    (a single <br> stays a line break inside its paragraph).
    """
    containers: dict[lxml.html.HtmlElement, None] = {}
    for br in tree.iter("br"):
        parent = br.getparent()
        if parent is not None and parent.tag in _BR_CONTAINERS:
            containers[parent] = None
    for container in containers:
        brs = [child for child in container if child.tag == "br"]
        if container.getparent() is None:
            continue
        has_text = bool(container.text and container.text.strip())
        double = any(_next_is_br(br) for br in brs)
        if double or (has_text and container.tag != "p"):
            _rebuild_paragraphs(container)


# Containers that hold blocks and also sentences typed straight in between them, as
# hand-written pages do ("<body><h2>Problem</h2>What shapes can result...?<ol>...").
# (Found from their long text nodes up: a quarter faster than testing every container.)
_LOOSE_TEXT_XPATH = etree.XPath(
    "//body/descendant-or-self::text()[string-length(normalize-space()) > 40]/parent::*"
    "[self::body or self::div or self::section or self::article or self::main or self::td]"
    "[p or ul or ol or table or h2 or h3 or h4]"
)
# A run of loose text this long is a sentence (MIN_PROSE_WORDS in prose.py), not a label.
LOOSE_TEXT_WORDS = 8


def promote_loose_text(tree: lxml.html.HtmlElement) -> None:
    """Make paragraphs of sentences typed between a container's blocks.

    The prose reading is made of elements; a sentence that sits loose between an <h2> and
    an <ol> was only evidence of length. Such containers are rebuilt as one <p> per run of
    text and inline elements.
    """
    for container in _LOOSE_TEXT_XPATH(tree):
        pieces = [container.text, *(child.tail for child in container)]
        if any(len((piece or "").split()) >= LOOSE_TEXT_WORDS for piece in pieces):
            _rebuild_paragraphs(container)


def _next_is_br(br: lxml.html.HtmlElement) -> bool:
    following = br.getnext()
    return following is not None and following.tag == "br" and not (br.tail and br.tail.strip())


def _rebuild_paragraphs(container: lxml.html.HtmlElement) -> None:
    items: list[str | lxml.html.HtmlElement] = [container.text] if container.text else []
    for child in list(container):
        tail, child.tail = child.tail, None
        container.remove(child)
        items.append(child)
        if tail:
            items.append(tail)
    container.text = None
    out: list[lxml.html.HtmlElement] = []
    para: lxml.html.HtmlElement | None = None
    i = 0
    while i < len(items):
        item = items[i]
        if isinstance(item, str) or item.tag not in _BLOCK_CHILDREN | {"br"}:
            if para is None:
                if isinstance(item, str) and not item.strip():
                    i += 1
                    continue
                para = container.makeelement("p", {})
                out.append(para)
            _append(para, item)
        elif item.tag == "br":
            j, count = i, 0
            while j < len(items):
                current = items[j]
                if isinstance(current, str):
                    if current.strip():
                        break
                elif current.tag == "br":
                    count += 1
                else:
                    break
                j += 1
            if count == 1 and para is not None:
                para.append(item)
            else:
                para = None  # two or more breaks end the paragraph
            i = j
            continue
        else:
            para = None
            out.append(item)
        i += 1
    if container.tag == "p":
        # A paragraph cannot hold paragraphs: the new ones take its place.
        parent, tail = container.getparent(), container.tail
        index = parent.index(container)
        parent.remove(container)
        for offset, element in enumerate(out):
            parent.insert(index + offset, element)
        if out and tail:
            out[-1].tail = tail
    else:
        container.extend(out)


def _append(para: lxml.html.HtmlElement, item: str | lxml.html.HtmlElement) -> None:
    if isinstance(item, str):
        if len(para):
            para[-1].tail = (para[-1].tail or "") + item
        else:
            para.text = (para.text or "") + item
    else:
        para.append(item)
