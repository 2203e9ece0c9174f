// A "Copy" button beside a secret shown once (a client system's token): it copies the field's text and says so.
// Without this script the button stays hidden and the field, read-only, is selected and copied by hand.
(function () {
  "use strict";
  document.querySelectorAll("button[data-copy]").forEach(function (button) {
    var field = document.getElementById(button.dataset.copy);
    var status = button.parentNode.querySelector(".copy-status");
    if (!field || !navigator.clipboard) {
      return;
    }
    button.hidden = false;
    button.addEventListener("click", function () {
      navigator.clipboard.writeText(field.value).then(function () {
        if (status) {
          status.textContent = button.dataset.copied;
        }
      }, function () {
        field.select();
      });
    });
  });
})();
