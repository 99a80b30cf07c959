/* Ticket page: who else has this ticket open (and who is typing), and @mention suggestions
   in the internal-note box. Progressive enhancement: without it the page works the same,
   and a stale form is still caught by the server (it answers with what changed). */
(function () {
  "use strict";
  var box = document.getElementById("presence");
  if (box) {
    var url = box.getAttribute("data-url");
    var token = box.getAttribute("data-token");
    var poll = Math.max(1, parseInt(box.getAttribute("data-poll"), 10) || 12) * 1000;
    var typingUntil = 0;
    document.querySelectorAll("form textarea").forEach(function (area) {
      area.addEventListener("input", function () { typingUntil = Date.now() + 15000; });
    });
    var render = function (others) {
      if (!others.length) { box.hidden = true; box.textContent = ""; return; }
      var typing = box.getAttribute("data-typing");
      box.textContent = box.getAttribute("data-viewing") + " " + others.map(function (o) {
        return o.state === "typing" ? o.name + " (" + typing + ")" : o.name;
      }).join(", ");
      box.hidden = false;
    };
    var beat = function () {
      var body = new URLSearchParams();
      body.set("token", token);
      body.set("state", Date.now() < typingUntil ? "typing" : "viewing");
      fetch(url, { method: "POST", body: body, credentials: "omit" })
        .then(function (r) { return r.ok ? r.json() : { others: [] }; })
        .then(function (data) { render(data.others || []); })
        .catch(function () { /* presence is a hint: stay quiet */ });
    };
    beat();
    window.setInterval(beat, poll);
  }

  var note = document.querySelector("textarea[data-mention-url]");
  if (note) {
    var list = document.createElement("ul");
    list.className = "mentions";
    list.setAttribute("role", "listbox");
    list.hidden = true;
    note.parentNode.appendChild(list);
    var current = null;
    var word = function () {
      var before = note.value.slice(0, note.selectionStart);
      var m = /(^|\s)@([^\s@]*)$/.exec(before);
      return m ? m[2] : null;
    };
    var insert = function (email) {
      var pos = note.selectionStart;
      var before = note.value.slice(0, pos).replace(/@([^\s@]*)$/, "@" + email + " ");
      note.value = before + note.value.slice(pos);
      note.focus();
      note.selectionStart = note.selectionEnd = before.length;
      list.hidden = true;
    };
    note.addEventListener("input", function () {
      var q = word();
      if (q === null) { list.hidden = true; return; }
      current = q;
      fetch(note.getAttribute("data-mention-url") + "?q=" + encodeURIComponent(q),
            { credentials: "same-origin" })
        .then(function (r) { return r.ok ? r.json() : { agents: [] }; })
        .then(function (data) {
          if (current !== q) { return; }
          list.textContent = "";
          (data.agents || []).forEach(function (a) {
            var li = document.createElement("li");
            var b = document.createElement("button");
            b.type = "button";
            b.className = "btn btn--small btn--ghost";
            b.textContent = a.name + " <" + a.email + ">";
            b.addEventListener("click", function () { insert(a.email); });
            li.appendChild(b);
            list.appendChild(li);
          });
          list.hidden = !list.children.length;
        })
        .catch(function () { list.hidden = true; });
    });
  }
})();
