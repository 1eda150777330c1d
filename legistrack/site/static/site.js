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
  // The finder: a bill by its number, law number or title words, from assets/finder.js (works from file:// too).
  var finderForm = document.querySelector(".search-form");
  var finderList = document.querySelector(".finder-results");
  var finderData = window.LEGISTRACK_FINDER;
  var finder = function (query) {
    if (!finderList || !finderData) { return; }
    finderList.textContent = "";
    var title = document.querySelector(".finder-title");
    var q = query.normalize("NFKC").replace(/\s+/g, "");
    if (!q) { title.hidden = true; return; }
    var col = {};
    finderData.columns.forEach(function (name, i) { col[name] = i; });
    var exact = q.match(/^(?:第)?(\d+)(?:回国会|回)?[-‐‑–—―ー－]?(閣法|衆法|参法)(?:第)?(\d+)(?:号)?$/);
    var kindNumber = q.match(/^(閣法|衆法|参法)(?:第)?(\d+)(?:号)?$/);
    var sessionNumber = q.match(/^(\d+)[-‐‑–—―ー－](\d+)$/);
    var lower = q.toLowerCase();
    var hits = finderData.bills.filter(function (b) {
      if (exact) { return b[col.session] === +exact[1] && b[col.kind] === exact[2] && b[col.number] === +exact[3]; }
      if (kindNumber) { return b[col.kind] === kindNumber[1] && b[col.number] === +kindNumber[2]; }
      if (sessionNumber) { return b[col.session] === +sessionNumber[1] && b[col.number] === +sessionNumber[2]; }
      var law = (b[col.law_number] || "").normalize("NFKC");
      var text = (b[col.title_ja] + " " + b[col.title_en] + " " + b[col.short_title] + " " + b[col.diet_bill]).normalize("NFKC");
      return law.indexOf(q) >= 0 || text.replace(/\s+/g, "").toLowerCase().indexOf(lower) >= 0;
    });
    title.hidden = false;
    var lang = finderForm.getAttribute("data-lang");
    var root = finderForm.getAttribute("data-root");
    if (!hits.length) {
      var none = document.createElement("li");
      none.textContent = finderForm.getAttribute("data-no-results");
      finderList.appendChild(none);
      return;
    }
    hits.slice(0, 100).forEach(function (b) {
      var li = document.createElement("li");
      var a = document.createElement("a");
      a.href = root + lang + "/" + b[col.id] + "/index.html";
      a.textContent = (lang === "en" && b[col.title_en]) || b[col.title_ja] || b[col.id];
      li.appendChild(a);
      var note = document.createElement("span");
      note.className = "excerpt";
      note.textContent = " — " + [b[col.diet_bill], b[col.law_number]].filter(Boolean).join(" · ");
      li.appendChild(note);
      finderList.appendChild(li);
    });
    if (hits.length > 100) {
      var more = document.createElement("li");
      more.textContent = "… " + (hits.length - 100);
      finderList.appendChild(more);
    }
  };
  // Search (Pagefind): an enhancement of search.html, over http(s) only.
  var form = document.querySelector(".search-form");
  if (form) {
    var input = form.querySelector("input[name=q]");
    var list = document.querySelector(".search-results");
    var bundle = new URL(form.getAttribute("data-bundle"), window.location.href);
    var pagefind = null;
    var safeExcerpt = function (html, target) {
      // Excerpts come as escaped text with <mark>: rebuild them node by node, never as HTML.
      var doc = new DOMParser().parseFromString("<p>" + html + "</p>", "text/html");
      doc.body.firstChild.childNodes.forEach(function (node) {
        if (node.nodeName === "MARK") {
          var mark = document.createElement("mark");
          mark.textContent = node.textContent;
          target.appendChild(mark);
        } else {
          target.appendChild(document.createTextNode(node.textContent));
        }
      });
    };
    var root = new URL("../", bundle).pathname;
    var ui = document.documentElement.lang;
    var indexLang = null;
    // Pagefind keeps one index per page language and segments Japanese only in the Japanese one. Each text is
    // indexed once, in the pages of its own language, so the index follows the query's script, not the page's
    // language: 人工知能戦略本部 typed on an English page searches the Japanese index, and the hits open in the
    // reader's interface language (the same path under en/ or ja/).
    var wanted = function (query) { return /[\u3040-\u30ff\u3400-\u9fff\uf900-\ufaff]/.test(query) ? "ja" : "en"; };
    var inUi = function (url) {
      return url.indexOf(root) === 0 ? root + url.slice(root.length).replace(/^(en|ja)\//, ui + "/") : url;
    };
    var run = async function (query) {
      list.textContent = "";
      document.querySelector(".text-results-title").hidden = !query;
      if (!query) { return; }
      try {
        if (!pagefind) {
          pagefind = await import(bundle.href);
        }
        if (indexLang !== wanted(query)) {
          indexLang = wanted(query);
          await pagefind.destroy();
          await pagefind.options({ baseUrl: root });
          // Pagefind picks its index from <html lang> when it starts: name the index's language for that moment.
          document.documentElement.lang = indexLang;
          var started = pagefind.init();
          document.documentElement.lang = ui;
          await started;
        }
      } catch (e) {
        var li = document.createElement("li");
        li.textContent = document.querySelector(".search-nojs").textContent;
        list.appendChild(li);
        return;
      }
      var search = await pagefind.search(query);
      var results = await Promise.all(search.results.slice(0, 20).map(function (r) { return r.data(); }));
      if (!results.length) {
        var none = document.createElement("li");
        none.textContent = form.getAttribute("data-no-results");
        list.appendChild(none);
      }
      results.forEach(function (data) {
        var li = document.createElement("li");
        var a = document.createElement("a");
        a.href = inUi(data.url);
        a.textContent = (data.meta && data.meta.title) || data.url;
        li.appendChild(a);
        var p = document.createElement("p");
        safeExcerpt(data.excerpt, p);
        li.appendChild(p);
        // Sections holding the exact phrase first, then those with the most matches: a query for 人工知能戦略本部
        // leads to 第十九条, which sets it up, not to the preamble.
        var plain = function (html) { return new DOMParser().parseFromString(html, "text/html").body.textContent; };
        var subs = (data.sub_results || []).filter(function (s) { return s.url !== data.url; })
          .map(function (s, i) {
            var exact = plain(s.excerpt).indexOf(query) >= 0 ? 1000 : 0;
            return { s: s, i: i, n: exact + (s.locations || []).length };
          })
          .sort(function (a, b) { return b.n - a.n || a.i - b.i; })
          .slice(0, 5).map(function (x) { return x.s; });
        if (subs.length) {
          var ul = document.createElement("ul");
          subs.forEach(function (sub) {
            var item = document.createElement("li");
            var link = document.createElement("a");
            link.href = inUi(sub.url);
            link.textContent = sub.title;
            item.appendChild(link);
            var excerpt = document.createElement("span");
            excerpt.className = "excerpt";
            safeExcerpt(" — " + sub.excerpt, excerpt);
            item.appendChild(excerpt);
            ul.appendChild(item);
          });
          li.appendChild(ul);
        }
        list.appendChild(li);
      });
    };
    form.addEventListener("submit", function (event) {
      event.preventDefault();
      var url = new URL(window.location.href);
      url.searchParams.set("q", input.value);
      try { window.history.replaceState(null, "", url); } catch (e) { /* file:// in some browsers */ }
      finder(input.value.trim());
      run(input.value.trim());
    });
    var initial = new URL(window.location.href).searchParams.get("q");
    if (initial) { input.value = initial; finder(initial.trim()); run(initial.trim()); }
  }
}());
