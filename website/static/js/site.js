// Progressive enhancement only: every link and form works without this file.
document.addEventListener("click", async (event) => {
  const link = event.target.closest("[data-copy-link]");
  if (!link || !navigator.clipboard) return;
  event.preventDefault();
  const status = link.parentElement.querySelector(".share__status");
  try {
    await navigator.clipboard.writeText(link.href);
    // The confirmation comes translated from the template (includes/share.html).
    if (status) status.textContent = ` ${link.dataset.copiedText || ""}`;
  } catch (error) {
    window.location.href = link.href;
  }
});

// Move focus to the error summary so screen-reader users hear what to fix.
const summary = document.querySelector(".error-summary");
if (summary) summary.focus();

// Folded parts (<details data-fold-wide>: the menu, the agenda's filters) are always
// shown on wide screens by site.css; browsers without ::details-content open them.
if (!CSS.supports("selector(::details-content)")) {
  const wide = window.matchMedia("(min-width: 56rem)");
  const unfold = () => {
    if (wide.matches) document.querySelectorAll("[data-fold-wide]").forEach((part) => { part.open = true; });
  };
  unfold();
  wide.addEventListener("change", unfold);
}
