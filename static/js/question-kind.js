// The question editor: the options apply to a choice or a scale only. Hide them for free text and yes or
// no (unless some are typed, so HR sees what to remove); without JavaScript they stay and the server says.
(function () {
  const kind = document.getElementById("id_kind");
  const options = document.getElementById("id_options");
  if (!kind || !options) return;
  const parts = [options, document.querySelector("label[for='id_options']"), document.getElementById("id_options_helptext")];
  function update() {
    const show = kind.value === "choice" || kind.value === "scale" || options.value.trim() !== "";
    parts.forEach(function (part) { if (part) part.hidden = !show; });
  }
  kind.addEventListener("change", update);
  update();
})();
