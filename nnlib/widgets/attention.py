"""The attention-weights explorer: where a trained character transformer looks.

The chapter trains ``nnlib.transformer.CharTransformer`` and hands it over; the
explorer runs it once on each sentence and keeps, for one layer, every head's
scaled scores q_i . k_j / sqrt(d). Each move of a control is then a softmax
of one (T, T) table: the head, the causal mask (on, as in training, or off, to
see what a query would pick from the future) and the temperature tau, which
divides the scores before the softmax. The weights are drawn twice: as a
heatmap (row = query, column = key) and as arrows from the chosen query to the
keys it reads, thicker and bluer for larger weights.
"""
import numpy as np

from ..activations import softmax
from ..attention import causal_mask
from .controls import Choice, IntSlider, ListSlider
from .explorer import Explorer
from .scene import Line, Panel, Polygon, Raster, Scene, Text, rectangle

SENTENCES = ("And God remembered Noah,", "In the sweat of thy face", "And Joseph said unto his")
SHOWN = {" ": "␣", "\n": "⏎"}
ARROW_MIN, ARROWS = 0.05, 6  # arrows for the 6 largest weights at most, if at least 0.05
QUERY_COLOR = "#D55E00"
# Arrows go from grey (weight 0) to blue (weight 1): every shade stands out 3:1 from a white page and from a
# dark one, so the renderer draws each exactly as given (a shade it had to lighten or darken would no longer
# match its arrowhead, a filled polygon) and the two themes show the same ramp.
ARROW_LOW, ARROW_HIGH = (0x8C, 0x8C, 0x8C), (0x00, 0x72, 0xB2)


def attention_scores(model, vocab, sentence, layer=0):
    """(heads, T, T): one layer's scaled scores q_i . k_j / sqrt(d) when ``model`` reads ``sentence``."""
    model.forward(vocab.encode(sentence)[None, :])
    attn = model.blocks[layer].attn
    return attn.q[0] @ attn.k[0].transpose(0, 2, 1) / np.sqrt(attn.head_dim)


def attention_weights(scores, causal=True, temperature=1.0):
    """softmax(scores / temperature) row by row, with keys after the query masked out if ``causal``."""
    s = scores / temperature
    if causal:
        s = np.where(causal_mask(s.shape[-2], s.shape[-1]), -np.inf, s)
    return softmax(s, axis=-1)


def arrow_color(weight):
    """Grey for small weights to blue for weight 1, in tenths (quantised: frames share their arrows)."""
    t = min(1.0, round(weight * 10) / 10)
    return "#" + "".join(f"{int(round(a + (b - a) * t)):02x}" for a, b in zip(ARROW_LOW, ARROW_HIGH))


def _arrow(x0, y0, x1, y1, weight):
    """A line from (x0, y0) to (x1, y1) with a filled head at the end; width and colour grow with ``weight``."""
    w = round(weight * 10) / 10
    color, width = arrow_color(weight), 0.8 + 5 * w
    d = np.array([x1 - x0, y1 - y0])
    d /= np.linalg.norm(d)
    n = np.array([-d[1], d[0]])
    tip = np.array([x1, y1])
    base = tip - 0.45 * d
    head = [tip, base + (0.18 + 0.12 * w) * n, base - (0.18 + 0.12 * w) * n]
    return [Line(np.round([(x0, y0), tuple(base)], 3), color, width), Polygon(np.round(head, 3), color, 1.0)]


def attention_scene(sentence, scores, query, head, mask, temperature):
    """The weights of one head as a heatmap (top) and as arrows from the query to the keys (bottom)."""
    T = len(sentence)
    w = attention_weights(scores[head - 1], mask == "causal", temperature)
    chars = [SHOWN.get(c, c) for c in sentence]
    # the heatmap occupies y in [top, top + T]; the characters under it label its columns and the keys, and the
    # arrows rise to them from the query at the bottom through a band tall enough to read on a phone
    top = 6.4
    # the grey palette is white up to its middle: vmin -1 puts white at weight 0 and black at 1
    items = [Raster(w, (0, T, top, top + T), -1.0, 1.0, "gray"), Line(rectangle(0, top, T, top + T), "#555555", 1.0),
             Line(rectangle(0, top + T - query - 1, T, top + T - query), QUERY_COLOR, 2.0),
             Text(-0.7, top + T - query - 0.5, chars[query], QUERY_COLOR, 12)]
    row = w[query]
    order = np.argsort(-row, kind="stable")
    for j in order[:ARROWS][row[order[:ARROWS]] >= ARROW_MIN]:
        items += _arrow(query + 0.5, 0.75, j + 0.5, top - 1.05, row[j])
    items += [Text(j + 0.5, top - 0.5, c, "#111111", 12) for j, c in enumerate(chars)]
    items += [Text(query + 0.5, 0.3, chars[query], QUERY_COLOR, 14),
              Text(-0.7, top - 0.5, "k", "#555555", 11), Text(-0.7, 0.3, "q", QUERY_COLOR, 11)]
    title = f"head {head}, mask: {mask}, temperature {temperature:g}"
    panel = Panel(items, (-1.5, T + 0.2), (-0.2, top + T + 0.2), title, equal=True, axis=False)
    top3 = ", ".join(f"“{chars[j]}” at {j} ({row[j]:.2f})" for j in order[:3])
    seen = "only itself and the characters before it" if mask == "causal" else "every character, even later ones"
    html = [f"<p>The query “{chars[query]}” at position {query} of “{sentence}” sees {seen}.",  # fragments recur
            f" Its largest weights: {top3}.", " Heatmap: one row per query (its row is framed), one column per key;"
            " black is weight 1.</p>"]
    alt = f"Head {head}, query {query}: largest weight {row[order[0]]:.2f}, on position {order[0]}."
    return Scene([panel], html, alt, size=(5.6, 7.0))


class AttentionExplorer(Explorer):
    """A trained ``CharTransformer``'s attention weights on a few sentences: pick the query, head, mask, temperature."""

    name = "attention-weights"

    def __init__(self, model, vocab, sentences=SENTENCES, layer=0, **values):
        lengths = {len(s) for s in sentences}
        if len(lengths) != 1:
            raise ValueError(f"AttentionExplorer: the sentences must have one length (one query slider), got {sorted(lengths)}")
        self._setup({s: attention_scores(model, vocab, s, layer) for s in sentences}, values)

    @classmethod
    def from_scores(cls, scores, **values):
        """The explorer from each sentence's scores ``(heads, T, T)``, without the model (the website's live mode)."""
        explorer = cls.__new__(cls)
        explorer._setup(scores, values)
        return explorer

    @classmethod
    def from_live_arguments(cls, scores, **values):
        return cls.from_scores(scores, **values)

    def live_arguments(self):
        return {"scores": self.scores, **self.values}

    def _setup(self, scores, values):
        sentences = tuple(scores)
        T, heads = len(sentences[0]), len(scores[sentences[0]])
        self.scores = scores
        self.controls = (
            Choice("sentence", "sentence", tuple(sentences), sentences[0], static_options=(sentences[0],)),
            IntSlider("query", "query position", 0, T - 1, 1, min(12, T - 1)),
            IntSlider("head", "head", 1, heads, 1, 1),
            Choice("mask", "mask", ("causal", "none"), "causal"),
            ListSlider("temperature", "temperature", (0.25, 0.5, 1.0, 2.0, 4.0), 1.0, static_values=(0.5, 1.0, 2.0)),
        )
        super().__init__(**values)

    def update(self, sentence, query, head, mask, temperature):
        return attention_scene(sentence, self.scores[sentence], query, head, mask, temperature)
