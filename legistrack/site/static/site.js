// Enhancements only: every page is complete without this script.
(function () {
  "use strict";
  document.documentElement.classList.add("js");
  // A text's table of contents is a sidebar on a wide screen; on a phone it is folded, so the law opens the page.
  if (window.matchMedia && window.matchMedia("(max-width: 48rem)").matches) {
    document.querySelectorAll("details.toc-fold[open]").forEach(function (d) { d.removeAttribute("open"); });
  }
  // The clone command with the real address of this site (the page says <site> without a script).
  document.querySelectorAll("code.clone[data-store]").forEach(function (code) {
    var store = new URL(code.getAttribute("data-store"), location.href);
    var where = store.protocol === "file:" ? decodeURIComponent(store.pathname) : store.href;
    code.textContent = "git clone --single-branch -b " + code.getAttribute("data-branch") + " " + where;
  });
  var chosenPair = function (form, lang) {
    var from = form.querySelector('select[name="from-' + lang + '"]').value;
    var to = form.querySelector('select[name="to-' + lang + '"]').value;
    var ids = Array.prototype.map.call(form.querySelectorAll('select[name="from-' + lang + '"] option'), function (o) { return o.value; });
    if (ids.indexOf(from) > ids.indexOf(to)) { var swap = from; from = to; to = swap; }
    return [from, to];
  };
  // Pair picker: go to the precomputed diff page of the chosen stages, or compare them in the browser.
  document.querySelectorAll(".pair-picker button[data-compare]").forEach(function (button) {
    button.addEventListener("click", function () {
      var lang = button.getAttribute("data-compare");
      var form = button.closest("form");
      var pair = chosenPair(form, lang);
      if (pair[0] === pair[1]) { return; }
      var name = pair[0] + ".." + pair[1] + "." + lang;
      var pairs = (form.getAttribute("data-pairs") || "").split(" ");
      var comparePage = form.getAttribute("data-compare-page");
      if (pairs.indexOf(name) < 0 && comparePage) {
        window.location.href = comparePage + "#" + name;
      } else {
        window.location.href = "diff/" + name + ".html";
      }
    });
  });
  // What published claims the record contradicts say of a day ("in force on 1 July 2025"): told to a reader who
  // picks that day, with what the record says.
  var claimsOn = function (element, day) {
    return JSON.parse(element.getAttribute("data-claims") || "[]")
      .filter(function (c) { return c.date === day; })
      .map(function (c) { return c.text; });
  };
  // The text in force on a date: the latest version on file that took effect on or before it.
  var inForce = document.querySelector(".in-force-form");
  if (inForce) {
    inForce.hidden = false;
    var versions = JSON.parse(inForce.getAttribute("data-versions"));
    inForce.querySelectorAll("button[data-in-force]").forEach(function (button) {
      button.addEventListener("click", function () {
        var lang = button.getAttribute("data-in-force");
        var day = inForce.querySelector('input[name="on-' + lang + '"]').value;
        if (!/^\d{4}-\d{2}-\d{2}$/.test(day)) { return; }
        var found = null;
        (versions[lang] || []).forEach(function (v) { if (v[1] <= day) { found = v; } });
        var out = inForce.querySelector('output[data-lang="' + lang + '"]');
        if (!found) {
          var first = (versions[lang] || [[null, "?"]])[0][1];
          out.textContent = inForce.getAttribute("data-none").replace("{date}", day).replace("{first}", first);
          claimsOn(inForce, day).forEach(function (text) { out.textContent += " " + text; });
          return;
        }
        out.textContent = "";
        // the text's page (a compact law's earlier revisions: the diff of what that revision changed)
        var target = found[2] || "text/" + found[0] + "." + lang + ".html";
        window.location.href = target.charAt(0) === "#" ? target : target + "?on=" + day;
      });
    });
  }
  var validity = document.querySelector(".validity");
  if (validity) {
    var on = new URLSearchParams(window.location.search).get("on");
    var start = validity.getAttribute("data-start");
    var until = validity.getAttribute("data-until");
    if (on && /^\d{4}-\d{2}-\d{2}$/.test(on) && on >= start && (!until || on <= until)) {
      var line = validity.querySelector(".validity-on");
      var untilText = until ? " " + validity.getAttribute("data-until-text").replace("{end}", until) : "";
      line.textContent = validity.getAttribute("data-banner").replace("{date}", on).replace("{start}", start).replace("{until}", untilText);
      var due = validity.getAttribute("data-due");
      if (due && on >= due) { line.textContent += " " + validity.getAttribute("data-due-text").replace("{due}", due); }
      // revisions whose act was promulgated by that day and took effect after it: law, not yet in force
      var pending = JSON.parse(validity.getAttribute("data-pending") || "[]").filter(function (p) {
        return p.promulgated <= on && on < p.date;
      });
      if (pending.length) {
        var acts = pending.map(function (p) { return p.label; }).join(document.documentElement.lang === "ja" ? "、" : "; ");
        line.textContent += " " + validity.getAttribute("data-pending-text").replace("{acts}", acts);
      }
      line.hidden = false;
    }
    if (on) {
      var claimed = claimsOn(validity, on);
      if (claimed.length) {
        var note = validity.querySelector(".validity-claims");
        note.textContent = claimed.join(" ");
        note.hidden = false;
      }
    }
  }
  // Any pair in the browser (compare.html): each text's units from its data script, aligned by unit id (a unit
  // whose id is gone but whose text is found under another id is renumbered), then diffed character by character
  // (word by word in Latin script) with Myers' algorithm.
  var compareForm = document.querySelector(".compare-form");
  if (compareForm) {
    compareForm.hidden = false;
    var nojs = document.querySelector(".nojs-note");
    if (nojs) { nojs.hidden = true; }
    var status = document.querySelector(".compare-status");
    var statuses = JSON.parse(compareForm.getAttribute("data-statuses") || "{}");
    var output = document.querySelector(".compare-units");
    var load = function (name) {
      return new Promise(function (resolve, reject) {
        var have = window.LEGISTRACK_TEXTS && window.LEGISTRACK_TEXTS[name];
        if (have) { resolve(have); return; }
        var script = document.createElement("script");
        script.src = compareForm.getAttribute("data-texts") + name + ".js";
        script.onload = function () { resolve(window.LEGISTRACK_TEXTS[name]); };
        script.onerror = function () { reject(new Error(name + ".js")); };
        document.head.appendChild(script);
      });
    };
    var tokenize = function (text) { return text.match(/[A-Za-z0-9\u00c0-\u024f]+[ \t]*|[\s\S]/gu) || []; };
    var myers = function (a, b) {
      // The shortest edit script between token lists a and b: [op, token] with op "=", "-" or "+".
      var n = a.length, m = b.length, max = n + m, offset = max + 1;
      if (n * m > 4e6 && max > 20000) { return null; }
      var v = new Int32Array(2 * max + 3), trace = [];
      for (var d = 0; d <= max; d++) {
        trace.push(v.slice());
        for (var k = -d; k <= d; k += 2) {
          var x = (k === -d || (k !== d && v[offset + k - 1] < v[offset + k + 1])) ? v[offset + k + 1] : v[offset + k - 1] + 1;
          var y = x - k;
          while (x < n && y < m && a[x] === b[y]) { x++; y++; }
          v[offset + k] = x;
          if (x >= n && y >= m) {
            var ops = [];
            for (var dd = d; dd > 0; dd--) {
              var vv = trace[dd], kk = x - y;
              var down = kk === -dd || (kk !== dd && vv[offset + kk - 1] < vv[offset + kk + 1]);
              var pk = down ? kk + 1 : kk - 1, px = vv[offset + pk], py = px - pk;
              while (x > px && y > py) { ops.push(["=", a[x - 1]]); x--; y--; }
              if (down) { ops.push(["+", b[y - 1]]); y--; } else { ops.push(["-", a[x - 1]]); x--; }
            }
            while (x > 0 && y > 0) { ops.push(["=", a[x - 1]]); x--; y--; }
            return ops.reverse();
          }
        }
        if (d > 3000) { return null; }
      }
      return null;
    };
    var spans = function (oldText, newText) {
      var ops = myers(tokenize(oldText), tokenize(newText));
      if (ops === null) { return [["-", oldText], ["+", newText]]; }
      var out = [];
      ops.forEach(function (op) {
        var last = out[out.length - 1];
        if (last && last[0] === op[0]) { last[1] += op[1]; } else { out.push([op[0], op[1]]); }
      });
      return out;
    };
    var render = function (oldData, newData) {
      var oldById = {}, newIds = {}, used = {}, byText = {}, rowOfOld = {};
      oldData.units.forEach(function (u, i) { oldById[u[0]] = i; (byText[u[2]] = byText[u[2]] || []).push(i); });
      newData.units.forEach(function (u) { newIds[u[0]] = true; });
      var rows = [], counts = { modified: 0, inserted: 0, deleted: 0, renumbered: 0, unchanged: 0 };
      newData.units.forEach(function (u) {
        var i = oldById[u[0]];
        if (i === undefined || used[i]) {
          // the same text under an id the new text no longer has: renumbered
          var free = (byText[u[2]] || []).filter(function (j) { return !used[j] && !newIds[oldData.units[j][0]]; });
          if (free.length) {
            used[free[0]] = true;
            rowOfOld[free[0]] = rows.length;
            counts.renumbered++;
            rows.push({ status: "renumbered", label: oldData.units[free[0]][1] + " → " + u[1] });
            return;
          }
          counts.inserted++;
          rows.push({ status: "inserted", label: u[1], spans: [["+", u[2]]] });
          return;
        }
        used[i] = true;
        rowOfOld[i] = rows.length;
        var old = oldData.units[i];
        if (old[2] === u[2]) { counts.unchanged++; rows.push({ status: "unchanged", label: u[1] }); return; }
        counts.modified++; rows.push({ status: "modified", label: u[1], spans: spans(old[2], u[2]) });
      });
      // a deleted unit goes after the row of the old unit before it, where it was
      var after = {};
      var lastRow = -1;
      oldData.units.forEach(function (u, i) {
        if (used[i]) { lastRow = rowOfOld[i]; return; }
        counts.deleted++;
        (after[lastRow] = after[lastRow] || []).push({ status: "deleted", label: u[1], spans: [["-", u[2]]] });
      });
      var placed = (after[-1] || []).slice();
      rows.forEach(function (r, k) { placed.push(r); (after[k] || []).forEach(function (d) { placed.push(d); }); });
      rows = placed;
      output.textContent = "";
      var folded = 0;
      var flush = function () {
        if (!folded) { return; }
        var p = document.createElement("p");
        p.className = "lt-folded";
        p.textContent = "… " + (folded === 1 ? compareForm.getAttribute("data-unchanged-one")
          : compareForm.getAttribute("data-unchanged").replace("{n}", folded));
        output.appendChild(p);
        folded = 0;
      };
      rows.forEach(function (r) {
        if (r.status === "unchanged") { folded++; return; }
        flush();
        var section = document.createElement("section");
        section.className = "lt-unit lt-" + r.status;
        var h = document.createElement("h3");
        h.className = "lt-unit-label";
        h.textContent = (r.label || "(preamble)") + " — " + (statuses[r.status] || r.status);
        section.appendChild(h);
        if (r.spans) {
          var div = document.createElement("div");
          div.className = "lt-text";
          r.spans.forEach(function (s) {
            var el = s[0] === "=" ? document.createTextNode(s[1]) : document.createElement(s[0] === "-" ? "del" : "ins");
            if (s[0] !== "=") { el.textContent = s[1]; }
            div.appendChild(el);
          });
          section.appendChild(div);
        }
        output.appendChild(section);
      });
      flush();
      var c = counts;
      status.textContent = compareForm.getAttribute("data-result").replace("{modified}", c.modified).replace("{inserted}", c.inserted)
        .replace("{deleted}", c.deleted).replace("{renumbered}", c.renumbered).replace("{unchanged}", c.unchanged);
      document.querySelector(".compare-engine").hidden = false;
    };
    var compare = function (from, to, lang) {
      status.textContent = compareForm.getAttribute("data-loading");
      output.textContent = "";
      Promise.all([load(from + "." + lang), load(to + "." + lang)]).then(function (texts) {
        render(texts[0], texts[1]);
      }, function (error) {
        status.textContent = compareForm.getAttribute("data-failed") + " " + error.message;
      });
    };
    compareForm.querySelectorAll("button[data-browser-compare]").forEach(function (button) {
      button.addEventListener("click", function () {
        var lang = button.getAttribute("data-browser-compare");
        var pair = chosenPair(compareForm, lang);
        if (pair[0] === pair[1]) { return; }
        window.location.hash = pair[0] + ".." + pair[1] + "." + lang;
      });
    });
    var fromHash = function () {
      var m = /^#([0-9a-z-]+)\.\.([0-9a-z-]+)\.([a-z]{2,3})$/.exec(window.location.hash);
      if (!m) { return; }
      var from = compareForm.querySelector('select[name="from-' + m[3] + '"]');
      var to = compareForm.querySelector('select[name="to-' + m[3] + '"]');
      if (from && to) { from.value = m[1]; to.value = m[2]; }
      compare(m[1], m[2], m[3]);
    };
    window.addEventListener("hashchange", fromHash);
    fromHash();
  }
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
    var finderNone = document.querySelector(".finder-none");
    finderNone.hidden = true;
    var title = document.querySelector(".finder-title");
    var written = query.normalize("NFKC").replace(/\s+/g, "");
    if (!written) { title.hidden = true; return; }
    // numbers as the law writes them (令和七年法律第五十三号, 第二百十七回国会閣法第二十九号) read as digits
    var q = written.replace(/[〇一二三四五六七八九十百千]+/g, function (run) {
      var digits = "〇一二三四五六七八九";
      if (!/[十百千]/.test(run)) { return run.split("").map(function (c) { return digits.indexOf(c); }).join(""); }
      var total = 0, digit = -1;
      run.split("").forEach(function (c) {
        var unit = { "十": 10, "百": 100, "千": 1000 }[c];
        if (unit) { total += (digit < 0 ? 1 : digit) * unit; digit = -1; } else { digit = digits.indexOf(c); }
      });
      return String(total + (digit < 0 ? 0 : digit));
    });
    var col = {};
    finderData.columns.forEach(function (name, i) { col[name] = i; });
    var exact = q.match(/^(?:第)?(\d+)(?:回国会|回)?[-‐‑–—―ー－]?(閣法|衆法|参法)(?:第)?(\d+)(?:号)?$/);
    var kindNumber = q.match(/^(閣法|衆法|参法)(?:第)?(\d+)(?:号)?$/);
    var sessionNumber = q.match(/^(\d+)[-‐‑–—―ー－](\d+)$/);
    var lower = written.toLowerCase();
    var hits = finderData.bills.filter(function (b) {
      if (exact) { return b[col.session] === +exact[1] && b[col.kind] === exact[2] && b[col.number] === +exact[3]; }
      if (kindNumber) { return b[col.kind] === kindNumber[1] && b[col.number] === +kindNumber[2]; }
      if (sessionNumber) { return b[col.session] === +sessionNumber[1] && b[col.number] === +sessionNumber[2]; }
      var law = (b[col.law_number] || "").normalize("NFKC");
      var text = (b[col.title_ja] + " " + b[col.title_en] + " " + b[col.short_title] + " " + b[col.diet_bill] + " " +
        (b[col.egov_law_id] || "") + " " + (b[col.law_number_en] || "")).normalize("NFKC");
      return law.indexOf(q) >= 0 || text.replace(/\s+/g, "").toLowerCase().indexOf(lower) >= 0;
    });
    // a bill or law named exactly (its title, short title, number or e-Gov id) first: 内閣府設置法 before the bills
    // that amend it
    var named = function (b) {
      return [b[col.title_ja], b[col.title_en], b[col.short_title], b[col.egov_law_id], b[col.law_number_en]]
        .concat((b[col.short_title] || "").split(" "))
        .some(function (t) { return t && t.normalize("NFKC").replace(/\s+/g, "").toLowerCase() === lower; }) ||
        (b[col.law_number] || "").normalize("NFKC") === q;
    };
    hits = hits.filter(named).concat(hits.filter(function (b) { return !named(b); }));
    title.hidden = false;
    var lang = finderForm.getAttribute("data-lang");
    var root = finderForm.getAttribute("data-root");
    if (!hits.length) { finderNone.hidden = false; return; }  // said once, not as item "1." of the list
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
    var searchNone = document.querySelector(".search-none");
    var asked = 0;  // the newest query: an older one still waiting is skipped, and its late answer dropped
    var queue = Promise.resolve();  // one query at a time: switching the index (destroy, init) must not interleave
    var run = function (query) {
      var mine = ++asked;
      queue = queue.then(function () { return mine === asked ? answer(query, mine) : null; });
    };
    var answer = async function (query, mine) {
      list.textContent = "";
      searchNone.hidden = true;
      document.querySelector(".text-results-title").hidden = !query;
      if (!query) { return; }
      var unavailable = function () {
        var li = document.createElement("li");
        li.textContent = document.querySelector(".search-nojs").textContent;
        list.appendChild(li);
      };
      // Browsers refuse the index from file:// (a CORS error on every keystroke): say so without asking for it.
      if (window.location.protocol === "file:") { unavailable(); return; }
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
        unavailable();
        return;
      }
      var search = await pagefind.search(query);
      var results = await Promise.all(search.results.slice(0, 20).map(function (r) { return r.data(); }));
      if (mine !== asked) { return; }
      list.textContent = "";
      searchNone.hidden = results.length > 0;
      results.forEach(function (data) {
        var li = document.createElement("li");
        var a = document.createElement("a");
        a.href = inUi(data.url);
        a.textContent = (data.meta && data.meta.title) || data.url;
        li.appendChild(a);
        var p = document.createElement("p");
        safeExcerpt(data.excerpt, p);
        li.appendChild(p);
        // Sections holding the exact phrase first, then by the weight of their matches: the provision that
        // defines a term lists it under its heading (weighted 10), so a query for 人工知能戦略本部 leads to
        // 第十九条, which sets it up, before the articles that only use it.
        var plain = function (html) { return new DOMParser().parseFromString(html, "text/html").body.textContent; };
        var weight = function (s) {
          return s.weighted_locations ? s.weighted_locations.reduce(function (n, l) { return n + l.weight; }, 0)
            : (s.locations || []).length;
        };
        // The provision that defines the query's term (the page's "defines" meta: anchor -> terms) comes first; of
        // those defining a term that holds the query, the one whose term is closest to it (人工知能戦略本部 is
        // defined by 第十九条; 人工知能戦略本部長, which holds it, by 第二十二条).
        var defines = {};
        try { defines = JSON.parse((data.meta && data.meta.defines) || "{}"); } catch (e) { defines = {}; }
        var q = query.trim().toLowerCase();
        var defining = function (s) {
          var terms = (s.anchor && defines[s.anchor.id]) || [];
          return terms.reduce(function (best, t) {
            t = t.toLowerCase();
            return t.indexOf(q) >= 0 ? Math.max(best, 100000 * q.length / t.length) : best;
          }, 0);
        };
        var subs = (data.sub_results || []).filter(function (s) { return s.url !== data.url; })
          .map(function (s, i) {
            var exact = plain(s.excerpt).indexOf(query) >= 0 ? 1000 : 0;
            return { s: s, i: i, n: defining(s) + exact + weight(s) };
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
    // both answer as the reader types: the finder at once (its data is on the page), the full-text search once
    // typing pauses (each query loads index fragments)
    var typing = null;
    input.addEventListener("input", function () {
      finder(input.value.trim());
      window.clearTimeout(typing);
      typing = window.setTimeout(function () { run(input.value.trim()); }, 300);
    });
    var initial = new URL(window.location.href).searchParams.get("q");
    if (initial) { input.value = initial; finder(initial.trim()); run(initial.trim()); }
  }
}());
