// The ticket page's composer (templates/includes/composer.html), progressive enhancement:
// choosing a macro fills the composer in place (text, status, priority, area) instead of
// reloading the page with ?macro= (which is what happens without JavaScript).
(function () {
  "use strict";
  var picker = document.querySelector("[data-macro-picker]");
  var form = document.getElementById("composer-form");
  if (!form) return;
  // "Waiting for" is read with the status Paused only: shown when it is chosen.
  var status = form.querySelector("select[name='reply-status']");
  var pause = form.querySelector("[data-pause-kind]");
  function showPause() {
    if (pause && status) pause.hidden = status.value !== "PAUSADO";
  }
  function choosePause(value) {
    var radio = value && form.querySelector("input[name='reply-pause_kind'][value='" + value + "']");
    if (radio) radio.checked = true;
  }
  if (status) status.addEventListener("change", showPause);
  showPause();

  if (!picker) return;
  var select = picker.querySelector("select");
  var insert = picker.querySelector("[data-macro-insert]");
  var body = document.getElementById("composer-body");
  var macroInput = form.querySelector("input[name='reply-macro']");

  function choose(name, value) {
    var field = form.querySelector("select[name='reply-" + name + "']");
    if (!field || !value) return;
    for (var i = 0; i < field.options.length; i++) {
      if (field.options[i].value === value) { field.value = value; return; }
    }
  }

  function apply() {
    var option = select.options[select.selectedIndex];
    if (!option || !option.value) return;
    body.value = option.getAttribute("data-body") || "";
    if (macroInput) macroInput.value = option.value;
    choose("status", option.getAttribute("data-status"));
    choosePause(option.getAttribute("data-pause"));
    showPause();
    choose("priority", option.getAttribute("data-priority"));
    choose("area", option.getAttribute("data-area"));
    document.getElementById("composer-tab-public").checked = true;
    body.focus();
  }

  if (insert) insert.hidden = true;  // choosing is enough with JavaScript
  select.addEventListener("change", apply);
  picker.addEventListener("submit", function (event) { event.preventDefault(); apply(); });
})();
