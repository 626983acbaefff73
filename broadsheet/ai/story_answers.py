"""Questions asked of a story: answered across its articles, citing the source of the fact.

The story's sentences are ranked together (``answers.rank_support``) with the question's own
names and codes required ("the 787" is the subject: a sentence about the A380 does not
answer), a sentence being about its article's headline subject too ("The event was attended by
15,000 people" in "Boeing unveils new 787 Dreamliner"). The citation names the article and its
source's label.
"""

from __future__ import annotations

from collections.abc import Sequence

from broadsheet.ai.answers import (
    MAX_QUESTION_CHARS,
    THRESHOLD,
    best_support,
    needs_entities,
    rank_support,
)
from broadsheet.ai.results import Answer, Citation, not_found
from broadsheet.ai.semantic_support import answer_method, blend, search_floor
from broadsheet.ai.sentences import article_sentences
from broadsheet.ai.story_summaries import StoryArticle, source_labels
from broadsheet.enrichment import Entity, extract_entities


def answer_story_question(question: str, articles: Sequence[StoryArticle]) -> Answer:
    """The best-supported sentence across a story's articles; the citation names its article."""
    sentences: list[str] = []
    origin: list[tuple[int, int]] = []
    entities: list[Entity] = []
    question = " ".join(question.split())
    wants_entities = needs_entities(question)
    for doc, article in enumerate(articles):
        own = article_sentences(article.text)
        if wants_entities:
            entities.extend(extract_entities(article.title, article.text))
        origin.extend((doc, i) for i in range(len(own)))
        sentences.extend(own)
    if not sentences or not question or len(question) > MAX_QUESTION_CHARS:
        return not_found(answer_method())
    headline = " ".join(a.title for a in articles)
    ranked = rank_support(
        question,
        sentences,
        title=headline,
        entities=entities,
        require_subject=True,
        floor=search_floor(THRESHOLD),
        headlines=[articles[doc].title for doc, _ in origin],
    )
    best = best_support(blend(question, sentences, ranked, threshold=THRESHOLD))
    if best is None:
        return not_found(answer_method())
    doc, index = origin[best.index]
    cited, key = sentences[best.index], articles[doc].key
    return Answer(
        found=True,
        answer=cited,
        citations=(Citation(index, cited, key, source_labels(articles)[key]),),
        method=answer_method(),
        short=best.short or None,
    )
