// The one renderer of nnlib's explorers: a Scene (panels of polygons, lines, points, text and
// rasters, see scene.py) drawn as SVG, for three faces:
//   * the website's static face: precomputed frames, no kernel (mount)
//   * the notebook's live face: an anywidget whose kernel sends each new scene as JSON (afm)
//   * the website's live mode: Pyodide in the page computes each scene (goLive, with live_site.js)
// The SVG is laid out for the width it gets, in CSS pixels, so text keeps its size on a
// phone (panels stack) and on a desktop; its colours follow the page's light or dark theme.
// nnlib/widgets/svg.py draws the same layout at the scene's natural size, server-side, for
// the face a reader meets before running the notebook.
function nnlibFactory() {
  "use strict";
  const SVG = "http://www.w3.org/2000/svg";
  const FONT = "DejaVu Sans, Verdana, Arial, sans-serif";
  const MIN_TEXT = 11, TITLE = 13, LABEL = 12, TICK = 11, LEGEND = 11;
  const MIN_PANEL = 240; // narrower than this per panel and the panels stack
  // Neutral colours of the scenes stand for roles that follow the theme.
  const NEUTRAL = { "#000000": "ink", "#111111": "ink", "#222222": "ink", "#333333": "ink", "#555555": "muted",
    "#9aa5b1": "faint", "#c3cad2": "faint", "#ffffff": "paper" };

  // ----- colours ---------------------------------------------------------------------------
  function rgb(c) {
    if (Array.isArray(c)) return c;
    const m = /^#([0-9a-f]{6})$/i.exec(c);
    if (m) return [0, 2, 4].map((i) => parseInt(m[1].slice(i, i + 2), 16));
    const n = /rgba?\(([^)]+)\)/.exec(c);
    return n ? n[1].split(",").slice(0, 3).map(Number) : [0, 0, 0];
  }
  const hex = (c) => "#" + rgb(c).map((v) => Math.round(Math.min(255, Math.max(0, v))).toString(16).padStart(2, "0")).join("");
  function luminance(c) {
    const [r, g, b] = rgb(c).map((v) => { v /= 255; return v <= 0.03928 ? v / 12.92 : Math.pow((v + 0.055) / 1.055, 2.4); });
    return 0.2126 * r + 0.7152 * g + 0.0722 * b;
  }
  function contrast(a, b) {
    const [x, y] = [luminance(a), luminance(b)].sort((p, q) => q - p);
    return (x + 0.05) / (y + 0.05);
  }
  const mix = (a, b, t) => hex(rgb(a).map((v, i) => v + (rgb(b)[i] - v) * t));
  // Move a colour towards black (light background) or white (dark one) until it stands out.
  function legible(c, bg, ratio) {
    const target = luminance(bg) > 0.4 ? "#000000" : "#ffffff";
    for (let t = 0; t <= 1.0001; t += 0.05) {
      const d = mix(c, target, t);
      if (contrast(d, bg) >= ratio) return d;
    }
    return target;
  }

  // The theme's colours, read from CSS custom properties (static_face.css).
  function themeOf(root, forceLight) {
    if (forceLight || !root || typeof getComputedStyle === "undefined") {
      return { bg: "#ffffff", ink: "#222222", muted: "#555555", faint: "#a8b0b9", paper: "#ffffff", dark: false };
    }
    const probe = document.createElement("span");
    root.appendChild(probe);
    const read = (v, fallback) => {
      probe.style.color = fallback; probe.style.color = "var(" + v + ")";
      return hex(getComputedStyle(probe).color);
    };
    const bg = read("--nnx-bg", "#ffffff"), ink = read("--nnx-ink", "#222222"), muted = read("--nnx-muted", "#555555");
    probe.remove();
    const dark = luminance(bg) < 0.4;
    return { bg: bg, ink: legible(ink, bg, 7), muted: legible(muted, bg, 4.5), faint: mix(bg, ink, 0.35), paper: bg, dark: dark };
  }

  function painter(theme) {
    const role = (c) => NEUTRAL[String(c).toLowerCase()];
    return {
      stroke(c) { const r = role(c); return r ? theme[r] : legible(c, theme.bg, 3); },
      text(c, under) {
        if (under) return contrast(c, under) >= 4.5 ? c : (contrast("#111111", under) > contrast("#ffffff", under) ? "#111111" : "#ffffff");
        const r = role(c);
        return legible(r ? theme[r] : c, theme.bg, 4.5);
      },
      fill(c, alpha) {
        const r = role(c);
        if (r) return [theme[r], alpha];
        // A pale fill would light up a dark page: keep its hue, as a tint.
        return [c, theme.dark && luminance(c) > 0.5 ? Math.min(alpha, 0.28) : alpha];
      },
      point(c) { const r = role(c); return r ? theme[r] : legible(c, theme.bg, 2); },
    };
  }

  // ----- text measurement and wrapping --------------------------------------------------------
  let ctx = null;
  function textWidth(s, size, bold) {
    if (typeof document !== "undefined") {
      ctx = ctx || document.createElement("canvas").getContext("2d");
      if (ctx) { ctx.font = (bold ? "bold " : "") + size + "px " + FONT; return ctx.measureText(s).width; }
    }
    return (bold ? 0.68 : 0.62) * size * s.length;
  }
  function wrap(s, size, width, bold) {
    if (!s) return [];
    const lines = [];
    let line = "";
    for (const word of s.split(" ")) {
      const next = line ? line + " " + word : word;
      if (line && textWidth(next, size, bold) > width) { lines.push(line); line = word; } else line = next;
    }
    lines.push(line);
    return lines;
  }

  // ----- layout --------------------------------------------------------------------------------
  // Side by side when each panel gets MIN_PANEL px, else stacked; never wider than natural.
  function layout(scene, available) {
    const n = scene.panels.length, natural = scene.width / n;
    const width = Math.max(160, Math.min(available || scene.width, scene.width));
    const stacked = n > 1 && width / n < MIN_PANEL;
    const pw = stacked ? Math.min(width, natural * 1.15) : width / n;
    const ph = Math.max(150, Math.round(scene.height * Math.min(1, pw / natural)));
    const boxes = scene.panels.map((_, p) => stacked ? { x: 0, y: p * ph, w: pw, h: ph } : { x: p * pw, y: 0, w: pw, h: ph });
    return { width: stacked ? pw : width, height: stacked ? n * ph : ph, boxes: boxes, stacked: stacked };
  }

  function margins(meta, box) {
    const titleLines = wrap(meta.title, TITLE, box.w - 12, true);
    const legendRows = legendLayout(meta.legend || [], box.w - 16);
    const axis = meta.axis !== false;
    const top = 6 + titleLines.length * (TITLE + 4) + legendRows.length * (LEGEND + 6) + (axis ? 6 : 2);
    return { titleLines: titleLines, legendRows: legendRows, top: top, left: axis ? (meta.ylabel ? 52 : 40) : 4,
      right: axis ? 12 : 4, bottom: axis ? (meta.xlabel ? 40 : 24) : (meta.xlabel ? 22 : 4) };
  }

  function legendLayout(entries, width) {
    const rows = [];
    let row = [], x = 0;
    entries.forEach(([label, color, dashed]) => {
      const w = 26 + textWidth(label, LEGEND) + 14;
      if (row.length && x + w > width) { rows.push(row); row = []; x = 0; }
      row.push({ label: label, color: color, dashed: dashed, x: x }); x += w;
    });
    if (row.length) rows.push(row);
    return rows;
  }

  function scales(meta, box, m) {
    let w = box.w - m.left - m.right, h = box.h - m.top - m.bottom;
    const dx = meta.xlim[1] - meta.xlim[0], dy = meta.ylim[1] - meta.ylim[0];
    let x0 = box.x + m.left, y0 = box.y + m.top;
    if (meta.equal) {
      const k = Math.min(w / dx, h / dy);
      x0 += (w - k * dx) / 2; y0 += (h - k * dy) / 2; w = k * dx; h = k * dy;
    }
    return {
      x: (v) => x0 + ((v - meta.xlim[0]) / dx) * w,
      y: (v) => y0 + h - ((v - meta.ylim[0]) / dy) * h,
      area: { x: x0, y: y0, w: w, h: h },
    };
  }

  // ----- drawing -------------------------------------------------------------------------------
  function el(tag, attrs, parent, text) {
    const node = document.createElementNS(SVG, tag);
    for (const k in attrs) node.setAttribute(k, attrs[k]);
    if (text !== undefined) node.textContent = text;
    if (parent) parent.appendChild(node);
    return node;
  }
  const f1 = (v) => (Math.round(v * 10) / 10).toString();
  const pts = (xy, s) => xy.map((p) => f1(s.x(p[0])) + "," + f1(s.y(p[1]))).join(" ");

  function rasterColour(it, level) {
    const [lo, mid, hi] = it.palette, t = level / 100;
    const a = t < 0.5 ? lo : mid, b = t < 0.5 ? mid : hi, u = t < 0.5 ? 2 * t : 2 * t - 1;
    return a.map((c, i) => Math.round(255 * (c + (b[i] - c) * u)));
  }
  // The raster cell under a data point, if any: text drawn there contrasts with that cell.
  function cellUnder(items, x, y) {
    for (let k = items.length - 1; k >= 0; k--) {
      const it = items[k];
      if (it.kind !== "raster") continue;
      const [x0, x1, y0, y1] = it.extent;
      if (x < x0 || x >= x1 || y <= y0 || y > y1) continue;
      const col = Math.floor(((x - x0) / (x1 - x0)) * it.cols), row = Math.floor(((y1 - y) / (y1 - y0)) * it.rows);
      return hex(rasterColour(it, it.levels[row * it.cols + col]));
    }
    return null;
  }

  const draw = {
    polygon(g, it, s, paint) {
      const [fill, alpha] = paint.fill(it.color, it.alpha);
      el("polygon", { points: pts(it.xy, s), fill: fill, "fill-opacity": alpha }, g);
    },
    line(g, it, s, paint) {
      el("polyline", { points: pts(it.xy, s), fill: "none", stroke: paint.stroke(it.color), "stroke-width": it.width,
        "stroke-linejoin": "round", "stroke-dasharray": it.dashed ? "7 4" : "none" }, g);
    },
    points(g, it, s, paint) {
      it.xy.forEach((p, i) => {
        const edge = it.edges && it.edges[i];
        el("circle", { cx: f1(s.x(p[0])), cy: f1(s.y(p[1])), r: it.size, fill: paint.point(it.colors[i]),
          stroke: edge ? paint.stroke(edge) : "none", "stroke-width": edge ? 3 : 0 }, g);
      });
    },
    raster(g, it, s) {
      const [x0, x1, y0, y1] = it.extent;
      const w = (s.x(x1) - s.x(x0)) / it.cols, h = (s.y(y0) - s.y(y1)) / it.rows;
      it.levels.forEach((level, k) => {
        el("rect", { x: f1(s.x(x0) + (k % it.cols) * w), y: f1(s.y(y1) + Math.floor(k / it.cols) * h),
          width: f1(w + 0.5), height: f1(h + 0.5), fill: "rgb(" + rasterColour(it, level).join(",") + ")" }, g);
      });
    },
    text(g, it, s, paint, items, labels) {
      const under = cellUnder(items, it.x, it.y);
      const attrs = { x: f1(s.x(it.x)), y: f1(s.y(it.y)), fill: paint.text(it.color, under),
        "font-size": Math.max(MIN_TEXT, it.size), "text-anchor": it.anchor || "middle", "dominant-baseline": "central" };
      if (under) attrs["data-bg"] = under;
      el("text", attrs, labels, it.text);
    },
  };

  function drawPanel(svg, panel, box, paint, theme, id) {
    const meta = panel.meta, m = margins(meta, box), s = scales(meta, box, m), a = s.area;
    const clip = el("clipPath", { id: id }, svg);
    el("rect", { x: f1(a.x - 1.5), y: f1(a.y - 1.5), width: f1(a.w + 3), height: f1(a.h + 3) }, clip); // frames drawn whole
    const g = el("g", { "clip-path": "url(#" + id + ")" }, svg);
    const labels = el("g", {}, svg); // text on top of every shape, not clipped
    panel.items.forEach((it) => draw[it.kind](g, it, s, paint, panel.items, labels));
    let y = box.y + 6;
    m.titleLines.forEach((line) => {
      el("text", { x: f1(box.x + box.w / 2), y: y + TITLE, "text-anchor": "middle", "font-size": TITLE, fill: theme.ink,
        "font-weight": "bold" }, svg, line);
      y += TITLE + 4;
    });
    m.legendRows.forEach((row) => {
      const width = row.length ? row[row.length - 1].x + 26 + textWidth(row[row.length - 1].label, LEGEND) : 0;
      const left = box.x + (box.w - width) / 2;
      row.forEach((e) => {
        el("line", { x1: f1(left + e.x), x2: f1(left + e.x + 22), y1: y + 9, y2: y + 9, stroke: paint.stroke(e.color),
          "stroke-width": 3, "stroke-dasharray": e.dashed ? "6 3" : "none" }, svg);
        el("text", { x: f1(left + e.x + 26), y: y + 9, "font-size": LEGEND, fill: theme.ink, "dominant-baseline": "central" }, svg, e.label);
      });
      y += LEGEND + 6;
    });
    if (meta.axis === false) {
      if (meta.xlabel) el("text", { x: f1(a.x + a.w / 2), y: f1(box.y + box.h - 6), "text-anchor": "middle",
        "font-size": LABEL, fill: theme.muted }, svg, meta.xlabel);
      return;
    }
    el("rect", { x: f1(a.x), y: f1(a.y), width: f1(a.w), height: f1(a.h), fill: "none", stroke: theme.muted }, svg);
    const tick = { "font-size": TICK, fill: theme.muted };
    const label = (t) => String(+t.toFixed(6)).replace("-", "−");
    meta.xticks.forEach((t) => {
      el("line", { x1: f1(s.x(t)), x2: f1(s.x(t)), y1: f1(a.y + a.h), y2: f1(a.y + a.h + 4), stroke: theme.muted }, svg);
      el("text", Object.assign({ x: f1(s.x(t)), y: f1(a.y + a.h + 16), "text-anchor": "middle" }, tick), svg, label(t));
    });
    meta.yticks.forEach((t) => {
      el("line", { x1: f1(a.x - 4), x2: f1(a.x), y1: f1(s.y(t)), y2: f1(s.y(t)), stroke: theme.muted }, svg);
      el("text", Object.assign({ x: f1(a.x - 7), y: f1(s.y(t)), "text-anchor": "end", "dominant-baseline": "central" }, tick),
        svg, label(t));
    });
    if (meta.xlabel) el("text", { x: f1(a.x + a.w / 2), y: f1(box.y + box.h - 7), "text-anchor": "middle", "font-size": LABEL,
      fill: theme.ink }, svg, meta.xlabel);
    if (meta.ylabel) el("text", { x: 0, y: 0, "text-anchor": "middle", "font-size": LABEL, fill: theme.ink,
      transform: "translate(" + f1(box.x + 14) + "," + f1(a.y + a.h / 2) + ") rotate(-90)" }, svg, meta.ylabel);
  }

  let counter = 0;
  // Draw ``scene`` ({width, height, panels: [{meta, items}], html, alt}) into ``figure``.
  function renderScene(figure, scene, options) {
    options = options || {};
    const root = figure.closest(".nnx") || figure;
    const theme = themeOf(root, options.light);
    // whole pixels, never more than the figure has: the SVG is drawn at 1:1, its text at its size
    const width = options.width || Math.floor(figure.getBoundingClientRect().width) || scene.width;
    const lay = layout(scene, width);
    const svg = el("svg", { viewBox: "0 0 " + f1(lay.width) + " " + f1(lay.height), width: f1(lay.width),
      height: f1(lay.height), role: "img", "aria-label": scene.alt, "font-family": FONT, class: "nnx-svg" });
    el("title", {}, svg, scene.alt);
    el("rect", { x: 0, y: 0, width: f1(lay.width), height: f1(lay.height), fill: theme.bg }, svg);
    const uid = "nnx" + counter++;
    const paint = painter(theme);
    scene.panels.forEach((panel, p) => drawPanel(svg, panel, lay.boxes[p], paint, theme, uid + "c" + p));
    figure.replaceChildren(svg);
    figure.dataset.layout = lay.stacked ? "stacked" : "row";
    figure.nnxScene = scene;
    return svg;
  }

  // Re-draw on a new width or theme (and in light colours for print).
  function keepFresh(figure) {
    const widthOf = () => Math.floor(figure.getBoundingClientRect().width);
    let lastWidth = widthOf(), printing = false;
    const again = () => figure.nnxScene && renderScene(figure, figure.nnxScene, { light: printing });
    if (typeof ResizeObserver !== "undefined") {
      new ResizeObserver(() => {
        if (widthOf() !== lastWidth) { lastWidth = widthOf(); again(); }
      }).observe(figure);
    }
    const watch = new MutationObserver(again);
    watch.observe(document.documentElement, { attributes: true, attributeFilter: ["data-theme", "data-mode"] });
    if (document.body) watch.observe(document.body, { attributes: true, attributeFilter: ["data-jp-theme-light"] });
    window.addEventListener("beforeprint", () => { printing = true; again(); });
    window.addEventListener("afterprint", () => { printing = false; again(); });
  }

  // ----- controls ------------------------------------------------------------------------------
  // specs: [{name, label, kind: "range" | "select", labels, index, group}]; onInput(name) on every move.
  function buildControls(box, specs, onInput) {
    const inputs = {}, outputs = {}, groups = {};
    specs.forEach((c) => {
      let parent = box;
      if (c.group) {
        if (!groups[c.group]) {
          groups[c.group] = document.createElement("fieldset");
          groups[c.group].className = "nnx-group";
          const legend = document.createElement("legend");
          legend.textContent = c.group;
          groups[c.group].appendChild(legend);
          box.appendChild(groups[c.group]);
        }
        parent = groups[c.group];
      }
      const label = document.createElement("label");
      const name = document.createElement("span");
      name.className = "nnx-label";
      name.textContent = c.label;
      label.appendChild(name);
      let input;
      if (c.kind === "select") {
        input = document.createElement("select");
        c.labels.forEach((text, k) => {
          const option = document.createElement("option");
          option.value = k; option.textContent = text;
          input.appendChild(option);
        });
      } else {
        input = document.createElement("input");
        Object.assign(input, { type: "range", min: 0, max: c.labels.length - 1, step: 1 });
      }
      input.value = c.index;
      input.dataset.control = c.name;
      input.setAttribute("aria-label", c.label);
      label.appendChild(input);
      if (c.kind !== "select") {
        const out = document.createElement("output");
        out.textContent = c.labels[c.index];
        label.appendChild(out);
        outputs[c.name] = out;
        input.setAttribute("aria-valuetext", c.labels[c.index]);
      }
      // Keys on a control belong to it, not to the notebook's shortcuts, which would move between
      // cells on an arrow key: Lumino (JupyterLab, Notebook 7) skips shortcuts whose target carries
      // this attribute, and front ends that listen further up never see the key.
      input.setAttribute("data-lm-suppress-shortcuts", "true");
      input.addEventListener("keydown", (e) => e.stopPropagation());
      input.addEventListener("input", () => {
        if (outputs[c.name]) {
          outputs[c.name].textContent = c.labels[input.value];
          input.setAttribute("aria-valuetext", c.labels[input.value]);
        }
        onInput(c.name);
      });
      inputs[c.name] = input;
      parent.appendChild(label);
    });
    return {
      index() { const out = {}; for (const k in inputs) out[k] = Number(inputs[k].value); return out; },
      set(index) {
        specs.forEach((c) => {
          const i = index[c.name];
          if (i === undefined || !inputs[c.name] || Number(inputs[c.name].value) === i) return;
          inputs[c.name].value = i;
          if (outputs[c.name]) outputs[c.name].textContent = c.labels[i];
        });
      },
    };
  }

  function caption(specs, index) {
    return specs.map((c) => c.label + " = " + c.labels[index[c.name] !== undefined ? index[c.name] : c.index]).join(", ");
  }

  // The note under the figure keeps the height of its longest text: moving a slider never
  // makes the page jump. ``samples`` are the longest notes known in advance.
  function reserveNote(note, samples) {
    let reserved = 0;
    const measure = () => {
      if (!note.isConnected || !note.clientWidth) return;
      const probe = note.cloneNode(false);
      probe.style.cssText = "position:absolute;visibility:hidden;left:-9999px;min-height:0;width:" + note.clientWidth + "px";
      note.parentElement.appendChild(probe);
      reserved = 0;
      samples.forEach((html) => { probe.innerHTML = html; reserved = Math.max(reserved, probe.offsetHeight); });
      probe.remove();
      grow();
    };
    const grow = () => {
      note.style.minHeight = "";
      reserved = Math.max(reserved, note.offsetHeight);
      note.style.minHeight = reserved + "px";
    };
    measure();
    if (typeof ResizeObserver !== "undefined") {
      let width = note.clientWidth;
      new ResizeObserver(() => { if (note.clientWidth !== width) { width = note.clientWidth; measure(); } }).observe(note);
    }
    return grow;
  }

  function longest(notes, k) {
    const text = (h) => h.replace(/<[^>]*>/g, "").length + 40 * (h.match(/<(p|tr|pre|br)\b/g) || []).length;
    return Array.from(new Set(notes)).sort((a, b) => text(b) - text(a)).slice(0, k);
  }

  // ----- the website's static face ---------------------------------------------------------------
  function frameScene(data, frame) {
    const T = data.table;
    return { width: data.width, height: data.height,
      panels: frame[0].map(([meta, items]) => ({ meta: T[meta], items: items.map((i) => T[i]) })),
      html: frame[1].map((i) => T[i]).join(""), alt: frame[2].map((i) => T[i]).join("") };
  }

  function mount(root) {
    if (root.dataset.mounted) return;
    root.dataset.mounted = "1";
    root.removeAttribute("style"); // the plain colours of the script-free face give way to the theme's
    const data = JSON.parse(root.querySelector("script.nnx-data").textContent);
    const figure = root.querySelector(".nnx-figure"), note = root.querySelector(".nnx-note");
    const box = root.querySelector(".nnx-controls"), cap = root.querySelector(".nnx-caption");
    const hint = root.querySelector(".nnx-hint");
    if (hint) hint.remove();
    const shown = data.controls.filter((c) => !c.live_only);
    const moving = shown.filter((c) => c.labels.length > 1), fixed = shown.filter((c) => c.labels.length === 1);
    const specs = moving.map((c) => Object.assign({}, c));
    const controls = buildControls(box, specs, render);
    if (fixed.length) {
      const line = document.createElement("p");
      line.className = "nnx-fixed";
      line.textContent = "Fixed on this page: " + caption(fixed, {}) + " (Run live, or run the notebook, to change them).";
      box.appendChild(line);
    }
    let grow = null;
    function render() {
      const index = controls.index();
      let k = 0;
      data.controls.forEach((c) => { k = k * c.labels.length + (index[c.name] || 0); });
      const scene = frameScene(data, data.frames[k]);
      renderScene(figure, scene);
      note.innerHTML = scene.html;
      if (cap) cap.textContent = "Shown: " + caption(shown, index) + ".";
      root.dataset.frame = k;
      if (grow) grow();
    }
    render();
    keepFresh(figure);
    grow = reserveNote(note, longest(data.frames.map((f) => f[1].map((i) => data.table[i]).join("")), 6));
  }

  // ----- a face whose scenes are computed elsewhere: the notebook's kernel, or Pyodide in the page ---------
  // Each move calls send({type: "move", seq, index, changed}) (index: each control's position in its live
  // grid); the answer, {type: "scene", seq, index, ...scene}, goes to the returned receive(). At most one
  // move is in flight: moves made meanwhile collapse into one.
  function connect(root, box, figure, note, spec, send, onShow) {
    let seq = 0, inflight = 0, pending = null, grow = null;
    const controls = buildControls(box, spec.controls, (name) => { pending = name; pump(); });
    function pump() {
      if (inflight || pending === null) return;
      inflight = ++seq;
      mark("nnx-request");
      send({ type: "move", seq: seq, index: controls.index(), changed: pending });
      pending = null;
    }
    function show(scene) {
      if (!scene || !scene.panels) return;
      mark("nnx-scene");
      renderScene(figure, scene);
      note.innerHTML = scene.html;
      mark("nnx-drawn");
      root.dataset.frame = scene.seq;
      if (grow) grow();
      if (onShow) onShow(scene);
    }
    function receive(message) {
      if (!message || message.type !== "scene") return;
      show(message);
      if (message.seq >= inflight) { inflight = 0; if (pending === null) controls.set(message.index); }
      pump();
    }
    return { show: show, receive: receive, reserve(samples) { grow = reserveNote(note, samples); } };
  }

  // Timestamps a benchmark can read (bench/lab_latency.py, bench/live_latency.py): request sent, scene
  // received, scene drawn.
  const mark = (name) => typeof performance !== "undefined" && performance.mark && performance.mark(name);

  // ----- the notebook's live face (anywidget) ----------------------------------------------------
  // The kernel holds the explorer and answers each move as a custom message. Trait "spec" describes the
  // controls, trait "scene" holds the first scene (drawn at once).
  const afm = {
    render({ model, el: host }) {
      const spec = model.get("spec");
      const root = document.createElement("div");
      root.className = "nnx nnx-live";
      root.dataset.explorer = spec.name;
      root.setAttribute("data-lm-suppress-shortcuts", "true");
      const box = document.createElement("div"), figure = document.createElement("div"), note = document.createElement("div");
      box.className = "nnx-controls"; figure.className = "nnx-figure"; note.className = "nnx-note";
      figure.setAttribute("role", "group");
      root.append(box, figure, note);
      host.appendChild(root);
      const face = connect(root, box, figure, note, spec, (move) => model.send(move));
      model.on("msg:custom", face.receive);
      face.show(model.get("scene"));
      requestAnimationFrame(() => { face.reserve(spec.notes || []); keepFresh(figure); face.show(figure.nnxScene); });
      return () => model.off("msg:custom", face.receive);
    },
  };

  // ----- the website's live mode: the static face handed to Pyodide -------------------------------------
  // spec: {controls} over their full live grids (every control, the fixed ones too); scene: the first
  // live scene; send(move) hands a move to Pyodide, whose answer goes to the returned receive().
  function goLive(root, spec, scene, send) {
    const box = root.querySelector(".nnx-controls"), figure = root.querySelector(".nnx-figure");
    const note = root.querySelector(".nnx-note"), cap = root.querySelector(".nnx-caption");
    box.replaceChildren();
    const face = connect(root, box, figure, note, spec, send, (shown) => {
      if (cap) cap.textContent = "Shown: " + caption(spec.controls, shown.index || {}) + ".";
      // the note keeps the tallest height it has had (the static face reserved its longest notes')
      note.style.minHeight = Math.max(parseFloat(note.style.minHeight) || 0, note.offsetHeight) + "px";
    });
    root.dataset.live = "on";
    face.show(scene);
    return face.receive;
  }

  return { renderScene: renderScene, layout: layout, mount: mount, afm: afm, goLive: goLive, contrast: contrast,
    themeOf: themeOf };
}
