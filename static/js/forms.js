// A page that comes back with errors: move the focus to the summary of what to correct (WCAG 3.3.1),
// so a screen reader reads it and the keyboard starts there; each item links to its field.
(function () {
  const summary = document.querySelector("[data-error-summary]");
  if (summary) summary.focus();
  document.querySelectorAll("[data-error-summary] a[href^='#']").forEach(function (link) {
    link.addEventListener("click", function (event) {
      const target = document.getElementById(link.getAttribute("href").slice(1));
      if (!target) return;
      event.preventDefault();
      // A radio group's id is its fieldset: focus its first option.
      const focusable = target.matches("input, select, textarea, button") ? target : target.querySelector("input, select, textarea");
      (focusable || target).focus();
      target.scrollIntoView({ block: "center" });
    });
  });
})();

// Back from a change (a question moved, added or deleted, a section added): the address names the item;
// put the focus on it (WCAG 2.4.3), so the keyboard and a screen reader go on from there, not the top.
(function () {
  if (document.querySelector("[data-error-summary]") || !location.hash) return;
  const target = document.getElementById(decodeURIComponent(location.hash.slice(1)));
  if (target && target.matches("[data-focus-on-arrival]")) target.focus();
})();
