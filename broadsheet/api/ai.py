"""/api/v1 AI endpoints: cited summaries and "ask this article/story" answers."""

from __future__ import annotations

from django.http import HttpRequest
from django.shortcuts import get_object_or_404
from ninja import Field, Router, Schema

from broadsheet.ai import Answer, Summary
from broadsheet.api.errors import CLIENT_ERRORS, ApiError, ErrorOut
from broadsheet.api.schemas import InputSchema
from broadsheet.articles.article_ai import article_panel, ask_article
from broadsheet.articles.models import Article
from broadsheet.stories.models import Story
from broadsheet.stories.story_ai import ask_story, story_panel

router = Router(tags=["AI"])


class CitationOut(Schema):
    sentence: int
    text: str
    article: str | None = None
    label: str | None = Field(None, description="stories: the source's name, one per article")


class SentenceOut(Schema):
    text: str
    citations: list[CitationOut]


class SummaryOut(Schema):
    method: str
    sentences: list[SentenceOut]


class AskIn(InputSchema):
    question: str


class AnswerOut(Schema):
    found: bool
    answer: str | None
    short: str | None = Field(
        None, description="the fact itself (a name, a date, a number with its unit), when picked"
    )
    citations: list[CitationOut]
    method: str


def _summary(summary: Summary) -> dict:
    return {
        "method": summary.method,
        "sentences": [
            {
                "text": s.text,
                "citations": [
                    {"sentence": c.sentence, "text": c.text, "article": c.article, "label": c.label}
                    for c in s.citations
                ],
            }
            for s in summary.sentences
        ],
    }


def _answer(answer: Answer) -> dict:
    return {
        "found": answer.found,
        "answer": answer.answer,
        "short": answer.short,
        "citations": [
            {"sentence": c.sentence, "text": c.text, "article": c.article, "label": c.label}
            for c in answer.citations
        ],
        "method": answer.method,
    }


def _question(payload: AskIn) -> str:
    question = " ".join(payload.question.split())
    if not question or len(question) > 500:
        raise ApiError(
            422, "question must be 1 to 500 characters", fields={"question": "1 to 500 characters"}
        )
    return question


@router.get("/articles/{public_id}/summary", response={200: SummaryOut, CLIENT_ERRORS: ErrorOut})
def article_summary(request: HttpRequest, public_id: str):  # type: ignore[no-untyped-def]
    """The article's summary; every sentence cites the article sentences it rests on."""
    article = get_object_or_404(Article, public_id=public_id)
    return _summary(article_panel(article).summary)


@router.post("/articles/{public_id}/ask", response={200: AnswerOut, CLIENT_ERRORS: ErrorOut})
def article_ask(request: HttpRequest, public_id: str, payload: AskIn):  # type: ignore[no-untyped-def]
    """Answer a question from the article, or found=false when the article does not say."""
    article = get_object_or_404(Article, public_id=public_id)
    return _answer(ask_article(article, _question(payload)))


@router.get("/stories/{public_id}/summary", response={200: SummaryOut, CLIENT_ERRORS: ErrorOut})
def story_summary(request: HttpRequest, public_id: str):  # type: ignore[no-untyped-def]
    """What happened, from all sources; citations name their article."""
    story = get_object_or_404(Story, public_id=public_id)
    return _summary(story_panel(story).summary)


@router.post("/stories/{public_id}/ask", response={200: AnswerOut, CLIENT_ERRORS: ErrorOut})
def story_ask(request: HttpRequest, public_id: str, payload: AskIn):  # type: ignore[no-untyped-def]
    """Answer a question from all of the story's articles."""
    story = get_object_or_404(Story, public_id=public_id)
    return _answer(ask_story(story, _question(payload)))
