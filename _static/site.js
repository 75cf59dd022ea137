// The course website's own behaviour, on top of sphinx-book-theme (loaded on every page).
"use strict";

(() => {
  const ready = (fn) =>
    document.readyState === "loading" ? document.addEventListener("DOMContentLoaded", fn) : fn();

  // 1. Every menu button works. The page has two buttons for each sidebar: the
  // top bar's (hidden) and the article bar's (the one a reader sees and taps).
  // pydata-sphinx-theme 0.17 and sphinx-book-theme bind only the first of each
  // (document.querySelector; upstream pydata-sphinx-theme issue #2451), so on a
  // phone the visible buttons did nothing, and on a desktop the menu button could
  // not fold the sidebar away. A click on any later copy is handed to the first,
  // which does the theme's own thing: fold the sidebar on a wide screen, open it
  // as a dialog on a narrow one.
  const forwardToFirst = (selector) => {
    const [first, ...others] = document.querySelectorAll(selector);
    others.forEach((button) =>
      button.addEventListener("click", (event) => {
        event.preventDefault();
        event.stopImmediatePropagation();
        first.click();
        button.blur(); // the theme does the same for its first button, so its tooltip goes
      }),
    );
  };
  ready(() => {
    forwardToFirst(".primary-toggle");
    forwardToFirst(".secondary-toggle");
    // Closing a sidebar dialog gives the focus back to its button, whose tooltip
    // would then stay on screen (on a phone, nothing moves the focus away).
    const buttons = document.querySelectorAll(".primary-toggle, .secondary-toggle");
    document.querySelectorAll("dialog").forEach((dialog) =>
      dialog.addEventListener("close", () =>
        setTimeout(() => buttons.forEach((b) => window.bootstrap?.Tooltip.getInstance(b)?.hide())),
      ),
    );
  });

  // 2. A display equation a little wider than its column (up to 12%) is set a
  // little smaller so that it fits, rather than scrolling by a few pixels with
  // its last symbol cut; a wider one keeps its size and scrolls in its own box,
  // with a shadow at the edge (site.css). Again after every resize.
  const FIT = 0.88;
  const fitEquations = () =>
    document.querySelectorAll("div.math mjx-container").forEach((box) => {
      if (box.dataset.fontSize === undefined) box.dataset.fontSize = box.style.fontSize || "100%";
      box.style.fontSize = box.dataset.fontSize;
      const ratio = box.clientWidth / box.scrollWidth;
      if (ratio < 1 && ratio >= FIT) {
        box.style.fontSize = `${(parseFloat(box.dataset.fontSize) * ratio * 0.99).toFixed(1)}%`;
      }
    });
  ready(() => {
    if (!window.MathJax?.startup?.promise) return;
    MathJax.startup.promise.then(fitEquations);
    let timer;
    window.addEventListener("resize", () => {
      clearTimeout(timer);
      timer = setTimeout(fitEquations, 200);
    });
  });

  // 3. A table wider than the column scrolls in its box (the theme's), but its
  // cells paint over any shading of that box: a frame around it shades the side
  // with more to see instead (site.css, .scroll-cue), updated as it scrolls.
  const cueTables = () =>
    document.querySelectorAll(".pst-scrollable-table-container").forEach((box) => {
      let frame = box.parentElement;
      if (!frame.classList.contains("scroll-cue")) {
        frame = document.createElement("div");
        frame.className = "scroll-cue";
        box.replaceWith(frame);
        frame.appendChild(box);
        box.addEventListener("scroll", () => mark(frame, box), { passive: true });
      }
      mark(frame, box);
    });
  const mark = (frame, box) => {
    frame.classList.toggle("more-left", box.scrollLeft > 1);
    frame.classList.toggle("more-right", box.scrollLeft + box.clientWidth < box.scrollWidth - 1);
  };
  ready(() => {
    cueTables();
    let timer;
    window.addEventListener("resize", () => {
      clearTimeout(timer);
      timer = setTimeout(cueTables, 200);
    });
    window.MathJax?.startup?.promise?.then(cueTables); // typeset maths changes the tables' widths
  });

  // 4. Print. The browser prints what is on the screen, so for paper: every
  // collapsed cell opens, and a display equation wider than the printed column
  // (about 17 cm, 640 CSS pixels, on A4 or Letter) is scaled down to fit; on the
  // screen it scrolls in its own box instead. Both are undone after printing.
  const PRINT_COLUMN = 640;
  const undo = [];
  window.addEventListener("beforeprint", () => {
    document.querySelectorAll(".bd-content details:not([open])").forEach((details) => {
      details.open = true;
      undo.push(() => (details.open = false));
    });
    const article = document.querySelector(".bd-article");
    document.querySelectorAll("div.math mjx-container").forEach((box) => {
      const indent = article ? box.getBoundingClientRect().left - article.getBoundingClientRect().left : 0;
      const ratio = (PRINT_COLUMN - Math.max(indent, 0)) / box.scrollWidth;
      if (ratio < 1) {
        const before = box.style.zoom;
        box.style.zoom = Math.max(ratio, 0.4).toFixed(3);
        undo.push(() => (box.style.zoom = before));
      }
    });
  });
  window.addEventListener("afterprint", () => {
    while (undo.length) undo.pop()();
  });
})();
