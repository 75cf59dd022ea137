// Search results read maths as text: "the error signal δ_j", not "\(\delta_j\)".
// Loaded on search.html only (_ext/page_scripts.py). Sphinx's search shows each
// result's title from the search index and a snippet of the page's text; both
// hold the TeX source of any maths. This turns that source into plain text
// with Unicode symbols (no MathJax needed for a few words of a snippet).
"use strict";

const texToText = (() => {
  const SYMBOLS = {
    alpha: "α", beta: "β", gamma: "γ", delta: "δ", epsilon: "ϵ", varepsilon: "ε", zeta: "ζ",
    eta: "η", theta: "θ", vartheta: "ϑ", iota: "ι", kappa: "κ", lambda: "λ", mu: "μ", nu: "ν",
    xi: "ξ", pi: "π", rho: "ρ", sigma: "σ", tau: "τ", upsilon: "υ", phi: "ϕ", varphi: "φ",
    chi: "χ", psi: "ψ", omega: "ω", Gamma: "Γ", Delta: "Δ", Theta: "Θ", Lambda: "Λ", Xi: "Ξ",
    Pi: "Π", Sigma: "Σ", Phi: "Φ", Psi: "Ψ", Omega: "Ω",
    partial: "∂", nabla: "∇", odot: "⊙", otimes: "⊗", cdot: "·", cdots: "⋯", ldots: "…",
    dots: "…", times: "×", div: "÷", pm: "±", le: "≤", leq: "≤", ge: "≥", geq: "≥", ne: "≠",
    neq: "≠", approx: "≈", sim: "∼", equiv: "≡", propto: "∝", to: "→", rightarrow: "→",
    leftarrow: "←", Rightarrow: "⇒", mapsto: "↦", infty: "∞", sum: "Σ", prod: "Π", int: "∫",
    sqrt: "√", in: "∈", notin: "∉", subset: "⊂", cup: "∪", cap: "∩", forall: "∀", exists: "∃",
    top: "ᵀ", intercal: "ᵀ", circ: "∘", ell: "ℓ", lvert: "|", rvert: "|", vert: "|",
    lVert: "‖", rVert: "‖", mid: "|", langle: "⟨", rangle: "⟩", max: "max", min: "min",
    log: "log", exp: "exp", tanh: "tanh", argmax: "argmax", quad: " ", qquad: " ",
  };
  const ACCENTS = { hat: "\u0302", widehat: "\u0302", bar: "\u0304", overline: "\u0304",
    tilde: "\u0303", vec: "\u20d7", dot: "\u0307" };
  const SUB = { 0: "₀", 1: "₁", 2: "₂", 3: "₃", 4: "₄", 5: "₅", 6: "₆", 7: "₇", 8: "₈", 9: "₉",
    "+": "₊", "-": "₋", a: "ₐ", e: "ₑ", h: "ₕ", i: "ᵢ", j: "ⱼ", k: "ₖ", l: "ₗ", m: "ₘ", n: "ₙ",
    o: "ₒ", p: "ₚ", r: "ᵣ", s: "ₛ", t: "ₜ", u: "ᵤ", v: "ᵥ", x: "ₓ" };
  const SUP = { 0: "⁰", 1: "¹", 2: "²", 3: "³", 4: "⁴", 5: "⁵", 6: "⁶", 7: "⁷", 8: "⁸", 9: "⁹",
    "+": "⁺", "-": "⁻", "−": "⁻", i: "ⁱ", n: "ⁿ", T: "ᵀ", "ᵀ": "ᵀ" };
  const GROUP = String.raw`\{((?:[^{}]|\{[^{}]*\})*)\}`; // one level of nested braces

  const script = (text, table, mark) =>
    [...text].every((c) => c in table) ? [...text].map((c) => table[c]).join("") : mark + text;

  const WRAPPERS = String.raw`\\(?:text|textrm|textbf|textit|mathrm|mathbf|mathit|mathsf|mathcal|mathbb|boldsymbol|operatorname|boxed)\s*`;
  const SOLID = String.raw`[^\s()+\-−=/]+`; // a numerator or denominator that needs no brackets

  const convert = (tex) => {
    let s = tex;
    // \text{max\_norm} -> max_norm: text kept, its escaped underscores protected from _ below
    s = s.replace(new RegExp(WRAPPERS + GROUP, "g"), (_, inner) => inner.replace(/\\_/g, "\u0000"));
    s = s.replace(new RegExp(String.raw`\\[dt]?frac\s*${GROUP}\s*${GROUP}`, "g"), "($1)/($2)");
    s = s.replace(new RegExp(String.raw`\\(hat|widehat|bar|overline|tilde|vec|dot)\s*(?:${GROUP}|([A-Za-z]))`, "g"),
      (_, accent, group, letter) => (group ?? letter) + ACCENTS[accent]);
    s = s.replace(/\\(left|right|big|Big|bigg|Bigg)\b\s*/g, "");
    s = s.replace(/\\([,;:! ])/g, " ").replace(/\\([%$#&{}])/g, "$1").replace(/\\_/g, "\u0000");
    s = s.replace(/\\\\/g, " ");
    // a command: its symbol; a word (max, log) keeps a space before a following letter
    s = s.replace(/\\([A-Za-z]+)\s*(?=(.?))/g, (_, name, next) => {
      const out = name in SYMBOLS ? SYMBOLS[name] : name;
      return /^[A-Za-z]+$/.test(out) && /[A-Za-z0-9]/.test(next) ? out + " " : out;
    });
    s = s.replace(new RegExp(String.raw`_\s*(?:${GROUP}|(\S))`, "g"), (_, g, c) => script(g ?? c, SUB, "_"));
    s = s.replace(new RegExp(String.raw`\^\s*(?:${GROUP}|(\S))`, "g"), (_, g, c) => script(g ?? c, SUP, "^"));
    s = s.replace(new RegExp(String.raw`\((${SOLID})\)/\((${SOLID})\)`, "g"), "$1/$2");
    return s.replace(/[{}]/g, "").replace(/\u0000/g, "_").replace(/\s+/g, " ").replace(/ ([,.;:)\]])/g, "$1").trim();
  };

  // Maths between \( \), \[ \] or $$ $$, as Sphinx writes it into a page's text; a title
  // in the search index holds its maths bare ("the error signal \delta"), so for a title
  // every TeX command converts (a snippet may quote code, where "\n" must stay).
  return (text, { bare = false } = {}) => {
    const out = text.replace(/\\\(([\s\S]*?)\\\)|\\\[([\s\S]*?)\\\]|\$\$([\s\S]*?)\$\$/g,
      (_, a, b, c) => convert(a ?? b ?? c));
    return bare ? out.replace(/\\[A-Za-z]+(?:\s*[_^]\s*(?:\{[^{}]*\}|\S))*/g, (m) => convert(m)) : out;
  };
})();

document.addEventListener("DOMContentLoaded", () => {
  if (typeof Search === "undefined") return;
  const htmlToText = Search.htmlToText;
  Search.htmlToText = (htmlString, anchor) => texToText(htmlToText(htmlString, anchor));
  const results = document.getElementById("search-results");
  if (!results) return;
  new MutationObserver(() => {
    results.querySelectorAll("ul.search li > a:not([data-plain])").forEach((link) => {
      link.textContent = texToText(link.textContent, { bare: true });
      link.dataset.plain = "";
    });
  }).observe(results, { childList: true, subtree: true });
});
