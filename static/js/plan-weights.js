// The running total of the goal weights on the plan page. Every weight field names its goal in
// data-weight (a goal can have two fields: its own form and the weights form); each goal counts once,
// with the value last typed for it. The server renders the first total; whether the weights keep the
// rule is the server's to say when they are saved.
(function () {
  const total = document.querySelector("[data-weight-sum]");
  const fields = Array.from(document.querySelectorAll("input[data-weight]"));
  if (!total || !fields.length) return;
  const typed = new Map();
  function update() {
    const weights = new Map();
    const withdrawn = new Set();
    fields.forEach(function (field) {
      if (field.form && field.form.querySelector("input[name$='-withdrawn']:checked")) {
        withdrawn.add(field.dataset.weight); // a withdrawn goal weighs nothing, as on the server
      }
      if (!weights.has(field.dataset.weight)) weights.set(field.dataset.weight, field.value);
    });
    typed.forEach(function (value, goal) { weights.set(goal, value); });
    withdrawn.forEach(function (goal) { weights.delete(goal); });
    let sum = 0;
    weights.forEach(function (value) {
      const number = parseInt(value, 10);
      if (!Number.isNaN(number)) sum += number;
    });
    if (total.textContent !== String(sum)) total.textContent = String(sum);
  }
  fields.forEach(function (field) {
    field.addEventListener("input", function () {
      typed.set(field.dataset.weight, field.value);
      update();
    });
  });
  document.querySelectorAll("input[name$='-withdrawn']").forEach(function (box) {
    box.addEventListener("change", update);
  });
  update();
})();
