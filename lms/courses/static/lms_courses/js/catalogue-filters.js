// On a phone the catalogue's filters fold away until asked for, unless some are in use. Only
// filters count: the plan year and the page number leave them folded. A static file (not an
// inline script) for the Content-Security-Policy; loaded right after the filters, before the
// first paint.
(() => {
  const box = document.getElementById("catalogue-filters");
  if (!box) return;
  const filtering = [...new URLSearchParams(location.search).keys()]
    .some((key) => key !== "plan_year" && key !== "page");
  if (window.matchMedia("(max-width: 600px)").matches && !filtering) {
    box.open = false;
  }
})();
