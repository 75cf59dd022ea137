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
  progress("Loading Python (Pyodide 0.27.7, about 14 MB)…");
  importScripts(BASE + "pyodide/pyodide.js");
  const pyodide = await loadPyodide({ indexURL: BASE + "pyodide/", env: { HOME: "/home/pyodide" } });
  progress("Loading numpy…");
  // Each package's sha256 is checked against the site's pyodide-lock.json as it loads.
  await pyodide.loadPackage(["numpy", "contourpy"], { messageCallback: () => {}, errorCallback: (m) => progress(m) });
  progress("Loading nnlib…");
  const response = await fetch(BASE + "nnlib.zip");
  if (!response.ok) throw new Error("nnlib.zip: HTTP " + response.status);
  pyodide.unpackArchive(await response.arrayBuffer(), "zip", { extractDir: "/lib/python3.12/site-packages" });
  const browser = pyodide.pyimport("nnlib.widgets.browser");
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
