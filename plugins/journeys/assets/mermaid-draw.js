// Draws the Mermaid diagrams of a page with themes other than Material, which draws its own.
// Both kinds of Mermaid fence hold the diagram's text in a <code>, which Mermaid cannot read
// ("Syntax error in text"): pymdownx.superfences' (<pre class="mermaid"><code>) and plain
// fenced code (<pre><code class="language-mermaid">). Each becomes a <div class="mermaid">
// that holds the text alone, and Mermaid draws those, with securityLevel 'strict' (a map's
// body may hold a diagram, which must not run script).
(() => {
  mermaid.initialize({ startOnLoad: false, securityLevel: "strict" });
  const draw = () => {
    const nodes = [];
    for (const code of document.querySelectorAll(
      "pre.mermaid > code, pre > code.language-mermaid",
    )) {
      const box = document.createElement("div");
      box.className = "mermaid";
      box.textContent = code.textContent;
      code.parentElement.replaceWith(box);
      nodes.push(box);
    }
    if (nodes.length > 0) {
      mermaid.run({ nodes });
    }
  };
  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", draw);
  } else {
    draw();
  }
})();
