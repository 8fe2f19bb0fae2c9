// Poll a running PDF export and move the progress bar; reload when it is finished.
(function () {
  const box = document.getElementById("export-progress");
  if (!box || !["pending", "running"].includes(box.dataset.status)) return;
  const bar = document.getElementById("export-bar");
  const count = document.getElementById("export-count");
  async function poll() {
    const response = await fetch(box.dataset.url, { credentials: "same-origin", headers: { Accept: "application/json" } });
    if (!response.ok) return setTimeout(poll, 3000);
    const body = await response.json();
    bar.value = body.percent;
    bar.textContent = body.percent + "%";
    count.textContent = body.done + " / " + body.total;
    if (["pending", "running"].includes(body.status)) setTimeout(poll, 1000);
    else window.location.reload();
  }
  setTimeout(poll, 500);
})();
