"""The temperature explorer: one trained character model, sampled at different temperatures.

Sampling needs the trained model, so the chapter computes the table once
(``nnlib.text.temperature_table``) and hands it to the explorer: for each
temperature, the distribution of the next character after a fixed prompt, and a
sample continuing it. The static face simply shows the same table.
"""
import html

import numpy as np

from .controls import ListSlider
from .explorer import Explorer
from .scene import Panel, Polygon, Scene, Text

TOP = 10  # characters shown in the bar chart


def temperature_scene(table, temperature):
    entry = table["temperatures"][temperature]
    probs = np.asarray(entry["probabilities"])
    order = np.argsort(-probs, kind="stable")[:TOP]
    items = []
    for k, i in enumerate(order):
        p = float(probs[i])
        items.append(Polygon([(k + 0.1, 0), (k + 0.9, 0), (k + 0.9, p), (k + 0.1, p)], "#0072B2", 0.8))
        label = {" ": "␣", "\n": "⏎"}.get(table["chars"][i], table["chars"][i])
        items += [Text(k + 0.5, -0.06, label, "#111111", 13), Text(k + 0.5, p + 0.05, f"{p:.2f}", "#333333", 10)]
    prompt = table["prompt"]
    panel = Panel(items, (0, TOP), (-0.12, 1.1), f"next character after “{prompt[-20:]}”, temperature {temperature:g}", "", "",
                  axis=False)
    sample = html.escape(entry["sample"][len(prompt):])
    note = (f"<p>Sample at temperature {temperature:g} (the prompt in bold):</p>"
            f"<pre style='white-space:pre-wrap'><b>{html.escape(prompt)}</b>{sample}</pre>")
    alt = f"At temperature {temperature:g} the most likely next character has probability {probs[order[0]]:.2f}."
    return Scene([panel], note, alt, size=(7.0, 3.4))


class TemperatureExplorer(Explorer):
    """Temperature of sampling from a trained character model: the next-character odds and a sample."""

    name = "temperature"

    def __init__(self, table, **values):
        self.table = table
        temps = tuple(sorted(table["temperatures"]))
        default = 1.0 if 1.0 in temps else temps[len(temps) // 2]
        self.controls = (ListSlider("temperature", "temperature", temps, default),)
        super().__init__(**values)

    def update(self, temperature):
        return temperature_scene(self.table, temperature)

    def live_arguments(self):
        """The table itself travels to the browser (the website's live mode): it needs no model there."""
        return {"table": self.table, **self.values}
