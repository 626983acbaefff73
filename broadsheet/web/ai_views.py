"""The AI panel of article and story pages: served apart so it never delays the article."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.views.decorators.http import require_GET

from broadsheet.ai.headline_checks import differing_terms
from broadsheet.articles.article_ai import article_panel, ask_article
from broadsheet.articles.language_model import configured_model
from broadsheet.articles.models import Article
from broadsheet.stories.models import Story
from broadsheet.stories.story_ai import ask_story


@require_GET
def article_ai(request: HttpRequest, public_id: str) -> HttpResponse:
    """The panel fragment: cited summary and key facts (fetched by the page after it shows)."""
    article = get_object_or_404(Article, public_id=public_id)
    panel = article_panel(article, request.LANGUAGE_CODE)
    context = {
        "article": article,
        "panel": panel,
        "model": configured_model(),
        "headline_differences": differing_terms(article.headline_flags or []),
    }
    return render(request, "web/_ai_panel.html", context)


@require_GET
def article_ask(request: HttpRequest, public_id: str) -> HttpResponse:
    """Answer a question from the article; a full page without JavaScript, a fragment with it."""
    article = get_object_or_404(Article.objects.select_related("source"), public_id=public_id)
    question = request.GET.get("q", "").strip()
    answer = ask_article(article, question) if question else None
    template = "web/_answer.html" if request.GET.get("fragment") else "web/ask.html"
    context = {"article": article, "question": question, "answer": answer, "target": article}
    return render(request, template, context)


@require_GET
def story_ask(request: HttpRequest, public_id: str) -> HttpResponse:
    """Answer a question from all the articles of a story."""
    story = get_object_or_404(Story, public_id=public_id)
    question = request.GET.get("q", "").strip()
    answer = ask_story(story, question) if question else None
    template = "web/_answer.html" if request.GET.get("fragment") else "web/ask.html"
    return render(request, template, {"story": story, "question": question, "answer": answer})
