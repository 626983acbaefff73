"""The README documents every topic of the taxonomy under its slug and name."""

from pathlib import Path

from broadsheet.enrichment import taxonomy

README = Path(__file__).resolve().parents[1] / "README.md"


def test_every_taxonomy_topic_is_documented_in_the_readme():
    text = README.read_text(encoding="utf-8")
    for slug, name in taxonomy().items():
        assert f"| `{slug}` | {name} |" in text, slug
