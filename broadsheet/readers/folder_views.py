"""The Following page's folder and OPML actions: file a source, rename or delete a folder,
import and export the reader's subscriptions as OPML (plain POST forms, no JavaScript)."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from broadsheet.readers import folders
from broadsheet.readers.subscriptions import export_subscriptions, import_subscriptions
from broadsheet.sources.models import Source
from broadsheet.sources.opml import MAX_BYTES, OpmlError, render_opml

MAX_REPORTED = 20


@login_required
@require_POST
def file_source(request: HttpRequest, slug: str) -> HttpResponse:
    """Move a followed source into the folder named (a new name makes one), or to the top."""
    source = get_object_or_404(Source, slug=slug)
    name = (request.POST.get("new_folder") or request.POST.get("folder") or "").strip()
    try:
        folders.move_source(request.user, source, folder=name or None)
    except folders.FolderError as error:
        messages.error(request, str(error))
    return redirect("following")


@login_required
@require_POST
def rename_folder(request: HttpRequest) -> HttpResponse:
    """Rename one of the reader's folders (into an existing name, the two merge)."""
    try:
        folders.rename_folder(
            request.user, old=request.POST.get("old", ""), new=request.POST.get("new", "")
        )
    except folders.FolderError as error:
        messages.error(request, str(error))
    return redirect("following")


@login_required
@require_POST
def delete_folder(request: HttpRequest) -> HttpResponse:
    """Delete a folder; its sources stay followed."""
    folders.delete_folder(request.user, name=request.POST.get("name", ""))
    return redirect("following")


@login_required
@require_GET
def export_opml(request: HttpRequest) -> HttpResponse:
    """The reader's subscriptions as an OPML download, folders as nested outlines."""
    body = render_opml(export_subscriptions(request.user), title=_("Subscriptions"))
    response = HttpResponse(body, content_type="text/x-opml; charset=utf-8")
    stamp = timezone.now().strftime("%Y-%m-%d")
    response["Content-Disposition"] = f'attachment; filename="subscriptions-{stamp}.opml"'
    return response


@login_required
@require_POST
def import_opml(request: HttpRequest) -> HttpResponse:
    """Follow every feed of an uploaded OPML file, in its folders; report what was skipped."""
    upload = request.FILES.get("opml")
    if upload is None:
        messages.error(request, _("Choose an OPML file to import."))
        return redirect("following")
    if upload.size is not None and upload.size > MAX_BYTES:
        messages.error(request, _("The file is larger than 10 MB."))
        return redirect("following")
    try:
        report = import_subscriptions(request.user, upload.read(MAX_BYTES + 1))
    except OpmlError as error:
        messages.error(request, _("Nothing was imported: %(reason)s") % {"reason": error})
        return redirect("following")
    messages.success(
        request,
        _("%(followed)s feeds followed (%(added)s new to this site).")
        % {"followed": report.followed, "added": report.added},
    )
    for message in report.errors[:MAX_REPORTED]:
        messages.warning(request, _("Skipped: %(reason)s") % {"reason": message})
    if len(report.errors) > MAX_REPORTED:
        more = len(report.errors) - MAX_REPORTED
        messages.warning(request, _("…and %(count)s more skipped.") % {"count": more})
    return redirect("following")
