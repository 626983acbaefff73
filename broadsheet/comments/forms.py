"""The comment form."""

from __future__ import annotations

from django import forms

from broadsheet.comments.services import MAX_BODY


class CommentForm(forms.Form):
    """A comment's text, and the comment it replies to, if any."""

    body = forms.CharField(
        label="Your comment",
        max_length=MAX_BODY,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text="**bold**, *italic*, `code`, [link](https://…), > quote",
    )
    parent = forms.IntegerField(required=False, widget=forms.HiddenInput)
