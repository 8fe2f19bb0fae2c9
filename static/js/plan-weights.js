// The running total of the goal weights on the plan page: the sum of every weight field shown
// (each goal's, the weights form's and the new rows'). The server renders the first total; whether
// the weights keep the rule is the server's to say when they are saved.
(function () {
  const total = document.querySelector("[data-weight-sum]");
  if (!total) return;
  const fields = document.querySelectorAll("input[data-weight]");
  if (!fields.length) return;
  function update() {
    let sum = 0;
    fields.forEach(function (field) {
      const value = parseInt(field.value, 10);
      if (!Number.isNaN(value)) sum += value;
    });
    if (total.textContent !== String(sum)) total.textContent = String(sum);
  }
  fields.forEach(function (field) { field.addEventListener("input", update); });
  update();
})();
