// Ask the server for the proposed rating whenever a mark or rating changes (the formula lives there),
// and make the justification required exactly when the rules say so.
(function () {
  const form = document.getElementById("scoring-form");
  if (!form) return;
  const token = form.querySelector("input[name=csrfmiddlewaretoken]").value;
  // Answers can arrive out of order: only the answer to the latest question of a fieldset counts.
  const latest = new WeakMap();
  async function refresh(fieldset) {
    const asked = (latest.get(fieldset) || 0) + 1;
    latest.set(fieldset, asked);
    const body = new URLSearchParams();
    body.append("assessment", fieldset.dataset.assessment);
    fieldset.querySelectorAll("input[name^=mark-]").forEach(function (input) {
      if ((input.type === "radio" && input.checked) || (input.type === "checkbox" && input.checked)) {
        body.append(input.name, input.type === "checkbox" ? "on" : input.value);
      }
    });
    const rating = fieldset.querySelector("select[name$=-rating]");
    body.append("rating", rating ? rating.value : "");
    const response = await fetch(form.dataset.proposalUrl, {
      method: "POST", credentials: "same-origin", body: body,
      headers: { "X-CSRFToken": token, Accept: "application/json" },
    });
    if (!response.ok) return;
    const answer = await response.json();
    if (latest.get(fieldset) !== asked) return;
    // The live region (aria-atomic) says nothing until a mark gives a proposal, then the whole sentence.
    const said = fieldset.querySelector("[data-proposal-text]");
    if (answer.proposed) {
      fieldset.querySelector("[data-proposed]").textContent = answer.proposed;
      said.hidden = false;
    } else {
      said.hidden = true;
    }
    const justification = fieldset.querySelector("textarea[name$=-justification]");
    justification.required = answer.needs_justification;
    fieldset.querySelector(".required-hint").hidden = !answer.needs_justification;
  }
  form.querySelectorAll("fieldset[data-assessment]").forEach(function (fieldset) {
    fieldset.addEventListener("change", function () { refresh(fieldset); });
    refresh(fieldset);
  });
  // A goal's justification is required as soon as its rating is below the norm (the scale says which).
  form.querySelectorAll("fieldset[data-goal]").forEach(function (fieldset) {
    const rating = fieldset.querySelector("select[data-below-norm]");
    const justification = fieldset.querySelector("textarea[name$=-justification]");
    function mark() {
      const below = rating.value !== "" && rating.dataset.belowNorm.split(" ").indexOf(rating.value) !== -1;
      justification.required = below;
      fieldset.querySelector(".required-hint").hidden = !below;
    }
    rating.addEventListener("change", mark);
    mark();
  });
  // The overall proposal follows the ratings chosen (saved or not): the server computes it from the whole form.
  const overall = form.querySelector("fieldset[data-overall]");
  let overallAsked = 0;
  async function refreshOverall() {
    const asked = ++overallAsked;
    const body = new URLSearchParams(new FormData(form));
    const response = await fetch(form.dataset.proposalUrl, {
      method: "POST", credentials: "same-origin", body: body,
      headers: { "X-CSRFToken": token, Accept: "application/json" },
    });
    if (!response.ok || asked !== overallAsked) return;
    const answer = await response.json();
    const label = overall.querySelector("label[for=id_overall_rating]");
    if (label && label.textContent !== answer.overall_field_label) label.textContent = answer.overall_field_label;
    const said = overall.querySelector("[data-proposal-text]");
    if (answer.overall) overall.querySelector("[data-proposed]").textContent = answer.overall;
    said.hidden = !answer.overall;
  }
  if (overall) {
    form.addEventListener("change", function (event) {
      if (!overall.contains(event.target)) refreshOverall();
    });
  }
  // Saving a draft never needs the justifications yet.
  form.querySelector("button[name=save]").addEventListener("click", function () {
    form.querySelectorAll("textarea[name$=-justification]").forEach(function (field) { field.required = false; });
  });
})();
