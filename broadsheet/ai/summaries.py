"""Article summaries: three to five key sentences of the article, each citing itself."""

from __future__ import annotations

from broadsheet.ai.extractive import Unit, rank_units, select
from broadsheet.ai.results import OFFLINE, Citation, Summary, SummarySentence
from broadsheet.ai.sentences import article_sentences

MIN_SENTENCES, MAX_SENTENCES = 3, 5


def summarize_article(title: str, text: str, *, max_sentences: int = 4) -> Summary:
    """Key sentences of the article in article order, extractive and offline."""
    sentences = article_sentences(text)
    budget = min(max(max_sentences, MIN_SENTENCES), MAX_SENTENCES)
    if not sentences:
        return Summary(method=OFFLINE, sentences=())
    units = [Unit(0, i, s) for i, s in enumerate(sentences)]
    ranked = rank_units(units, headline=title, doc_lengths=[len(sentences)])
    chosen = sorted(ranked.units[k].index for k in select(ranked, budget=budget))
    return Summary(
        method=OFFLINE,
        sentences=tuple(
            SummarySentence(text=sentences[i], citations=(Citation(sentence=i, text=sentences[i]),))
            for i in chosen
        ),
    )
