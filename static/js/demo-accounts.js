// The demo login page: on a phone the list of demo accounts starts folded (it is 41 rows long);
// the <details> stays open on a desktop and without script.
(function () {
  "use strict";
  if (window.matchMedia("(max-width: 40rem)").matches) {
    document.querySelectorAll("details.demo-accounts[open]").forEach(function (details) {
      details.open = false;
    });
  }
})();
