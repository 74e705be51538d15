// The invoice's Print button: shown only when script runs (without it, the browser's print menu does the same).
document.querySelectorAll("button[data-print]").forEach((button) => {
  button.hidden = false;
  button.addEventListener("click", () => window.print());
});
