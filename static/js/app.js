/* Progressive enhancement only: every page works without this file.
   (The language and time-zone selects do not submit on change: each has its own button,
   so moving through the options with the keyboard never reloads the page; WCAG 3.2.2.) */
(function () {
  "use strict";
  // Destructive actions ask first.
  document.querySelectorAll("form[data-confirm]").forEach(function (form) {
    form.addEventListener("submit", function (event) {
      if (!window.confirm(form.getAttribute("data-confirm"))) { event.preventDefault(); }
    });
  });
  // Move focus to the first field with an error so keyboard and screen-reader users land there.
  var invalid = document.querySelector("[aria-invalid='true']");
  if (invalid) { invalid.focus(); }
})();
