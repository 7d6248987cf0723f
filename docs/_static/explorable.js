// Draws the site's explorables: Vega-Lite specifications whose numbers sparsenorm computed when
// the page was built (docs/_ext/sngallery.py embeds them). This script only hands each one to
// vega-embed and labels its controls; it computes nothing.
(() => {
  "use strict";
  document.documentElement.classList.add("sn-js");

  // Vega names each control with a <span> inside its <label>; a group of radio buttons gets no
  // group name. Give it one, so that a screen reader announces "penalty, radio group".
  function labelRadioGroups(container, index) {
    container.querySelectorAll(".vega-bind").forEach((bind, k) => {
      const radios = bind.querySelector(".vega-bind-radio");
      const name = bind.querySelector(".vega-bind-name");
      if (radios && name) {
        name.id = name.id || `sn-explorable-${index}-control-${k}`;
        radios.setAttribute("role", "radiogroup");
        radios.setAttribute("aria-labelledby", name.id);
      }
    });
  }

  // What the figure says in words (its text marks: the minimiser, the iterates...), repeated
  // in a live region so that a screen reader announces it after each move of a control.
  function announce(container, live) {
    const texts = Array.from(container.querySelectorAll(".sn-explorable-view svg .mark-text text"))
      .map((text) => text.textContent.trim())
      .filter(Boolean);
    live.textContent = texts.join("; ");
  }

  async function render(container, index) {
    const spec = JSON.parse(container.querySelector("script.sn-explorable-spec").textContent);
    const target = container.querySelector(".sn-explorable-view");
    try {
      const result = await vegaEmbed(target, spec, {renderer: "svg", actions: false});
      container.snView = result.view;
      labelRadioGroups(container, index);
      const live = document.createElement("p");
      live.className = "visually-hidden sn-explorable-live";
      live.setAttribute("aria-live", "polite");
      container.appendChild(live);
      container.addEventListener("input", () => {
        result.view.runAsync().then(() => announce(container, live));
      });
      container.dataset.ready = "true";
    } catch (error) {
      container.dataset.ready = "error";
      console.error("explorable", index, error);
    }
  }

  function renderAll() {
    document.querySelectorAll(".sn-explorable").forEach(render);
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", renderAll);
  } else {
    renderAll();
  }
})();
