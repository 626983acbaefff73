"""The comment form."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from broadsheet.comments.services import MAX_BODY


class CommentForm(forms.Form):
    """A comment's text, and the comment it replies to, if any."""

    body = forms.CharField(
        label=_("Your comment"),
        max_length=MAX_BODY,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("**bold**, *italic*, `code`, [link](https://…), > quote"),
    )
    parent = forms.IntegerField(required=False, widget=forms.HiddenInput)
