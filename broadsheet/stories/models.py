"""Stories (one event, many sources), topics and entities, and their links to articles."""

from __future__ import annotations

from django.db import models
from django.utils import timezone

from broadsheet.stories.topic_names import topic_display_name


class StoryQuerySet(models.QuerySet["Story"]):
    """Named filters over stories."""

    def live(self) -> StoryQuerySet:
        """Stories that were not merged into another."""
        return self.filter(merged_into__isnull=True)


class Story(models.Model):
    """Coverage of one event: a representative title and the articles that report it."""

    public_id = models.CharField(max_length=16, unique=True)
    title = models.CharField(max_length=1000)
    first_seen_at = models.DateTimeField(default=timezone.now)
    last_seen_at = models.DateTimeField(default=timezone.now, db_index=True)
    article_count = models.PositiveIntegerField(default=0)
    source_count = models.PositiveIntegerField(default=0, db_index=True)
    languages = models.CharField(max_length=200, blank=True)
    merged_into = models.ForeignKey(
        "self",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="absorbed",
        db_index=False,  # see Meta.indexes: a partial index holds only the merged stories
    )
    # The story a split took this one's first articles from: the two are never merged again.
    split_from = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.SET_NULL, related_name="split_off"
    )
    # The earlier story this one continues ("Steve Jobs resigns" after "... on medical
    # leave"): linked both ways on the story pages, never merged.
    follows = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.SET_NULL, related_name="followed_by"
    )
    created_at = models.DateTimeField(default=timezone.now)

    objects = StoryQuerySet.as_manager()

    class Meta:
        verbose_name_plural = "stories"
        indexes = [
            models.Index(fields=["-last_seen_at", "-source_count"]),
            # Only merged stories are indexed. With a full index on merged_into, SQLite (no
            # statistics without ANALYZE) read "merged_into IS NULL" (the live stories, nearly
            # every row) through it and sorted them all for the home page's top stories and
            # the sitemap index: 0.7-0.8 s each at 350k stories, against a short range scan
            # of the last_seen_at index (as articles do for copy_of).
            models.Index(
                fields=["merged_into"],
                condition=models.Q(merged_into__isnull=False),
                name="story_merged_into_merges",
            ),
        ]

    def __str__(self) -> str:
        return self.title

    def survivor(self) -> Story:
        """The story this one ends up in, merges followed (itself when never merged).

        The one way to follow merges: pages, feeds, the API and the desk all call it. A chain
        that comes back on itself (never written, but a row can be edited) stops there.
        """
        story, seen = self, {self.pk}
        while story.merged_into_id is not None and story.merged_into_id not in seen:
            seen.add(story.merged_into_id)
            story = Story.objects.get(pk=story.merged_into_id)
        return story


class Topic(models.Model):
    """A subject tag (the site's "hashtags"): politics, sport, a country..."""

    slug = models.SlugField(max_length=100, unique=True)
    name = models.CharField(max_length=200)

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.display_name

    @property
    def display_name(self) -> str:
        """The name in the interface language ("Économie" on a French page)."""
        return topic_display_name(self.slug, self.name)


class Entity(models.Model):
    """A person, organisation or place named in articles, with its aliases."""

    class Kind(models.TextChoices):
        PERSON = "person", "person"
        ORGANISATION = "organisation", "organisation"
        PLACE = "place", "place"

    slug = models.SlugField(max_length=150, unique=True)
    kind = models.CharField(max_length=16, choices=Kind.choices)
    name = models.CharField(max_length=300)
    country = models.CharField(max_length=2, blank=True)
    aliases = models.JSONField(default=list, blank=True)

    class Meta:
        verbose_name_plural = "entities"
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class ArticleTopic(models.Model):
    """An article tagged with a topic, with the scorer's confidence."""

    article = models.ForeignKey(
        "articles.Article", on_delete=models.CASCADE, related_name="topic_links"
    )
    topic = models.ForeignKey(Topic, on_delete=models.CASCADE, related_name="article_links")
    score = models.FloatField(default=0)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["article", "topic"], name="articletopic_unique")
        ]
        # Related articles read one topic's links over a range of article ids: with the
        # topic alone indexed, a broad topic's every link in the archive was read.
        indexes = [models.Index(fields=["topic", "article"], name="articletopic_topic_article")]

    def __str__(self) -> str:
        return f"{self.article_id} #{self.topic_id}"


class ArticleEntity(models.Model):
    """An entity mentioned by an article, with how often."""

    article = models.ForeignKey(
        "articles.Article", on_delete=models.CASCADE, related_name="entity_links"
    )
    entity = models.ForeignKey(Entity, on_delete=models.CASCADE, related_name="article_links")
    mentions = models.PositiveIntegerField(default=1)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["article", "entity"], name="articleentity_unique")
        ]
        indexes = [models.Index(fields=["entity", "article"], name="articleentity_entity_article")]

    def __str__(self) -> str:
        return f"{self.article_id} @{self.entity_id}"


class RelatedList(models.Model):
    """An article's related articles as `stories/queries.related_articles` last worked them
    out, kept so that a later view reads them instead of counting the links around it again.

    When a kept list may be used, and what forgets one, is in `stories/related_store.py`.
    Rows are made lazily, on an article's first view; none is needed for a page to work.
    """

    article = models.OneToOneField(
        "articles.Article", primary_key=True, on_delete=models.CASCADE, related_name="+"
    )
    related = models.CharField(max_length=200, blank=True)  # article ids, best first
    # The newest article id when the list was made: links of later articles are not in it.
    upto = models.BigIntegerField(db_index=True)
    # A digest of the definition it was made under (window, limits, thresholds): a list made
    # under another is never used.
    made_with = models.IntegerField()

    def __str__(self) -> str:
        return f"{self.article_id}: {self.related}"


class RelatedEpoch(models.Model):
    """One row counting the story desk's writes that can make a related list wrong (links
    placed, stories merged or split): a list worked out across one of them is not kept."""

    value = models.BigIntegerField(default=0)

    def __str__(self) -> str:
        return str(self.value)
