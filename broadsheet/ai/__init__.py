"""The AI panel, offline first: summaries that cite their sentences, answers, headline checks.

A pure package (no Django, no network unless an operator configures a model,
no model downloads). README.md here describes the methods and measured quality;
bench/ai.py prints the figures.
"""

from broadsheet.ai.answers import answer_question
from broadsheet.ai.budget import TokenBudget
from broadsheet.ai.disagreements import Disagreement, find_disagreements
from broadsheet.ai.grounded import answer_with_model, summarize_with_model
from broadsheet.ai.headline_checks import HeadlineCheck, check_headline
from broadsheet.ai.language_models import LanguageModel, ModelUnavailable, OpenAICompatibleModel
from broadsheet.ai.results import Answer, Citation, Summary, SummarySentence
from broadsheet.ai.sentences import article_sentences
from broadsheet.ai.story_answers import answer_story_question
from broadsheet.ai.story_summaries import StoryArticle, summarize_story
from broadsheet.ai.summaries import summarize_article
from broadsheet.ai.translation import translate_summary

__all__ = [
    "Answer",
    "Citation",
    "Disagreement",
    "HeadlineCheck",
    "LanguageModel",
    "ModelUnavailable",
    "OpenAICompatibleModel",
    "StoryArticle",
    "Summary",
    "SummarySentence",
    "TokenBudget",
    "answer_question",
    "answer_story_question",
    "answer_with_model",
    "article_sentences",
    "check_headline",
    "find_disagreements",
    "summarize_article",
    "summarize_story",
    "summarize_with_model",
    "translate_summary",
]
