"""Scale-out: the same ingest, story and index jobs as Celery tasks on Redis.

`CELERY_BROKER_URL=redis://...` switches `broadsheet run` to serving pages only;
`broadsheet scheduler` claims due feeds and `broadsheet worker` runs the tasks.
"""

from broadsheet.workers.celery_app import app

__all__ = ["app"]
