// Progressive enhancement only: every link and form works without this file.
document.addEventListener("click", async (event) => {
  const link = event.target.closest("[data-copy-link]");
  if (!link || !navigator.clipboard) return;
  event.preventDefault();
  const status = link.parentElement.querySelector(".share__status");
  try {
    await navigator.clipboard.writeText(link.href);
    if (status) status.textContent = document.documentElement.lang === "nl" ? " Link gekopieerd" : " Link copied";
  } catch (error) {
    window.location.href = link.href;
  }
});

// Move focus to the error summary so screen-reader users hear what to fix.
const summary = document.querySelector(".error-summary");
if (summary) summary.focus();
