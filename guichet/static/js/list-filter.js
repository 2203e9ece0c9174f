// A search box over a long list (the communes): shows the box the page keeps hidden for browsers without
// JavaScript, and as one types hides the options (and the groups) whose name and group do not contain the text.
// Accents, Arabic vowel marks and hamza seats are ignored, as in the server's sort (territory/forms.py).
(function () {
  "use strict";

  function fold(text) {
    return text.normalize("NFKD").replace(/\p{M}/gu, "").toLocaleLowerCase().trim();
  }

  function enhance(input) {
    var select = document.getElementById(input.getAttribute("data-list-filter"));
    if (!select || input.dataset.ready) return;
    input.dataset.ready = "1";
    var box = input.closest(".list-filter");
    var status = document.getElementById(input.getAttribute("aria-describedby"));
    var options = Array.prototype.map.call(select.options, function (option) {
      var group = option.parentElement.tagName === "OPTGROUP" ? option.parentElement.label : "";
      return { option: option, text: fold(option.text + " " + group) };
    });
    var timer = null;

    function apply() {
      var wanted = fold(input.value);
      var shown = 0;
      options.forEach(function (entry) {
        // The empty choice and the chosen ones stay: hiding them would change what the form sends.
        var keep = !wanted || entry.option.value === "" || entry.option.selected || entry.text.indexOf(wanted) !== -1;
        entry.option.hidden = !keep;
        if (keep && entry.option.value !== "") shown += 1;
      });
      Array.prototype.forEach.call(select.querySelectorAll("optgroup"), function (group) {
        group.hidden = !group.querySelector("option:not([hidden])");
      });
      if (status) status.textContent = wanted ? status.getAttribute("data-text").replace("%(count)s", shown) : "";
    }

    input.addEventListener("input", function () {
      window.clearTimeout(timer);
      timer = window.setTimeout(apply, 120);
    });
    input.addEventListener("keydown", function (event) {
      // Enter or Down goes to the list rather than submitting the form.
      if (event.key === "Enter" || event.key === "ArrowDown") {
        event.preventDefault();
        window.clearTimeout(timer);
        apply();
        select.focus();
      }
    });
    if (box) box.hidden = false;
  }

  function start() {
    Array.prototype.forEach.call(document.querySelectorAll("input[data-list-filter]"), enhance);
  }

  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start);
  else start();
})();
