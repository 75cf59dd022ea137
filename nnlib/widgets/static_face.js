// The static face of an nnlib explorer: draws precomputed frames as SVG, no kernel needed.
// Data (see explorer.py): controls with their value grids, a table of shared parts,
// and one frame per combination of control values (last control varies fastest).
(function () {
  if (window.nnlibExplorer) return;
  const SVG = "http://www.w3.org/2000/svg";
  const M = { left: 46, right: 12, top: 28, bottom: 40 };

  function el(tag, attrs, parent, text) {
    const node = document.createElementNS(SVG, tag);
    for (const [k, v] of Object.entries(attrs)) node.setAttribute(k, v);
    if (text !== undefined) node.textContent = text;
    if (parent) parent.appendChild(node);
    return node;
  }

  // Map data coordinates into the pixel box of one panel (equal aspect if asked).
  function scales(meta, box) {
    let w = box.w - M.left - M.right, h = box.h - M.top - M.bottom;
    const dx = meta.xlim[1] - meta.xlim[0], dy = meta.ylim[1] - meta.ylim[0];
    let x0 = box.x + M.left, y0 = box.y + M.top;
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

  const pts = (xy, s) => xy.map((p) => s.x(p[0]).toFixed(1) + "," + s.y(p[1]).toFixed(1)).join(" ");

  const draw = {
    polygon(g, it, s) { el("polygon", { points: pts(it.xy, s), fill: it.color, "fill-opacity": it.alpha }, g); },
    line(g, it, s) {
      el("polyline", { points: pts(it.xy, s), fill: "none", stroke: it.color, "stroke-width": it.width,
        "stroke-dasharray": it.dashed ? "6 4" : "none" }, g);
    },
    points(g, it, s) {
      it.xy.forEach((p, i) => {
        const edge = it.edges && it.edges[i];
        el("circle", { cx: s.x(p[0]), cy: s.y(p[1]), r: it.size, fill: it.colors[i],
          stroke: edge || "none", "stroke-width": edge ? 3 : 0 }, g);
      });
    },
    raster(g, it, s) {
      const [x0, x1, y0, y1] = it.extent, [lo, mid, hi] = it.palette;
      const w = (s.x(x1) - s.x(x0)) / it.cols, h = (s.y(y0) - s.y(y1)) / it.rows;
      it.levels.forEach((level, k) => {
        const t = level / 100, a = t < 0.5 ? lo : mid, b = t < 0.5 ? mid : hi, u = t < 0.5 ? 2 * t : 2 * t - 1;
        const rgb = a.map((c, i) => Math.round(255 * (c + (b[i] - c) * u)));
        el("rect", { x: (s.x(x0) + (k % it.cols) * w).toFixed(1), y: (s.y(y1) + Math.floor(k / it.cols) * h).toFixed(1),
          width: (w + 0.5).toFixed(1), height: (h + 0.5).toFixed(1), fill: "rgb(" + rgb.join(",") + ")" }, g);
      });
    },
    text(g, it, s) {
      el("text", { x: s.x(it.x), y: s.y(it.y), fill: it.color, "font-size": it.size,
        "text-anchor": "middle", "dominant-baseline": "middle" }, g, it.text);
    },
  };

  function drawPanel(svg, meta, items, box, id) {
    const s = scales(meta, box), a = s.area;
    const clip = el("clipPath", { id: id }, svg);
    el("rect", { x: a.x, y: a.y, width: a.w, height: a.h }, clip);
    const g = el("g", { "clip-path": "url(#" + id + ")" }, svg);
    items.forEach((it) => draw[it.kind](g, it, s));
    el("text", { x: a.x + a.w / 2, y: box.y + 18, "text-anchor": "middle", "font-size": 14, fill: "#111" }, svg, meta.title);
    if (meta.axis === false) return;
    el("rect", { x: a.x, y: a.y, width: a.w, height: a.h, fill: "none", stroke: "#333" }, svg);
    const small = { "font-size": 11, fill: "#333" };
    meta.xticks.forEach((t) => {
      el("line", { x1: s.x(t), x2: s.x(t), y1: a.y + a.h, y2: a.y + a.h + 4, stroke: "#333" }, svg);
      el("text", Object.assign({ x: s.x(t), y: a.y + a.h + 16, "text-anchor": "middle" }, small), svg, String(+t.toFixed(6)));
    });
    meta.yticks.forEach((t) => {
      el("line", { x1: a.x - 4, x2: a.x, y1: s.y(t), y2: s.y(t), stroke: "#333" }, svg);
      el("text", Object.assign({ x: a.x - 7, y: s.y(t) + 4, "text-anchor": "end" }, small), svg, String(+t.toFixed(6)));
    });
    el("text", { x: a.x + a.w / 2, y: box.y + box.h - 6, "text-anchor": "middle", "font-size": 12, fill: "#333" }, svg, meta.xlabel);
    el("text", { x: 0, y: 0, "text-anchor": "middle", "font-size": 12, fill: "#333",
      transform: "translate(" + (box.x + 12) + "," + (a.y + a.h / 2) + ") rotate(-90)" }, svg, meta.ylabel);
  }

  let counter = 0;

  function mount(root) {
    const data = JSON.parse(root.querySelector("script.nnx-data").textContent);
    const figure = root.querySelector(".nnx-figure"), note = root.querySelector(".nnx-note");
    const inputs = data.controls.map((c) => root.querySelector('[data-control="' + c.name + '"]'));
    const uid = "nnx" + counter++;

    function render() {
      let index = 0;
      data.controls.forEach((c, k) => {
        if (!inputs[k]) return; // a control fixed on the website: one value, index 0
        const i = Number(inputs[k].value);
        index = index * c.values.length + i;
        const out = inputs[k].parentElement.querySelector("output");
        if (out) out.textContent = c.labels[i];
      });
      const frame = data.frames[index], T = data.table;
      const alt = frame[2].map((i) => T[i]).join("");
      const svg = el("svg", { viewBox: "0 0 " + data.width + " " + data.height, width: "100%",
        role: "img", "aria-label": alt, "font-family": "DejaVu Sans, Arial, sans-serif",
        style: "max-width:" + data.width + "px" });
      el("title", {}, svg, alt);
      el("rect", { x: 0, y: 0, width: data.width, height: data.height, fill: "white" }, svg);
      const w = data.width / frame[0].length;
      frame[0].forEach(([meta, items], p) => {
        drawPanel(svg, T[meta], items.map((i) => T[i]), { x: p * w, y: 0, w: w, h: data.height }, uid + "c" + p);
      });
      figure.replaceChildren(svg);
      note.innerHTML = frame[1].map((i) => T[i]).join("");
      root.dataset.frame = index;
    }

    inputs.forEach((inp) => inp && inp.addEventListener("input", render));
    render();
  }

  window.nnlibExplorer = { mount: mount };
})();
