/* Keyboard shortcuts for agents (progressive enhancement: every action has a link or a
   button without this file). In the queue: j / k move the highlighted row, Enter opens it,
   / focuses the search, ? shows the help. On a ticket page: r focuses the public reply,
   n the internal note, a clicks "assign to me" (each only when the page has it).
   Never while typing in a field, nor with Ctrl / Alt / Meta held. */
(function () {
  "use strict";
  var help = document.getElementById("kbd-help");
  var rows = Array.prototype.slice.call(document.querySelectorAll("[data-queue] .ticket-row"));
  var current = -1;

  function typing(el) {
    if (!el || el === document.body) { return false; }
    if (el.isContentEditable) { return true; }
    var tag = el.tagName;
    return tag === "INPUT" || tag === "TEXTAREA" || tag === "SELECT";
  }

  function highlight(index) {
    if (!rows.length) { return; }
    index = Math.max(0, Math.min(rows.length - 1, index));
    if (current >= 0 && rows[current]) { rows[current].classList.remove("is-current"); }
    current = index;
    var row = rows[current];
    row.classList.add("is-current");
    var link = row.querySelector("a.label-link");
    if (link) { link.focus({ preventScroll: true }); }
    row.scrollIntoView({ block: "nearest" });
  }

  function toggleHelp(show) {
    if (!help) { return; }
    var open = show === undefined ? help.hidden : show;
    help.hidden = !open;
    if (open) {
      var close = help.querySelector("[data-kbd-close]");
      if (close) { close.focus(); }
    }
  }

  function byId(id) { return document.getElementById(id); }

  function activateTab(id) {
    var tab = byId(id);
    if (!tab) { return false; }
    tab.click();
    return true;
  }

  var keys = {
    j: function () { if (rows.length) { highlight(current + 1); return true; } return false; },
    k: function () { if (rows.length) { highlight(current < 0 ? 0 : current - 1); return true; } return false; },
    "/": function () {
      var search = byId("id_q");
      if (!search) { return false; }
      search.focus();
      search.select();
      return true;
    },
    "?": function () { if (!help) { return false; } toggleHelp(); return true; },
    r: function () {
      var body = byId("composer-body");
      if (!body) { return false; }
      activateTab("composer-tab-public");
      body.focus();
      return true;
    },
    n: function () {
      if (!activateTab("composer-tab-internal")) { return false; }
      var body = byId("composer-body");
      if (body) { body.focus(); }
      return true;
    },
    a: function () {
      var take = byId("take-ticket");
      if (!take) { return false; }
      take.click();
      return true;
    }
  };

  document.addEventListener("keydown", function (event) {
    if (event.defaultPrevented || event.ctrlKey || event.altKey || event.metaKey) { return; }
    if (event.key === "Escape" && help && !help.hidden) { toggleHelp(false); return; }
    if (typing(event.target)) { return; }
    if (event.key === "Enter") {
      if (current >= 0 && rows[current] && document.activeElement === rows[current].querySelector("a.label-link")) {
        return; // the focused link opens itself
      }
      if (current >= 0 && rows[current]) {
        var link = rows[current].querySelector("a.label-link");
        if (link) { event.preventDefault(); window.location.assign(link.href); }
      }
      return;
    }
    var run = keys[event.key];
    if (run && run()) { event.preventDefault(); }
  });

  if (help) {
    help.addEventListener("click", function (event) {
      if (event.target === help || event.target.hasAttribute("data-kbd-close")) { toggleHelp(false); }
    });
    document.querySelectorAll("[data-kbd-help]").forEach(function (button) {
      button.hidden = false;
      button.addEventListener("click", function () { toggleHelp(true); });
    });
  }
})();
