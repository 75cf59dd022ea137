// The website's live mode, in the page: explorers and exercises computed by the real nnlib in the reader's
// browser. A page loads this script only when the reader clicks "Run live" or "Edit and check here" (the
// buttons come from _ext/live_mode.py). It starts one Web Worker per page (live_worker.js: Pyodide, numpy
// and this site's nnlib, all from the site itself) and talks to it in requests, each with one answer.
//   * An explorer goes live: Pyodide rebuilds it from the recipe its static face carries, at the setting the
//     static face shows; its controls then cover their full live grids, fixed ones included, and each move
//     is computed in the worker and drawn by the page's one renderer (static_face.js, goLive).
//   * An exercise: the stub becomes an editable box; "Check" runs the chapter's imports, the reader's code
//     and the chapter's check cell in a fresh namespace, and shows what the checker printed, hints included.
// If anything fails the static face stays as it was, with the reason shown under the button.
(function () {
  "use strict";
  if (window.nnlibLive) return;
  const BASE = document.currentScript.src.replace(/[^/]*$/, ""); // the site's _live/ folder
  let worker = null, generation = 0, nextId = 0, keys = 0;
  const waiting = new Map(), listeners = new Set();
  const mark = (name) => performance.mark && performance.mark(name);

  // ----- the worker: one per page, restarted only when the reader stops a running check --------------
  function boot() {
    if (worker) return;
    generation += 1;
    worker = new Worker(BASE + "live_worker.js");
    worker.onmessage = (event) => {
      const m = event.data;
      if (m.type === "progress") { mark("nnx-live: " + m.text); listeners.forEach((f) => f(m.text)); return; }
      const w = waiting.get(m.id);
      if (!w) return;
      waiting.delete(m.id);
      if (m.ok) w.resolve(m.result); else w.reject(new Error(m.error));
    };
    worker.onerror = (event) => { event.preventDefault(); stop("the Python worker failed: " + (event.message || "unknown error")); };
  }
  function request(type, fields) {
    boot();
    return new Promise((resolve, reject) => {
      const id = ++nextId;
      waiting.set(id, { resolve: resolve, reject: reject });
      worker.postMessage(Object.assign({ id: id, type: type }, fields));
    });
  }
  function stop(reason) {
    if (worker) worker.terminate();
    worker = null;
    waiting.forEach((w) => w.reject(new Error(reason)));
    waiting.clear();
  }
  // Run ``task`` while ``status`` shows the loading steps (only the first task of a page waits for them).
  async function withProgress(status, task) {
    const show = (text) => { if (text !== "ready") status.textContent = text; };
    listeners.add(show);
    try { return await task(); } finally { listeners.delete(show); }
  }
  const lastLine = (error) => String(error.message || error).trim().split("\n").pop();

  // ----- explorers -------------------------------------------------------------------------------------
  // The recipe (JSON text): in the explorer's data, or (as the book's build leaves it) in a file of its own.
  async function recipeOf(root) {
    const recipe = JSON.parse(root.querySelector("script.nnx-data").textContent).recipe;
    if (!recipe) throw new Error("this explorer carries no recipe (the page was built before live mode)");
    if (!recipe.src) return JSON.stringify(recipe);
    const response = await fetch(recipe.src);
    if (!response.ok) throw new Error("its recipe: HTTP " + response.status);
    return response.text();
  }

  async function explorer(root, bar) {
    mark("nnx-live-start");
    const key = "e" + (++keys);
    try {
      const recipe = await recipeOf(root);
      const problem = JSON.parse(recipe).error;
      if (problem) throw new Error(problem);
      const staticIndex = {};
      root.querySelectorAll(".nnx-controls [data-control]").forEach((input) => { staticIndex[input.dataset.control] = Number(input.value); });
      const first = JSON.parse(await withProgress(bar.status, () => {
        bar.status.textContent = "Loading…";
        return request("start", { key: key, recipe: recipe, staticIndex: staticIndex });
      }));
      let built = generation, receive = null;
      const send = async (move) => {
        const slow = setTimeout(() => { bar.status.textContent = "Computing this setting (the first time can take a few seconds)…"; }, 300);
        try {
          if (built !== generation || !worker) { // the worker was restarted: rebuild, the move sets every control
            built = generation;
            await withProgress(bar.status, () => request("start", { key: key, recipe: recipe, staticIndex: {} }));
          }
          const scene = JSON.parse(await request("move", { key: key, move: move }));
          receive(scene);
          bar.status.textContent = "Live: each move is computed by nnlib in this page.";
        } catch (error) {
          bar.status.textContent = "This move failed: " + lastLine(error);
          receive({ type: "scene", seq: move.seq, index: move.index }); // frees the face for the next move
        } finally {
          clearTimeout(slow);
        }
      };
      receive = window.nnlibExplorer.goLive(root, { controls: first.controls }, first.scene, send);
      mark("nnx-live-first");
      bar.button.hidden = true;
      bar.status.textContent = "Live: each move is computed by nnlib in this page.";
    } catch (error) {
      bar.status.textContent = "Live mode failed (" + lastLine(error) + "); the precomputed frames still work.";
      bar.button.disabled = false;
      bar.button.textContent = "Try again";
    }
  }

  // ----- exercises ---------------------------------------------------------------------------------------
  const pages = new Map();
  function exercisesOf(url) {
    if (!pages.has(url)) {
      pages.set(url, fetch(url).then((r) => {
        if (!r.ok) throw new Error("the exercises of this page: HTTP " + r.status);
        return r.json();
      }));
    }
    return pages.get(url);
  }

  // Tab indents (four spaces, or every selected line), Shift+Tab dedents, Enter keeps the indentation,
  // Ctrl+Enter (Cmd+Enter) checks. Escape, then Tab, leaves the box: the keyboard is never trapped.
  function codeBox(textarea, run) {
    let escaped = false;
    const insert = (text) => {
      if (!document.execCommand || !document.execCommand("insertText", false, text)) {
        textarea.setRangeText(text, textarea.selectionStart, textarea.selectionEnd, "end");
      }
    };
    const fit = () => { textarea.rows = Math.max(4, textarea.value.split("\n").length + 1); };
    textarea.addEventListener("input", fit);
    textarea.addEventListener("keydown", (e) => {
      if (e.key === "Escape") { escaped = true; return; }
      const wasEscaped = escaped;
      escaped = false;
      const v = textarea.value, start = textarea.selectionStart, end = textarea.selectionEnd;
      const lineStart = v.lastIndexOf("\n", start - 1) + 1;
      if (e.key === "Enter" && (e.ctrlKey || e.metaKey)) { e.preventDefault(); run(); return; }
      if (e.key === "Tab" && !wasEscaped && !e.ctrlKey && !e.altKey && !e.metaKey) {
        e.preventDefault();
        if (start === end && !e.shiftKey) { insert(" ".repeat(4 - ((start - lineStart) % 4))); return; }
        const block = v.slice(lineStart, end);
        const changed = block.split("\n").map((line) => e.shiftKey ? line.replace(/^ {1,4}/, "") : "    " + line).join("\n");
        textarea.setSelectionRange(lineStart, end);
        insert(changed);
        textarea.setSelectionRange(lineStart, lineStart + changed.length);
        return;
      }
      if (e.key === "Enter" && !e.shiftKey && start === end) {
        e.preventDefault();
        const line = v.slice(lineStart, start), indent = /^ */.exec(line)[0];
        insert("\n" + indent + (/:\s*$/.test(line) ? "    " : ""));
      }
    });
    fit();
  }

  async function exercise(cell, k, url, bar) {
    try {
      const page = await exercisesOf(url);
      const item = page.exercises[k];
      if (!item) throw new Error("exercise " + (k + 1) + " is not in " + url);
      const box = document.createElement("div");
      box.className = "nnx-exercise";
      const textarea = document.createElement("textarea");
      textarea.spellcheck = false;
      textarea.value = item.stub;
      textarea.setAttribute("aria-label", "Your code (Tab indents; Escape then Tab leaves the box; Ctrl+Enter checks)");
      textarea.setAttribute("autocapitalize", "off");
      const row = document.createElement("div");
      row.className = "nnx-row";
      const check = document.createElement("button"), reset = document.createElement("button");
      const halt = document.createElement("button"), status = document.createElement("span");
      check.type = reset.type = halt.type = "button";
      check.textContent = "Check"; reset.textContent = "Reset"; halt.textContent = "Stop";
      check.className = "nnx-check"; halt.hidden = true;
      status.className = "nnx-status"; status.setAttribute("role", "status");
      row.append(check, reset, halt, status);
      const output = document.createElement("pre");
      output.className = "nnx-output";
      output.setAttribute("aria-live", "polite");
      output.hidden = true;
      box.append(textarea, row, output);
      cell.hidden = true; // the editable copy stands in for it; Reset brings its code back
      bar.box.replaceWith(box);
      let running = false;
      const run = async () => {
        if (running) return;
        running = true;
        check.disabled = true;
        const slow = setTimeout(() => { halt.hidden = false; }, 1500);
        status.textContent = "Running…";
        try {
          const printed = await withProgress(status, () => request("check", { setup: page.setup, code: textarea.value, check: item.check }));
          output.textContent = printed;
          output.hidden = false;
          box.dataset.checked = String(Number(box.dataset.checked || 0) + 1);
          status.textContent = "Checked in this page by nnlib.exercises.";
        } catch (error) {
          status.textContent = "The check did not run: " + lastLine(error);
        } finally {
          clearTimeout(slow);
          halt.hidden = true;
          check.disabled = false;
          running = false;
        }
      };
      codeBox(textarea, run);
      check.addEventListener("click", run);
      reset.addEventListener("click", () => { textarea.value = item.stub; textarea.dispatchEvent(new Event("input")); });
      halt.addEventListener("click", () => stop("stopped: Python restarts at the next check (live explorers too)"));
      textarea.focus();
      withProgress(status, () => request("load", {})).then(() => { if (!running) status.textContent = "Ready: edit the code, then Check."; },
        (error) => { status.textContent = "Python did not load: " + lastLine(error); });
    } catch (error) {
      bar.status.textContent = "Could not open the exercise: " + lastLine(error);
      bar.button.disabled = false;
    }
  }

  window.nnlibLive = { explorer: explorer, exercise: exercise, request: request, base: BASE };
})();
