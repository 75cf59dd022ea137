// The website's live mode, in a Web Worker: Pyodide (CPython in WebAssembly), numpy and this site's nnlib,
// all loaded from the site itself (../_live/), never from another host. live_site.js starts one worker per
// page and sends it requests {id, type, ...}; each gets one answer {id, ok, result | error}, and loading
// reports its progress as {type: "progress", text}. Python's side is nnlib/widgets/browser.py.
/* global importScripts, loadPyodide */
"use strict";

const BASE = self.location.href.replace(/[^/]*$/, ""); // the _live/ folder this script came from
let ready = null;

function progress(text) { self.postMessage({ type: "progress", text: text }); }

async function start() {
  const t0 = performance.now();
  const step = (text) => progress(text + " (" + ((performance.now() - t0) / 1000).toFixed(1) + " s)");
  const nnlib = fetch(BASE + "nnlib.zip"); // fetched while Python starts
  step("Loading Python, numpy and nnlib (Pyodide 0.27.7, about 17 MB)…");
  importScripts(BASE + "pyodide/pyodide.js");
  // numpy and contourpy download while Python starts; each package's sha256 is checked against the
  // site's pyodide-lock.json as it loads.
  const pyodide = await loadPyodide({ indexURL: BASE + "pyodide/", packages: ["numpy", "contourpy"],
    env: { HOME: "/home/pyodide" } });
  step("Python and numpy loaded; importing nnlib…");
  const response = await nnlib;
  if (!response.ok) throw new Error("nnlib.zip: HTTP " + response.status);
  pyodide.unpackArchive(await response.arrayBuffer(), "zip", { extractDir: "/lib/python3.12/site-packages" });
  const browser = pyodide.pyimport("nnlib.widgets.browser");
  pyodide.runPython("import nnlib.widgets");
  step("nnlib imported");
  return { pyodide: pyodide, browser: browser };
}

const handlers = {
  load: async () => { await ready; return "ready"; },
  start: async (m) => (await ready).browser.start(m.key, m.recipe, JSON.stringify(m.staticIndex || {})),
  move: async (m) => (await ready).browser.move(m.key, JSON.stringify(m.move)),
  check: async (m) => (await ready).browser.check(JSON.stringify(m.setup), m.code, m.check),
  run: async (m) => (await ready).pyodide.runPython(m.code), // tests and benchmarks: plain Python, answer as text
};

self.onmessage = async (event) => {
  const m = event.data;
  if (!ready) {
    ready = start();
    ready.then(() => progress("ready"), () => {});
  }
  try {
    const result = await handlers[m.type](m);
    self.postMessage({ id: m.id, ok: true, result: String(result) });
  } catch (error) {
    self.postMessage({ id: m.id, ok: false, error: String((error && error.message) || error) });
  }
};
