// Focus after a failed form submit: the error summary, so that a screen reader reads it
// and a keyboard user starts from it. Loaded as a module from base.html (the CSP allows
// scripts from 'self' only, never inline ones). The login page's username field has its
// own `autofocus`.
const SUMMARY = '[data-error-summary], .error[role="alert"], .field-error[role="alert"]';

function focusErrorSummary(root) {
  const summary = root.querySelector(SUMMARY);
  if (!summary) {
    return false;
  }
  if (!summary.hasAttribute("tabindex")) {
    summary.setAttribute("tabindex", "-1");
  }
  summary.focus();
  summary.scrollIntoView({ block: "center" });
  return true;
}

focusErrorSummary(document.getElementById("main") || document.body);

// A form answered by htmx swaps in its own errors: focus them once the swap settles.
document.body.addEventListener("htmx:afterSettle", (event) => {
  const target = event.detail && event.detail.target;
  if (target instanceof Element) {
    focusErrorSummary(target);
  }
});
