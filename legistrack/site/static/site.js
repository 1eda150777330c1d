// Enhancements only: every page is complete without this script.
(function () {
  "use strict";
  document.documentElement.classList.add("js");
  // Pair picker: go to the precomputed diff page of the chosen stages.
  document.querySelectorAll(".pair-picker button[data-compare]").forEach(function (button) {
    button.addEventListener("click", function () {
      var lang = button.getAttribute("data-compare");
      var form = button.closest("form");
      var from = form.querySelector('select[name="from-' + lang + '"]').value;
      var to = form.querySelector('select[name="to-' + lang + '"]').value;
      if (from === to) { return; }
      var ids = Array.prototype.map.call(form.querySelectorAll('select[name="from-' + lang + '"] option'), function (o) { return o.value; });
      if (ids.indexOf(from) > ids.indexOf(to)) { var swap = from; from = to; to = swap; }
      window.location.href = "diff/" + from + ".." + to + "." + lang + ".html";
    });
  });
  // Remember the chosen diff layout.
  var links = document.querySelectorAll(".layout-switch a");
  links.forEach(function (a) {
    a.addEventListener("click", function () {
      try { window.localStorage.setItem("legistrack-layout", a.getAttribute("href")); } catch (e) { /* private mode */ }
    });
  });
  if (links.length && !window.location.hash) {
    try {
      var saved = window.localStorage.getItem("legistrack-layout");
      if (saved && document.querySelector(saved)) { window.location.hash = saved; }
    } catch (e) { /* private mode */ }
  }
}());
