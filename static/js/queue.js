/* The queue's helpers (progressive enhancement; the forms work without this file):
   "select every ticket on this page", the count of selected tickets, only the inputs the
   chosen bulk action reads, and tag suggestions from existing tags. */
(function () {
  "use strict";
  document.documentElement.classList.add("js");
  var form = document.getElementById("bulk-form");
  var boxes = Array.prototype.slice.call(document.querySelectorAll("input[name=tickets][form=bulk-form]"));
  var all = document.querySelector("[data-select-page]");
  var counter = document.querySelector("[data-bulk-count]");

  function refresh() {
    var n = boxes.filter(function (b) { return b.checked; }).length;
    if (counter) { counter.textContent = n ? "(" + n + ")" : ""; }
    if (all) {
      all.checked = n > 0 && n === boxes.length;
      all.indeterminate = n > 0 && n < boxes.length;
    }
  }
  if (all && boxes.length) {
    all.hidden = false;
    all.addEventListener("change", function () {
      boxes.forEach(function (b) { b.checked = all.checked; });
      refresh();
    });
  }
  boxes.forEach(function (b) { b.addEventListener("change", refresh); });

  if (form) {
    var op = form.querySelector("[name=operation]");
    var show = function () {
      form.querySelectorAll("[data-bulk-for]").forEach(function (field) {
        var names = field.getAttribute("data-bulk-for").split(" ");
        field.classList.toggle("is-off", names.indexOf(op.value) < 0);
      });
    };
    if (op) { op.addEventListener("change", show); show(); }
  }

  // Tag suggestions: fill the shared <datalist> as the agent types (debounced, small JSON).
  var list = document.getElementById("tag-suggestions");
  var timer = null;
  document.querySelectorAll("input[data-tag-suggest]").forEach(function (input) {
    input.addEventListener("input", function () {
      window.clearTimeout(timer);
      var q = input.value.trim();
      if (!list || q.length < 1) { return; }
      timer = window.setTimeout(function () {
        var url = input.getAttribute("data-tag-suggest") + "?q=" + encodeURIComponent(q);
        fetch(url, { credentials: "same-origin", headers: { Accept: "application/json" } })
          .then(function (r) { return r.ok ? r.json() : { tags: [] }; })
          .then(function (data) {
            list.textContent = "";
            (data.tags || []).forEach(function (name) {
              var option = document.createElement("option");
              option.value = name;
              list.appendChild(option);
            });
          })
          .catch(function () { /* suggestions are optional */ });
      }, 150);
    });
  });
})();
