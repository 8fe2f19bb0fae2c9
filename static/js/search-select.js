// Choosing a person or a unit among many (core.widgets.SearchSelect): the <select> holds only the
// chosen option; typing asks the server for a page of matches (?search=), through Tom Select. The
// server checks the choice again when the form is posted.
(function () {
  if (typeof window.TomSelect !== "function") return;
  document.querySelectorAll("select[data-search-url]").forEach(function (select) {
    const url = select.dataset.searchUrl;
    const escape = function (text) {
      const span = document.createElement("span");
      span.textContent = text;
      return span.innerHTML;
    };
    new window.TomSelect(select, {
      valueField: "id",
      labelField: "label",
      searchField: [],
      maxOptions: 50,
      loadThrottle: 250,
      placeholder: select.dataset.placeholder,
      // The server has searched (name words, or the start of a number): show what it sent, in its order.
      score: function () { return function () { return 1; }; },
      shouldLoad: function (query) { return query.trim().length > 0; },
      load: function (query, callback) {
        const address = url + (url.indexOf("?") < 0 ? "?" : "&") + "search=" + encodeURIComponent(query);
        fetch(address, { credentials: "same-origin", headers: { Accept: "application/json" } })
          .then(function (response) { return response.ok ? response.json() : { results: [] }; })
          .then(function (page) { callback(page.results || []); })
          .catch(function () { callback(); });
      },
      // Several choices (a cycle's units): each chosen one gets a button to remove it.
      plugins: select.multiple ? { remove_button: { title: select.dataset.remove } } : [],
      render: {
        no_results: function () { return '<div class="no-results">' + escape(select.dataset.noResults) + "</div>"; },
        loading: function () { return '<div class="spinner" role="status">' + escape(select.dataset.loading) + "</div>"; },
      },
    });
    // Tom Select's field (a combobox with the label) is what a screen reader meets; the select it
    // fills (out of the Tab order) is hidden from it, so the field is not announced twice.
    select.setAttribute("aria-hidden", "true");
  });
})();
