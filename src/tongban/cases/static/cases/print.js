// The receipt's print button (a file, not an inline script: the CSP forbids those).
document.addEventListener("click", (event) => {
  if (event.target.closest("[data-print]")) window.print();
});
