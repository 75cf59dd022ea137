// What a reader sees on one page, measured in the browser once the maths is typeset.
// Called by tests/site/conftest.py (and tools/site_chapter_items.py) as
// page.evaluate(source, {print: bool}); returns plain JSON.
async ({ print = false } = {}) => {
  if (window.MathJax?.startup?.promise) await MathJax.startup.promise;
  await new Promise((done) => requestAnimationFrame(() => requestAnimationFrame(done)));

  const rendered = (el) => el.getClientRects().length > 0 && getComputedStyle(el).visibility !== "hidden";
  const article = document.querySelector(".bd-article");
  const sectionOf = (el) => {
    const section = el.closest("section");
    const heading = section?.querySelector(":scope > h1, :scope > h2, :scope > h3, :scope > h4");
    return heading ? heading.textContent.replace(/#$/, "").trim() : "";
  };
  const texOf = (container) => {
    try {
      const items = MathJax.startup.document.getMathItemsWithin(container);
      return items.length ? items[0].math.trim() : container.textContent.trim();
    } catch (e) {
      return container.textContent.trim();
    }
  };
  const out = { title: document.title };

  out.pageOverflow = document.documentElement.scrollWidth - document.documentElement.clientWidth;

  // Display maths: fits its column, or scrolls in its own box with a cue (the shaded edge).
  out.equations = [...document.querySelectorAll("div.math")].filter(rendered).map((box) => {
    const jax = box.querySelector("mjx-container");
    if (!jax) return { typeset: false, section: sectionOf(box), tex: box.textContent.trim().slice(0, 80) };
    const style = getComputedStyle(jax);
    const content = jax.querySelector("mjx-math") || jax;
    return {
      typeset: true,
      section: sectionOf(box),
      tex: texOf(box),
      overflow: Math.round(content.getBoundingClientRect().width - jax.clientWidth),
      scrolls: jax.scrollWidth > jax.clientWidth + 1,
      scrollable: ["auto", "scroll"].includes(style.overflowX),
      cue: style.backgroundImage.includes("radial-gradient"),
      clipped: jax.getBoundingClientRect().right > box.getBoundingClientRect().right + 1,
    };
  });

  // Inline maths wider than its line: scrolls (it used to be clipped).
  out.inlineMath = [...document.querySelectorAll(".bd-article span.math")].filter(rendered).flatMap((span) => {
    const content = span.querySelector("mjx-math");
    if (!content) return [];
    const overflow = Math.round(content.getBoundingClientRect().width - span.clientWidth);
    if (overflow <= 1) return [];
    return [{ section: sectionOf(span), tex: texOf(span), overflow,
              scrollable: ["auto", "scroll"].includes(getComputedStyle(span).overflowX) &&
                span.scrollWidth > span.clientWidth + 1 }];
  });

  // Tables wider than the column: their frame shades the side with more (site.js).
  out.wideTables = [...document.querySelectorAll(".pst-scrollable-table-container")]
    .filter((box) => rendered(box) && box.scrollWidth > box.clientWidth + 1)
    .map((box) => {
      const frame = box.parentElement;
      const cue = frame.classList.contains("more-right") &&
        getComputedStyle(frame, "::after").opacity === "1";
      return { section: sectionOf(box), cue };
    });

  // Code and printed output.
  const pres = [...document.querySelectorAll(".bd-article pre")].filter(rendered);
  const charWidth = (pre) => {
    const probe = document.createElement("span");
    probe.textContent = "0".repeat(50);
    pre.appendChild(probe);
    const width = probe.getBoundingClientRect().width / 50;
    probe.remove();
    return width;
  };
  out.code = pres.filter((p) => !p.closest(".cell_output")).map((pre) => {
    const fits = Math.floor((pre.clientWidth - parseFloat(getComputedStyle(pre).paddingLeft) -
      parseFloat(getComputedStyle(pre).paddingRight)) / charWidth(pre));
    const lines = pre.textContent.replace(/\n$/, "").split("\n");
    return {
      section: sectionOf(pre),
      scrolls: pre.scrollWidth > pre.clientWidth + 1,
      fits,
      long: lines.filter((l) => l.length > fits).map((l) => [l.length, l.trim().slice(0, 60)]),
    };
  });
  out.outputs = pres.filter((p) => p.closest(".cell_output")).map((pre) => ({
    section: sectionOf(pre),
    scrolls: pre.scrollWidth > pre.clientWidth + 1,
    empty: !pre.textContent.trim(),
    start: pre.textContent.trim().slice(0, 60),
  }));
  // One cell, one block of printed text (stdout, stderr and a result's text each make one).
  out.textBlocks = [...document.querySelectorAll(".cell_output")].map((o) => ({
    section: sectionOf(o),
    blocks: o.querySelectorAll(":scope > .output.stream, :scope > .output.text_plain, :scope > .output.stderr").length,
    start: o.textContent.trim().slice(0, 60),
  }));

  // Raw TeX a reader can see: text outside code, and the text MathJax typeset
  // (its accessible copy, which spells out what is drawn).
  const raw = [];
  const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
  for (let node = walker.nextNode(); node; node = walker.nextNode()) {
    const el = node.parentElement;
    if (!el || el.closest("script, style, pre, code, textarea, .highlight, title, noscript")) continue;
    const assistive = el.closest("mjx-assistive-mml");
    if (el.closest("mjx-container") && !assistive) continue;
    if (!rendered(assistive ? assistive.closest("mjx-container") : el)) continue;
    if (/\\[A-Za-z]+|\\[()[\]_{}]|\$\$/.test(node.textContent)) {
      raw.push({ section: sectionOf(el), text: node.textContent.trim().slice(0, 80) });
    }
  }
  out.rawTex = raw;

  // Punctuation written against inline maths that the line break left on the next line.
  out.orphanPunctuation = [];
  for (const jax of document.querySelectorAll(".bd-article mjx-container:not([display=true])")) {
    if (!rendered(jax)) continue;
    const after = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
    after.currentNode = jax.lastChild || jax;
    let text = after.nextNode();
    while (text && text.parentElement.closest("mjx-container")) text = after.nextNode();
    if (!text || !/^[.,;:)]/.test(text.textContent)) continue;
    const span = jax.closest("span.math");
    if (span && span.scrollWidth > span.clientWidth + 1) continue; // wider than the line: inlineMath
    const range = document.createRange();
    range.setStart(text, 0);
    range.setEnd(text, 1);
    const mark = range.getBoundingClientRect();
    const math = jax.getBoundingClientRect();
    if (mark.width && mark.left < math.right - 1) {
      out.orphanPunctuation.push({ section: sectionOf(jax), text: (jax.textContent + text.textContent).slice(0, 40) });
    }
  }

  // Headings: each level lighter than the one above.
  const heading = (tag) => {
    const el = article?.querySelector(tag);
    if (!el) return null;
    const style = getComputedStyle(el);
    return { size: parseFloat(style.fontSize), weight: Number(style.fontWeight) };
  };
  out.h2 = heading("h2");
  out.h3 = heading("h3");

  // Figures: on a white card, never filtered (dark mode used to dim them).
  out.figures = [...document.querySelectorAll(".cell_output img")].filter(rendered).map((img) => {
    const style = getComputedStyle(img);
    return { filter: style.filter, background: style.backgroundColor };
  });

  // Icons drawn with the icon font: which characters.
  out.icons = [];
  for (const el of document.querySelectorAll("body *:not(mjx-container *):not(svg *)")) {
    for (const pseudo of ["::before", "::after"]) {
      const style = getComputedStyle(el, pseudo);
      if (!style.fontFamily.includes("Font Awesome") || !rendered(el)) continue;
      const content = style.content.replace(/^"|"$/g, "");
      if ([...content].length === 1 && content.codePointAt(0) >= 0xe000) out.icons.push(content.codePointAt(0));
    }
  }

  // Exercises: a "Solution" dropdown holds the hidden solution cell, with no toggle of its own.
  out.solutions = [...document.querySelectorAll(".admonition.dropdown")].map((d) => ({
    title: d.querySelector(".admonition-title")?.textContent.trim(),
    cells: d.querySelectorAll(".cell").length,
    bodyShown: [...d.children].slice(1).every((c) => rendered(c) && c.getBoundingClientRect().height > 0),
    followedByCellToggle: !!d.nextElementSibling?.querySelector(":scope > details.hide"),
  }));

  if (print) {
    const furniture = ["#pst-header", ".bd-header-article", ".bd-sidebar-primary", ".bd-sidebar-secondary",
      ".bd-footer", ".bd-footer-article", ".prev-next-area", "#pst-back-to-top", ".search-button"];
    out.printedFurniture = furniture.filter((s) => [...document.querySelectorAll(s)].some(rendered));
    out.printedControls = [...document.querySelectorAll("button, select, input, [role=button]")]
      .filter((el) => rendered(el) && !el.closest(".nnx"))
      .map((el) => el.outerHTML.slice(0, 80));
    out.emptyFrames = [...document.querySelectorAll(".cell_input, .cell_output, div.highlight")]
      .filter((el) => rendered(el) && !el.closest(".nnx") && !el.textContent.trim() && !el.querySelector("img, svg"))
      .map((el) => sectionOf(el));
    const right = (article || document.body).getBoundingClientRect().right;
    out.cutAtEdge = [...document.querySelectorAll(".bd-article pre, div.math mjx-container")]
      .filter((el) => rendered(el) && !el.closest(".nnx") &&
        (el.scrollWidth > el.clientWidth + 1 || el.getBoundingClientRect().right > right + 1))
      .map((el) => `${sectionOf(el)}: ${el.textContent.trim().slice(0, 50)}`);
  }
  return out;
}
