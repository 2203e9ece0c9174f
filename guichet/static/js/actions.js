// The request page's one note box follows the action chosen: its label becomes that action's (the reason for a
// rejection, what is missing...). Without this script the label names every use and the server checks the same.
(function () {
  "use strict";
  var note = document.getElementById("id_note");
  var label = note && document.querySelector('label[for="id_note"]');
  if (!label) {
    return;
  }
  var text = label.firstChild;
  function follow(radio) {
    if (radio.checked && radio.dataset.noteLabel && text && text.nodeType === Node.TEXT_NODE) {
      text.nodeValue = radio.dataset.noteLabel + " ";
    }
  }
  document.querySelectorAll('input[type="radio"][name="transition"][data-note-label]').forEach(function (radio) {
    radio.addEventListener("change", function () {
      follow(radio);
    });
    follow(radio);
  });
})();
