"""What the AI panel shows: summaries and answers whose every sentence cites its source."""

from __future__ import annotations

from dataclasses import dataclass

OFFLINE = "offline-extractive"


@dataclass(frozen=True)
class Citation:
    """A cited sentence: its index in ``article_sentences`` and, for stories, the article key."""

    sentence: int
    text: str
    article: str | None = None
    label: str | None = None  # stories: the source's name, one label per article


@dataclass(frozen=True)
class SummarySentence:
    """One sentence of a summary and the article sentence(s) it rests on."""

    text: str
    citations: tuple[Citation, ...]
    language: str | None = None  # set when the sentence was (or failed to be) translated


@dataclass(frozen=True)
class Summary:
    """A short summary; ``method`` says how it was made ("offline-extractive", "llm:<model>")."""

    method: str
    sentences: tuple[SummarySentence, ...]

    @property
    def model_name(self) -> str | None:
        """The model that wrote the summary ("llm:<name>"), None for the offline method."""
        return (
            self.method.split(",")[0].removeprefix("llm:")
            if self.method.startswith("llm:")
            else None
        )


@dataclass(frozen=True)
class Answer:
    """An answer with its citations, or ``found=False`` when the text does not say.

    ``answer`` is the cited sentence(s); ``short`` the fact itself when one was
    picked out (a name, a date, a number with its unit, a place).
    """

    found: bool
    answer: str | None
    citations: tuple[Citation, ...]
    method: str
    short: str | None = None


def not_found(method: str = OFFLINE) -> Answer:
    """The "the article does not say" answer."""
    return Answer(found=False, answer=None, citations=(), method=method)
