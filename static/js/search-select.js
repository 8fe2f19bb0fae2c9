// Choosing a person or a unit among many (core.widgets.SearchSelect): the <select> holds only the
// chosen option; typing asks the server for a page of matches (?search=), through Tom Select. The
// server checks the choice again when the form is posted.
(function () {
  if (typeof window.TomSelect !== "function") return;
  document.querySelectorAll("select[data-search-url]").forEach(function (select) {
    const url = select.dataset.searchUrl;
    // What the server found for each search (the ids, by the text searched): the list shows only the
    // latest search's finds, never one found earlier for other text (Tom Select keeps every option).
    const found = {};
    const escape = function (text) {
      const span = document.createElement("span");
      span.textContent = text;
      return span.innerHTML;
    };
    const field = new window.TomSelect(select, {
      valueField: "id",
      labelField: "label",
      searchField: [],
      maxOptions: 50,
      loadThrottle: 250,
      placeholder: select.dataset.placeholder,
      // The server has searched (name words, or the start of a number): show what it sent for this text.
      score: function (search) {
        const ids = found[search];
        return function (item) { return ids && ids.has(String(item.id)) ? 1 : 0; };
      },
      shouldLoad: function (query) { return query.trim().length > 0; },
      load: function (query, callback) {
        const address = url + (url.indexOf("?") < 0 ? "?" : "&") + "search=" + encodeURIComponent(query);
        fetch(address, { credentials: "same-origin", headers: { Accept: "application/json" } })
          .then(function (response) { return response.ok ? response.json() : { results: [] }; })
          .then(function (page) {
            const results = page.results || [];
            found[query] = new Set(results.map(function (item) { return String(item.id); }));
            callback(results);
          })
          .catch(function () { callback(); });
      },
      // Several choices (a cycle's units): each chosen one gets a button to remove it.
      plugins: select.multiple ? { remove_button: { title: select.dataset.remove } } : [],
      render: {
        no_results: function () { return '<div class="no-results" role="status">' + escape(select.dataset.noResults) + "</div>"; },
        // Not Tom Select's "spinner" class: a 30 px square, which broke the text into pieces.
        loading: function () { return '<div class="loading" role="status">' + escape(select.dataset.loading) + "</div>"; },
      },
    });
    // Tom Select's field (a combobox with the label) is what a screen reader meets; the select it
    // fills (out of the Tab order) is hidden from it, so the field is not announced twice.
    select.setAttribute("aria-hidden", "true");
    // A field that came back with an error: the combobox carries it (the select is hidden), and the error
    // summary's link to the select (static/js/forms.js) leads to the combobox.
    ["aria-invalid", "aria-describedby"].forEach(function (name) {
      if (select.hasAttribute(name)) field.control_input.setAttribute(name, select.getAttribute(name));
    });
    select.addEventListener("focus", function () { field.focus(); });
    // A required choice left empty is the server's to report, next to the field like any error: the
    // browser's own check would put its bubble and the focus on the hidden select, where typing goes nowhere.
    if (select.required) {
      select.required = false;
      field.control_input.setAttribute("aria-required", "true");
    }
  });
})();
