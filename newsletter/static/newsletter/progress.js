// Updates the send's progress bar every two seconds, until the send is finished.
(function () {
  const box = document.getElementById("newsletter-progress");
  if (!box || !box.dataset.url) return;
  const bar = box.querySelector("progress");
  async function refresh() {
    try {
      const response = await fetch(box.dataset.url, { credentials: "same-origin" });
      if (!response.ok) return;
      const data = await response.json();
      for (const field of box.querySelectorAll("[data-field]")) {
        if (field.dataset.field in data) field.textContent = data[field.dataset.field];
      }
      bar.value = data.percent;
      bar.textContent = data.percent + "%";
      if (data.status === "done" || data.status === "cancelled") return;
    } catch (error) {
      // A network hiccup: try again on the next round.
    }
    window.setTimeout(refresh, 2000);
  }
  window.setTimeout(refresh, 2000);
})();
