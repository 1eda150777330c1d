// Enhancements only: every page says all it has to say without this script (a diff's table is a second view of its
// redline, drawn here; without a script the page says so and the redline holds every change).
(function () {
  "use strict";
  document.documentElement.classList.add("js");
  // A diff page's side-by-side table and 新旧対照表 (one table, read either way by the stylesheet): each unit of the
  // redline is a row, its old cell the redline without the insertions, its new cell without the deletions (the
  // unchanged text and the folds in both), a side the unit lacks said in words: what the engine writes for the
  // table itself (`legistrack diff --layout side`), cell for cell. The page carries the change once, not twice.
  document.querySelectorAll("tbody[data-drawn-from]").forEach(function (body) {
    var from = document.getElementById(body.getAttribute("data-drawn-from"));
    if (!from || body.rows.length) { return; }
    var prefix = body.getAttribute("data-id-prefix") || "";
    var columns = Array.prototype.map.call(body.closest("table").querySelectorAll("thead th"), function (th) {
      return [th.classList.contains("lt-col-old") ? "old" : "new", th.textContent];
    });
    var rows = document.createDocumentFragment();
    from.querySelectorAll("section.lt-unit").forEach(function (unit) {
      var badges = unit.querySelectorAll(".lt-unit-label .lt-badge");
      if (badges.length) {
        var note = document.createElement("tr");
        note.className = "lt-badges";
        var all = note.appendChild(document.createElement("td"));
        all.colSpan = 2;
        badges.forEach(function (b) { all.appendChild(b.cloneNode(true)); });
        rows.appendChild(note);
      }
      var row = document.createElement("tr");
      row.className = unit.className;
      row.id = prefix + unit.id;
      columns.forEach(function (column) {
        var side = column[0], cell = row.appendChild(document.createElement("td"));
        cell.className = "lt-col-" + side;
        cell.setAttribute("data-col", column[1]);
        if (unit.getAttribute("data-absent") === side) {
          cell.classList.add("lt-empty");
          cell.textContent = body.getAttribute(side === "old" ? "data-added" : "data-removed");
          return;
        }
        var text = unit.querySelector(".lt-text").cloneNode(true);
        text.querySelectorAll(side === "old" ? "ins" : "del").forEach(function (mark) { mark.remove(); });
        cell.appendChild(text);
      });
      rows.appendChild(row);
    });
    body.appendChild(rows);
  });
  // A timeline's axis drawn to scale from its list of stages, where the build placed each (data-x; a label's
  // data-row and data-anchor, "middle" when not said): a dot per stage linked to it, its tooltip the date and the
  // stage's heading, a milestone labelled by its name and date, the figure's ticks (data-ticks: "x label|...").
  // Without a script, and on a phone, the list is the axis.
  var SVG = "http://www.w3.org/2000/svg";
  var svgNode = function (parent, name, attributes, text) {
    var node = parent.appendChild(document.createElementNS(SVG, name));
    Object.keys(attributes).forEach(function (key) { node.setAttribute(key, attributes[key]); });
    if (text !== undefined) { node.textContent = text; }
    return node;
  };
  document.querySelectorAll("figure.axis[data-width]").forEach(function (figure, index) {
    var items = figure.querySelectorAll(".axis-list li[data-x]");
    if (!items.length) { return; }
    var width = Number(figure.getAttribute("data-width"));
    var svg = document.createElementNS(SVG, "svg");
    svg.setAttribute("viewBox", "0 0 " + width + " " + figure.getAttribute("data-height"));
    svg.setAttribute("role", "group");
    var caption = figure.querySelector("figcaption");
    var title = svgNode(svg, "title", {id: "axis-title-" + index}, caption ? caption.textContent : "");
    svg.setAttribute("aria-labelledby", title.id);
    svgNode(svg, "line", {x1: 40, y1: 40, x2: width - 40, y2: 40, "class": "axis-line"});
    (figure.getAttribute("data-ticks") || "").split("|").forEach(function (tick) {
      var cut = tick.indexOf(" ");
      if (cut < 0) { return; }
      var x = tick.slice(0, cut);
      svgNode(svg, "line", {x1: x, y1: 34, x2: x, y2: 46, "class": "axis-tick"});
      svgNode(svg, "text", {x: x, y: 26, "class": "axis-tick-label"}, tick.slice(cut + 1));
    });
    items.forEach(function (item) {
      var link = item.querySelector("a"), time = item.querySelector("time");
      var date = time ? time.textContent : "";
      var heading = document.getElementById("h-" + link.getAttribute("href").slice(1));
      var kind = item.className;
      var a = svgNode(svg, "a", {href: link.getAttribute("href")});
      var dot = svgNode(a, "circle", {cx: item.getAttribute("data-x"), cy: 40, r: kind === "minor" ? 4 : 7,
        "class": kind ? "axis-point " + kind : "axis-point"});
      svgNode(dot, "title", {}, date + " — " + (heading ? heading.textContent : link.textContent));
      if (item.hasAttribute("data-row")) {
        var name = link.textContent.slice(date.length).trim();
        svgNode(a, "text", {x: item.getAttribute("data-x"), y: 72 + 16 * Number(item.getAttribute("data-row")),
          "text-anchor": item.getAttribute("data-anchor") || "middle", "class": "axis-label"}, name + " · " + date);
      }
    });
    figure.insertBefore(svg, figure.querySelector(".axis-list"));
    figure.classList.add("drawn");
  });
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
  // The text in force on an earlier day of a law kept compact (every Act through every revision): the page holds
  // the latest text; each revision's diff (legistrack.diff/1, its changed units alone, each with its place in the
  // old and the new text) undoes one revision. legistrack/diff/rewind.py is the same algorithm, tested on real laws.
  var fill = function (template, values) {
    return template.replace(/\{(\w+)\}/g, function (all, key) { return key in values ? values[key] : all; });
  };
  var spansText = function (spans, skip) {
    return spans.filter(function (s) { return s[0] !== skip; }).map(function (s) { return s[1]; }).join("");
  };
  var rewindUnits = function (items, doc, step) {
    var olds = {}, named = {}, nNamed = 0, nOld = 0;
    (doc.units || []).forEach(function (c) {
      var oi = c.old_index, ni = c.new_index;
      if ((c.old && oi === undefined) || (c["new"] && ni === undefined)) { throw new Error("the diff does not say where its units sit"); }
      if (ni !== undefined) {
        if (ni < 0 || ni >= items.length || named[ni]) { throw new Error("the diff names unit " + ni + " of " + items.length); }
        if (spansText(c.spans, "-") !== items[ni].text) { throw new Error("unit " + ni + " is not the text the diff was made from"); }
        named[ni] = true; nNamed++;
      }
      if (oi !== undefined) {
        if (oi < 0 || olds[oi]) { throw new Error("two units at " + oi); }
        olds[oi] = { text: spansText(c.spans, "+"), node: null, unit: c.old, next: step };
        nOld++;
      }
    });
    var size = items.length - nNamed + nOld, kept = items.filter(function (it, j) { return !named[j]; }), k = 0, out = [];
    for (var i = 0; i < size; i++) {
      if (olds[i]) { out.push(olds[i]); } else if (k < kept.length) { out.push(kept[k++]); } else { throw new Error("the diff does not fit the text"); }
    }
    if (k !== kept.length) { throw new Error("the diff does not fit the text"); }
    return out;
  };
  var readDoc = function (url) {
    // the diffs are gzipped files; a server that sends them with Content-Encoding: gzip has unpacked them already
    return fetch(url).then(function (r) {
      if (!r.ok) { throw new Error(r.status + " " + url); }
      return r.arrayBuffer();
    }).then(function (buffer) {
      var bytes = new Uint8Array(buffer);
      if (bytes[0] !== 0x1f || bytes[1] !== 0x8b) { return new TextDecoder().decode(bytes); }
      if (!window.DecompressionStream) { throw new Error("this browser cannot unpack gzip (DecompressionStream)"); }
      return new Response(new Blob([buffer]).stream().pipeThrough(new DecompressionStream("gzip"))).text();
    }).then(JSON.parse);
  };
  var sha256 = function (text) {
    if (!(window.crypto && window.crypto.subtle && window.TextEncoder)) { return Promise.resolve(null); }
    return window.crypto.subtle.digest("SHA-256", new TextEncoder().encode(text)).then(function (digest) {
      return Array.prototype.map.call(new Uint8Array(digest), function (b) { return ("0" + b.toString(16)).slice(-2); }).join("");
    });
  };
  var unitTitle = function (unit, text) {
    // as the table of contents names a unit (version.py _unit_title): 第一条（目的）, a heading's line, or its label
    var first = text.trim().split("\n")[0], label = unit.label || "";
    if (label && /^[（(]/.test(first) && /[）)]$/.test(first)) { return label + first; }
    if (unit.kind === "article" && label) { return label; }
    return first.length <= 60 ? first : first.slice(0, 58) + "…";
  };
  var showRewound = function (items, words, chain) {
    var article = document.querySelector("article.law-text");
    var toc = document.querySelector("nav.toc ol");
    var tocItems = {};
    if (toc) {
      toc.querySelectorAll("a[href^='#']").forEach(function (a) { tocItems[a.getAttribute("href").slice(1)] = a.closest("li"); });
    }
    var fresh = document.createDocumentFragment(), entries = document.createDocumentFragment();
    items.forEach(function (item, n) {
      var section = item.node, anchor;
      if (section) {
        // the latest text's own unit: its label without the enclosing headings (they may be numbered otherwise then)
        var h = section.querySelector(".unit-label");
        anchor = h.id;
        h.textContent = h.textContent.split("/").pop();
      } else {
        section = document.createElement("section");
        section.className = "unit unit-" + (item.unit.kind || "article") + " unit-then";
        var label = document.createElement("h3");
        label.className = "unit-label";
        anchor = "then-" + n;
        label.id = anchor;
        label.textContent = item.unit.label || (item.unit.path || []).slice(-1)[0] || "";
        var body = document.createElement("div");
        body.className = "lt-text";
        body.textContent = item.text;
        section.appendChild(label);
        section.appendChild(body);
      }
      if (item.next !== null && !section.querySelector(".then-note")) {
        var step = chain[item.next], note = document.createElement("p"), link = document.createElement("a");
        note.className = "then-note";
        note.textContent = words.then + " ";
        link.href = step.page;
        link.textContent = step.name;
        note.appendChild(link);
        section.insertBefore(note, section.querySelector(".lt-text"));
      }
      fresh.appendChild(section);
      var li = tocItems[anchor];
      if (!li && toc) {
        li = document.createElement("li");
        li.className = "toc-" + (item.unit.kind || "article") + " depth-" + Math.max((item.unit.path || []).length - 1, 0);
        var a = document.createElement("a");
        a.href = "#" + anchor;
        a.textContent = unitTitle(item.unit, item.text);
        li.appendChild(a);
      }
      if (li) { entries.appendChild(li); }
    });
    article.querySelectorAll(":scope > section.unit").forEach(function (s) { s.remove(); });
    article.appendChild(fresh);
    if (toc) { toc.textContent = ""; toc.appendChild(entries); }
    // the rebuilt text is not the latest one: the search index keeps the latest
    article.removeAttribute("data-pagefind-body");
  };
  var rewindTo = function (validity, on) {
    // the page's data block (version.py _rewind) and the interface's words (assets/words.js)
    var data = JSON.parse(document.getElementById(validity.getAttribute("data-rewind")).textContent);
    var words = (window.LEGISTRACK_WORDS || {})[document.documentElement.lang] || (window.LEGISTRACK_WORDS || {}).en;
    if (!words) { return; }
    var lang = data.lang;
    // each known text: [stage, SHA-256, name], the diff that made it from the one before at json/page + "a..b.lang…"
    var chain = data.chain.map(function (c, i) {
      var pair = i > 0 ? data.chain[i - 1][0] + ".." + c[0] + "." + lang : "";
      return { stage: c[0], sha256: c[1], name: c[2], json: pair && data.json + pair + ".json.gz", page: pair && data.page + pair + ".html" };
    });
    var forces = data.forces.map(function (r) { return { stage: r[0], start: r[1], until: r[2], title: r[3] }; });
    var line = validity.querySelector(".validity-on");
    line.hidden = false;
    var target = null;
    forces.forEach(function (r) { if (r.start <= on) { target = r; } });
    if (!target) {
      line.textContent = fill(words.none, { date: on, first: forces.length ? forces[0].start : "?" });
      return;
    }
    var at = -1;
    chain.forEach(function (c, i) { if (c.stage === target.stage) { at = i; } });
    var failed = function (error) {
      line.textContent = fill(words.failed, { date: on, error: error }) + " ";
      var page = at >= 0 && chain[at].page;
      if (page) {
        var link = document.createElement("a");
        link.href = page;
        link.textContent = chain[at].name;
        line.appendChild(link);
      }
    };
    if (at < 0) { failed(target.stage); return; }
    if (location.protocol === "file:") { failed(words.file); return; }
    line.textContent = fill(words.loading, { date: on });
    var steps = [];
    for (var i = chain.length - 1; i > at; i--) { steps.push(i); }
    Promise.all(steps.map(function (i) { return readDoc(chain[i].json); })).then(function (docs) {
      var items = Array.prototype.map.call(document.querySelectorAll("article.law-text > section.unit"), function (s) {
        return { text: s.querySelector(".lt-text").textContent, node: s, unit: null, next: null };
      });
      docs.forEach(function (doc, n) { items = rewindUnits(items, doc, steps[n]); });
      var text = items.map(function (it) { return it.text; }).join("");
      return sha256(text).then(function (digest) {
        if (digest !== null && digest !== chain[at].sha256) { throw new Error("SHA-256 " + digest.slice(0, 12) + "… ≠ " + chain[at].sha256.slice(0, 12) + "…"); }
        showRewound(items, words, chain);
        var until = target.until ? (document.documentElement.lang === "ja" ? "、" : " ") + fill(words.until, { end: target.until }) : "";
        line.textContent = fill(words.banner, { date: on, start: target.start, until: until, name: chain[at].name, n: steps.length }) + " " +
          (digest !== null ? fill(words.checked, { sha256: digest }) : words.unchecked);
        var pending = (data.pending || []).filter(function (p) { return p.promulgated <= on && on < p.date; });
        if (pending.length) {
          var acts = pending.map(function (p) { return p.label; }).join(document.documentElement.lang === "ja" ? "、" : "; ");
          line.textContent += " " + fill(words.pending, { acts: acts });
        }
        var range = validity.querySelector(".validity-range");
        if (range) { range.textContent = fill(words.from, { start: target.start }) + until; }
        var version = document.querySelector(".version-of");
        if (version) {
          version.textContent = words.version + ": " + target.start + " · " + target.title + " ";
          var latest = document.createElement("a");
          latest.href = location.pathname;
          latest.textContent = "(" + words.latest + ")";
          version.appendChild(latest);
        }
        document.querySelectorAll(".provenance code").forEach(function (code) {
          if (code.textContent === chain[chain.length - 1].sha256) { code.textContent = chain[at].sha256; }
          if (code.textContent === chain[chain.length - 1].stage) { code.textContent = chain[at].stage; }
        });
        document.documentElement.classList.add("rewound");
      });
    }).catch(function (error) { failed(error.message || String(error)); });
  };
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
    // a compact law's latest text, asked for an earlier day: rebuilt from the revisions' diffs (rewind, below)
    if (on && /^\d{4}-\d{2}-\d{2}$/.test(on) && on < start && validity.getAttribute("data-rewind")) {
      rewindTo(validity, on);
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
