// Focus after a failed form submit: the error summary, so that a screen reader reads it
// and a keyboard user starts from it. Loaded as a module from base.html (the CSP allows
// scripts from 'self' only, never inline ones). Otherwise a field marked `data-autofocus`
// (the login page's username) takes the focus, on a device with a mouse only: on a phone
// it would open the keyboard over the page, and Tab must still reach "Skip to main content".
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

const main = document.getElementById("main") || document.body;
if (!focusErrorSummary(main) && window.matchMedia("(hover: hover) and (pointer: fine)").matches) {
  const field = main.querySelector("[data-autofocus]");
  if (field) {
    field.focus();
  }
}

// A form answered by htmx swaps in its own errors: focus them once the swap settles.
document.body.addEventListener("htmx:afterSettle", (event) => {
  const target = event.detail && event.detail.target;
  if (target instanceof Element) {
    focusErrorSummary(target);
  }
});
