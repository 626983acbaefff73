"""/api/v1: the AI endpoints of articles and stories (the API issue adds the rest)."""

from __future__ import annotations

from django.http import Http404, HttpRequest
from django.shortcuts import get_object_or_404
from ninja import NinjaAPI, Schema
from ninja.errors import HttpError, ValidationError

from broadsheet.ai import Answer, Summary
from broadsheet.articles.insights import article_panel, ask_article
from broadsheet.articles.models import Article
from broadsheet.stories.insights import ask_story, story_panel
from broadsheet.stories.models import Story

api = NinjaAPI(title="Broadsheet API", version="1", urls_namespace="api-v1")


class CitationOut(Schema):
    sentence: int
    text: str
    article: str | None = None


class SentenceOut(Schema):
    text: str
    citations: list[CitationOut]


class SummaryOut(Schema):
    method: str
    sentences: list[SentenceOut]


class AskIn(Schema):
    question: str


class AnswerOut(Schema):
    found: bool
    answer: str | None
    citations: list[CitationOut]
    method: str


class ErrorOut(Schema):
    error: dict


def _summary(summary: Summary) -> dict:
    return {
        "method": summary.method,
        "sentences": [
            {
                "text": s.text,
                "citations": [
                    {"sentence": c.sentence, "text": c.text, "article": c.article}
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
        "citations": [
            {"sentence": c.sentence, "text": c.text, "article": c.article} for c in answer.citations
        ],
        "method": answer.method,
    }


def _question(payload: AskIn) -> str:
    question = " ".join(payload.question.split())
    if not question or len(question) > 500:
        raise HttpError(422, "question must be 1 to 500 characters")
    return question


@api.exception_handler(HttpError)
def http_error(request: HttpRequest, exc: HttpError):  # type: ignore[no-untyped-def]
    code = {404: "not_found", 422: "invalid"}.get(exc.status_code, "error")
    return api.create_response(
        request,
        {"error": {"code": code, "message": str(exc), "fields": {}}},
        status=exc.status_code,
    )


@api.exception_handler(Http404)
def not_found(request: HttpRequest, exc: Http404):  # type: ignore[no-untyped-def]
    body = {"error": {"code": "not_found", "message": "no such resource", "fields": {}}}
    return api.create_response(request, body, status=404)


@api.exception_handler(ValidationError)
def validation_error(request: HttpRequest, exc: ValidationError):  # type: ignore[no-untyped-def]
    fields = {".".join(str(p) for p in e.get("loc", [])[1:]): e.get("msg", "") for e in exc.errors}
    body = {"error": {"code": "invalid", "message": "the request is not valid", "fields": fields}}
    return api.create_response(request, body, status=422)


@api.get("/articles/{public_id}/summary", response={200: SummaryOut, 404: ErrorOut})
def article_summary(request: HttpRequest, public_id: str):  # type: ignore[no-untyped-def]
    """The article's summary; every sentence cites the article sentences it rests on."""
    article = get_object_or_404(Article, public_id=public_id)
    return _summary(article_panel(article).summary)


@api.post("/articles/{public_id}/ask", response={200: AnswerOut, 404: ErrorOut, 422: ErrorOut})
def article_ask(request: HttpRequest, public_id: str, payload: AskIn):  # type: ignore[no-untyped-def]
    """Answer a question from the article, or found=false when the article does not say."""
    article = get_object_or_404(Article, public_id=public_id)
    return _answer(ask_article(article, _question(payload)))


@api.get("/stories/{public_id}/summary", response={200: SummaryOut, 404: ErrorOut})
def story_summary(request: HttpRequest, public_id: str):  # type: ignore[no-untyped-def]
    """What happened, from all sources; citations name their article."""
    story = get_object_or_404(Story, public_id=public_id)
    return _summary(story_panel(story).summary)


@api.post("/stories/{public_id}/ask", response={200: AnswerOut, 404: ErrorOut, 422: ErrorOut})
def story_ask(request: HttpRequest, public_id: str, payload: AskIn):  # type: ignore[no-untyped-def]
    """Answer a question from all of the story's articles."""
    story = get_object_or_404(Story, public_id=public_id)
    return _answer(ask_story(story, _question(payload)))
