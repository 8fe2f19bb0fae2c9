// Poll a running import and move the progress bar; reload when it is finished.
(function () {
  const box = document.getElementById("import-progress");
  if (!box || !["pending", "running"].includes(box.dataset.status)) return;
  const bar = document.getElementById("import-bar");
  const stage = document.getElementById("import-stage");
  async function poll() {
    const response = await fetch(box.dataset.url, { credentials: "same-origin", headers: { Accept: "application/json" } });
    if (!response.ok) return setTimeout(poll, 3000);
    const body = await response.json();
    bar.value = body.progress.percent;
    bar.textContent = body.progress.percent + "%";
    stage.textContent = body.progress.label;
    if (["pending", "running"].includes(body.status)) setTimeout(poll, 1000);
    else window.location.reload();
  }
  setTimeout(poll, 500);
})();
