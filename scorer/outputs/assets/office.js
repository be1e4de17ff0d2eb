// Report page behaviour: clicking an element in the side panel (or a tag in the text)
// scrolls to its decisive evidence, outlines every sentence that matched it and shows
// its status, requirement and reason. Inlined by html.py; no network, no libraries.
(function () {
  "use strict";
  var data = document.getElementById("element-data");
  if (!data) { return; }
  var elements = JSON.parse(data.textContent);
  var detail = document.getElementById("detail");

  function text(tag, cls, content) {
    var node = document.createElement(tag);
    if (cls) { node.className = cls; }
    node.textContent = content;
    return node;
  }

  function activate(id) {
    var info = elements[id];
    if (!info) { return; }
    document.querySelectorAll(".active").forEach(function (n) { n.classList.remove("active"); });
    document.querySelectorAll(".flash").forEach(function (n) { n.classList.remove("flash"); });
    document.querySelectorAll("mark.ev").forEach(function (m) {
      if ((" " + m.dataset.els + " ").indexOf(" " + id + " ") >= 0) { m.classList.add("active"); }
    });
    var button = document.querySelector('button.el[data-el="' + id + '"]');
    if (button) { button.classList.add("active"); }
    if (detail) {
      detail.textContent = "";
      var head = text("div", "", info.name + "（" + id + "）");
      head.appendChild(document.createTextNode(" "));
      head.appendChild(text("span", "badge st-" + info.status, info.label));
      detail.appendChild(head);
      detail.appendChild(text("div", "", "要求：" + info.requirement + "（依据：" + info.source + "）"));
      if (info.problem) { detail.appendChild(text("div", "", "问题：" + info.problem)); }
      detail.appendChild(text("div", "reason", "判定说明：" + info.reason));
    }
    var target = info.target ? document.getElementById(info.target) : null;
    if (target) {
      target.classList.add("active");
      if (target.tagName === "MARK") { target.classList.add("flash"); }
      target.scrollIntoView({ block: "center" });
    }
    if (history.replaceState) { history.replaceState(null, "", "#el=" + id); }
  }

  document.addEventListener("click", function (event) {
    var node = event.target.closest("[data-el]");
    if (node) { event.preventDefault(); activate(node.dataset.el); }
  });
  var match = /^#el=(.+)$/.exec(location.hash);
  if (match) { activate(decodeURIComponent(match[1])); }
})();
