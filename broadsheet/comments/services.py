"""Every write to comments: posting, editing, deleting, reporting and moderating.

These functions are the only way comments change, for the web pages, the admin and the
JSON API alike. Each raises `PermissionDenied` when the user may not do the thing at all
and `CommentError` (or its subclasses `RateLimited`, `Suspended`) when the request is
refused for a reason the reader can act on; the message is written for the reader.
"""

from __future__ import annotations

from datetime import datetime, timedelta

from django.contrib.auth.models import AbstractBaseUser, AnonymousUser
from django.core.exceptions import PermissionDenied
from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from broadsheet.accounts.models import is_moderator, is_suspended
from broadsheet.articles.models import Article
from broadsheet.comments.markup import count_links, render_comment
from broadsheet.comments.models import EDIT_WINDOW_MINUTES, Comment, Report
from broadsheet.lib.page_versions import retire_shared_pages
from broadsheet.lib.ratelimit import hit
from broadsheet.stories.models import Story

MAX_BODY = 5000
MAX_LINKS = 3
DUPLICATE_WINDOW = timedelta(minutes=10)
NEW_ACCOUNT_AGE = timedelta(days=1)
# A new account's comments beyond this many in an hour wait for a moderator.
NEW_ACCOUNT_HOURLY = 5
# Posts allowed per minute before refusing: per account, and per address (shared homes/offices).
USER_PER_MINUTE = 6
IP_PER_MINUTE = 20
REPORTS_PER_HOUR = 30

User = AbstractBaseUser | AnonymousUser


class CommentError(ValueError):
    """A comment was refused; the message is for the reader."""


class RateLimited(CommentError):
    """Too many comments in a short time."""


class Suspended(CommentError):
    """A moderator suspended the account from commenting."""


def add_comment(
    target: Article | Story,
    *,
    author: User,
    body: str,
    parent: Comment | None = None,
    ip: str = "",
) -> Comment:
    """Post a comment (or, with `parent`, a reply) under an article or story.

    `body` is the comment Markdown as typed; `ip` the client address, for the per-address
    rate limit ("" skips it). Returns the stored comment: status "visible", or "held" when
    it looks like spam (many links, the author's recent text again, a burst from a new
    account) and waits for a moderator. Raises PermissionDenied for anonymous or inactive
    users, Suspended, RateLimited, or CommentError (empty, too long, bad parent).
    """
    _check_can_write(author)
    body = _clean_body(body)
    article = target if isinstance(target, Article) else None
    story = target if isinstance(target, Story) else None
    if parent is not None:
        _check_parent(parent, article=article, story=story)
    if not hit(f"comment:user:{author.pk}", limit=USER_PER_MINUTE, window=60) or (
        ip and not hit(f"comment:ip:{ip}", limit=IP_PER_MINUTE, window=60)
    ):
        raise RateLimited(_("You are commenting too fast. Wait a minute and try again."))
    now = timezone.now()
    held = _looks_like_spam(body, author=author, now=now)
    with transaction.atomic():
        return Comment.objects.create(
            article=article,
            story=story,
            author=author,  # type: ignore[misc]  # checked authenticated above
            parent=parent,
            body=body,
            body_html=render_comment(body),
            status=Comment.Status.HELD if held else Comment.Status.VISIBLE,
            created_at=now,
        )


def edit_comment(comment: Comment, *, editor: User, body: str) -> Comment:
    """Replace a comment's text: its author only, within the edit window; marked edited.

    Raises PermissionDenied for anyone but the author (or once the comment is deleted,
    hidden or removed), CommentError after the window or for an empty or long body.
    """
    if not comment.is_deletable_by(editor) or comment.status not in Comment.EDITABLE:
        raise PermissionDenied(_("Only the author can edit this comment."))
    _check_can_write(editor)
    if not comment.is_editable_by(editor):
        raise CommentError(
            _("Comments can only be edited for %(minutes)d minutes after posting.")
            % {"minutes": EDIT_WINDOW_MINUTES}
        )
    body = _clean_body(body)
    comment.body = body
    comment.body_html = render_comment(body)
    comment.edited_at = timezone.now()
    fields = ["body", "body_html", "edited_at"]
    if count_links(body) > MAX_LINKS and comment.status == Comment.Status.VISIBLE:
        comment.status = Comment.Status.HELD
        fields.append("status")
    comment.save(update_fields=fields)
    _retire_pages()
    return comment


def delete_comment(comment: Comment, *, actor: User) -> None:
    """The author withdraws a comment; replies to it stay, under a placeholder.

    Raises PermissionDenied for anyone but the author.
    """
    if not comment.is_deletable_by(actor):
        raise PermissionDenied(_("Only the author can delete this comment."))
    with transaction.atomic():
        if comment.replies.exists():
            comment.body = comment.body_html = ""
            comment.deleted_at = timezone.now()
            comment.save(update_fields=["body", "body_html", "deleted_at"])
        else:
            comment.delete()
        _retire_pages()


def report_comment(comment: Comment, *, reporter: User, reason: str = "") -> bool:
    """Flag a comment for moderators; False when this reader already reported it.

    Raises PermissionDenied for anonymous users, CommentError for one's own comment
    and RateLimited past REPORTS_PER_HOUR.
    """
    if not reporter.is_authenticated or not reporter.is_active:
        raise PermissionDenied(_("Log in to report a comment."))
    if comment.author_id == reporter.pk:
        raise CommentError(_("You cannot report your own comment."))
    if not hit(f"report:user:{reporter.pk}", limit=REPORTS_PER_HOUR, window=3600):
        raise RateLimited(_("You have reported many comments already. Try again later."))
    try:
        with transaction.atomic():
            Report.objects.create(
                comment=comment,
                reporter=reporter,  # type: ignore[misc]  # checked authenticated above
                reason=reason.replace("\x00", "")[:200],
            )
            # F(): concurrent reports each add one instead of overwriting one another.
            Comment.objects.filter(pk=comment.pk).update(report_count=F("report_count") + 1)
    except IntegrityError:
        return False
    comment.refresh_from_db(fields=["report_count"])
    return True


def hide_comment(comment: Comment, *, moderator: User) -> Comment:
    """Take a comment out of readers' view, reversibly (moderators only)."""
    return _moderate(comment, moderator=moderator, status=Comment.Status.HIDDEN)


def remove_comment(comment: Comment, *, moderator: User) -> Comment:
    """Take a comment out of view for breaking the rules (moderators only)."""
    return _moderate(comment, moderator=moderator, status=Comment.Status.REMOVED)


def restore_comment(comment: Comment, *, moderator: User) -> Comment:
    """Show a held, hidden or removed comment again and clear its reports (moderators only)."""
    with transaction.atomic():
        comment = _moderate(comment, moderator=moderator, status=Comment.Status.VISIBLE)
        comment.reports.all().delete()
        Comment.objects.filter(pk=comment.pk).update(report_count=0)
    comment.report_count = 0
    return comment


def _moderate(comment: Comment, *, moderator: User, status: str) -> Comment:
    if not is_moderator(moderator):
        raise PermissionDenied(_("Only moderators can do that."))
    comment.status = status
    comment.save(update_fields=["status"])
    _retire_pages()
    return comment


def _retire_pages() -> None:
    # A comment taken down or changed must not linger for anonymous readers in the page
    # cache. After the commit: a page built from the old rows carries the old page version.
    transaction.on_commit(retire_shared_pages)


def _check_can_write(user: User) -> None:
    if not user.is_authenticated or not user.is_active:
        raise PermissionDenied(_("Log in to comment."))
    if is_suspended(user):
        raise Suspended(_("A moderator has suspended your account from commenting."))


def _check_parent(parent: Comment, *, article: Article | None, story: Story | None) -> None:
    on_same_page = (parent.article_id, parent.story_id) == (
        getattr(article, "pk", None),
        getattr(story, "pk", None),
    )
    if not on_same_page:
        raise CommentError(_("You can only reply to a comment on the same page."))
    if parent.status != Comment.Status.VISIBLE or parent.deleted_at:
        raise CommentError(_("That comment can no longer be replied to."))


def _clean_body(body: str) -> str:
    # NUL cannot be stored in PostgreSQL text and means nothing in a comment.
    body = body.replace("\x00", "").strip()
    if not body:
        raise CommentError(_("Write something before posting."))
    if len(body) > MAX_BODY:
        raise CommentError(_("Comments are limited to %(limit)d characters.") % {"limit": MAX_BODY})
    return body


def _looks_like_spam(body: str, *, author: User, now: datetime) -> bool:
    """Many links, a repeat of the author's recent text, or a burst from a new account."""
    if count_links(body) > MAX_LINKS:
        return True
    mine = Comment.objects.filter(author_id=author.pk)
    if mine.filter(body=body, created_at__gte=now - DUPLICATE_WINDOW).exists():
        return True
    joined = getattr(author, "date_joined", None)
    if joined is not None and now - joined < NEW_ACCOUNT_AGE:
        recent = mine.filter(created_at__gte=now - timedelta(hours=1)).count()
        return recent >= NEW_ACCOUNT_HOURLY
    return False
