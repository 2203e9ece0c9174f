// Errors are seen: a page that comes back with an error summary (a refused form or action) opens on it, scrolled
// into view and focused, so that a keyboard or screen-reader user starts from the list of what to correct.
(function () {
  "use strict";
  var summary = document.getElementById("error-summary");
  if (!summary) {
    return;
  }
  summary.scrollIntoView({ block: "start" });
  summary.focus({ preventScroll: true });
})();
