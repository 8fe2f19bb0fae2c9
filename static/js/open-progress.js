// Follow a cycle opening in the background; reload the dashboard once it is open (or has failed).
(function () {
  const box = document.getElementById("open-progress");
  if (!box) return;
  const bar = document.getElementById("open-bar");
  const count = document.getElementById("open-count");
  const template = count.textContent.replace(/\d+/g, "#");
  async function poll() {
    const response = await fetch(box.dataset.url, { credentials: "same-origin", headers: { Accept: "application/json" } });
    if (!response.ok) return setTimeout(poll, 3000);
    const body = await response.json();
    if (!["queued", "running"].includes(body.status)) return window.location.reload();
    bar.max = body.total;
    bar.value = body.done;
    let filled = 0;
    count.textContent = template.replace(/#/g, () => (filled++ === 0 ? body.done : body.total));
    setTimeout(poll, 1000);
  }
  setTimeout(poll, 1000);
})();
