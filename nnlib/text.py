"""Characters as data: a vocabulary, training windows, and a character-level language model.

A character-level language model reads text one character at a time and, at
every position, predicts the next character. Training pairs come for free:
the input is a window of the text, the target is the same window shifted by
one. ``CharLanguageModel`` is Embedding -> LSTM -> Dense on every step; it
keeps its LSTM state between calls, so ``generate`` can feed back one sampled
character at a time.

``split_text`` cuts a text into training, validation and test parts (the course's
held-out text is the last tenth of Genesis), and ``evaluate_language_model``
scores any such model on held-out text in nats and bits per character; chapter
9's transformer (``nnlib.transformer.CharTransformer``) trains and scores the same way.

The bundled text is the Book of Genesis in the King James Version (1611),
public domain, extracted from Debian's ``bible-kjv-text`` package: one verse
per line, chapters separated by a blank line, 196,867 characters.
"""
from importlib import resources

import numpy as np

from ._checks import as_rng
from .activations import log_softmax
from .layers import Dense
from .losses import CrossEntropyLoss
from .module import Layer
from .optim import clip_grad_norm
from .recurrent import LSTM, Embedding, TimeDistributed
from .sampling import sample, temperature_probabilities


def load_genesis():
    """The bundled text (a str of 196,867 characters)."""
    return resources.files(__package__).joinpath("datasets/genesis_kjv.txt").read_text(encoding="utf-8")


class Vocabulary:
    """The characters of a text, each with an index (in sorted order)."""

    def __init__(self, text):
        self.chars = sorted(set(text))
        self.index = {c: i for i, c in enumerate(self.chars)}

    def __len__(self):
        return len(self.chars)

    def encode(self, text):
        unknown = sorted(set(text) - set(self.index))
        if unknown:
            raise ValueError(f"Vocabulary: characters {unknown} are not in the vocabulary")
        return np.array([self.index[c] for c in text], dtype=np.int64)

    def decode(self, ids):
        return "".join(self.chars[i] for i in np.asarray(ids).ravel())


def windows(ids, length, starts):
    """Input windows ids[s : s + length] and targets ids[s + 1 : s + length + 1] for each start s: two (B, length) arrays."""
    offsets = np.asarray(starts)[:, None] + np.arange(length)
    return ids[offsets], ids[offsets + 1]


class CharLanguageModel(Layer):
    """Embedding -> LSTM -> Dense at every step: (N, T) character indices to (N, T, V) logits."""

    def __init__(self, vocab_size, embedding_dim=32, hidden_size=128, rng=None):
        gen = as_rng(rng)
        self.embed = Embedding(vocab_size, embedding_dim, rng=gen)
        self.lstm = LSTM(embedding_dim, hidden_size, rng=gen)
        self.head = TimeDistributed(Dense(hidden_size, vocab_size, rng=gen))

    def forward(self, ids, state=None):
        return self.head(self.lstm(self.embed(ids), state=state))

    def backward(self, grad_out):
        self.embed.backward(self.lstm.backward(self.head.backward(grad_out)))

    def parameters(self):
        return self.embed.parameters() + self.lstm.parameters() + self.head.parameters()

    def generate(self, vocab, prime, length, temperature=1.0, rng=None):
        """``prime`` followed by ``length`` sampled characters, each fed back as the next input."""
        gen = as_rng(rng)
        logits = self.forward(vocab.encode(prime)[None, :])
        out = []
        for _ in range(length):
            nxt = sample(logits[0, -1], temperature, gen)
            out.append(nxt)
            logits = self.forward(np.array([[nxt]]), state=self.lstm.state)
        return prime + vocab.decode(out)

    def __repr__(self):
        return f"CharLanguageModel({self.embed!r}, {self.lstm!r}, {self.head!r})"


def train_language_model(model, ids, optimizer, steps, length=50, batch_size=32, rng=None, max_norm=5.0,
                         report_every=None):
    """Train on random windows of ``ids``; return the loss (mean nats per character) of every step.

    Each step: draw ``batch_size`` windows, forward, cross-entropy over every
    position, backward through time, clip the gradient norm to ``max_norm``
    (recurrent gradients can explode), step.
    """
    gen, loss = as_rng(rng), CrossEntropyLoss()
    history = []
    for step in range(1, steps + 1):
        x, y = windows(ids, length, gen.integers(0, len(ids) - length - 1, size=batch_size))
        optimizer.zero_grad()
        logits = model(x)
        vocab = logits.shape[-1]
        history.append(loss(logits.reshape(-1, vocab), y.ravel()))
        model.backward(loss.backward().reshape(logits.shape))
        clip_grad_norm(model.parameters(), max_norm)
        optimizer.step()
        if report_every and step % report_every == 0:
            print(f"step {step:>5}/{steps}: loss {np.mean(history[-report_every:]):.3f} nats per character", flush=True)
    return history


def split_text(text, validation=0.1, test=0.1):
    """The course's split of a text into (train, validation, test): three consecutive slices, cut at line ends.

    The last ``test`` fraction is held out for the final score, the ``validation``
    fraction before it is for choosing settings, and the rest is for training.
    Consecutive slices, not random windows: a random window of the test part
    would overlap training windows and leak. ``split_text(load_genesis())`` is the
    split every chapter uses (the test part is the last chapters of Genesis).
    """
    if not (0 <= validation < 1 and 0 < test < 1 and validation + test < 1):
        raise ValueError(f"split_text: need 0 <= validation, 0 < test and validation + test < 1,"
                         f" got validation={validation!r}, test={test!r}")

    def cut(fraction):  # just after the first line end at or past this fraction of the text
        at = text.find("\n", int(len(text) * fraction))
        return len(text) if at < 0 else at + 1

    a, b = cut(1 - validation - test), cut(1 - test)
    return text[:a], text[a:b], text[b:]


def evaluate_language_model(model, ids, length=32, batch_size=256):
    """Mean cross-entropy of the next character over ``ids``: ``(nats, bits)`` per character.

    The text is cut into consecutive windows of ``length`` characters, each
    read from a fresh start (an LSTM from a zero state, a transformer with
    nothing before the window); every position of every window is scored, so
    two models evaluated with the same ``length`` see exactly the same contexts.
    Bits are nats / ln 2: a model scoring b bits per character could compress
    the text to about b bits a character.
    """
    ids = np.asarray(ids)
    count = (len(ids) - 1) // length
    if count < 1:
        raise ValueError(f"evaluate_language_model: need more than {length} characters, got {len(ids)}")
    total = 0.0
    for first in range(0, count, batch_size):
        x, y = windows(ids, length, np.arange(first, min(first + batch_size, count)) * length)
        logp = log_softmax(model(x), axis=-1)
        total -= np.take_along_axis(logp, y[..., None], axis=-1).sum()
    nats = total / (count * length)
    return nats, nats / np.log(2)


def temperature_table(model, vocab, prompt, temperatures, length=300, rng=None):
    """For each temperature: the next-character probabilities after ``prompt`` and a sample of ``length`` characters.

    The table feeds ``nnlib.widgets.TemperatureExplorer``; samples share one seeded generator, drawn in order.
    """
    gen = as_rng(rng)
    logits = model.forward(vocab.encode(prompt)[None, :])[0, -1]
    table = {"prompt": prompt, "chars": list(vocab.chars), "temperatures": {}}
    for t in temperatures:
        table["temperatures"][float(t)] = {
            "probabilities": temperature_probabilities(logits, t).tolist(),
            "sample": model.generate(vocab, prompt, length, t, gen),
        }
    return table
