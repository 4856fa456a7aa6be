// A little progressive enhancement; every page works without it.
"use strict";
document.addEventListener("DOMContentLoaded", () => {
  for (const form of document.querySelectorAll("form.search")) {
    // Leave empty fields out of the URL, so that a search's address stays short to share.
    form.addEventListener("submit", () => {
      for (const field of form.querySelectorAll("input, select")) {
        if (!field.value.trim() || (field.name === "sort" && field.value === "relevance") ||
            (field.name === "match" && field.value === "all")) field.disabled = true;
      }
    });
    // A new sort or match runs the search again at once.
    for (const select of form.querySelectorAll("select")) {
      select.addEventListener("change", () => form.requestSubmit());
    }
  }
  // "/" jumps to the query box, as on many search sites.
  const box = document.querySelector("form.search input[type=search]");
  document.addEventListener("keydown", (event) => {
    if (event.key === "/" && box && document.activeElement !== box && !/INPUT|SELECT|TEXTAREA/.test(document.activeElement.tagName)) {
      event.preventDefault();
      box.focus();
      box.select();
    }
  });
});
