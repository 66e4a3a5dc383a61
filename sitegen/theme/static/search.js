// The search page: Pagefind's index (from this site's /pagefind/) shown as the
// theme's own list of results. Each result gives its section, headline, the
// date as the rest of the site writes it, and an excerpt that does not repeat
// the headline. ?q=words searches on load; the form works by keyboard alone.
// Its words and the way it writes a date are the site's language's, from the
// form's data-strings (the theme's table, written into the page).
(function () {
  "use strict";
  var form = document.getElementById("search-form");
  if (!form || !window.fetch) { return; }
  var input = document.getElementById("search-input");
  var section = document.getElementById("search-section");
  var list = document.getElementById("search-results");
  var status = document.getElementById("search-status");
  var more = document.getElementById("search-more");
  var bundle = form.getAttribute("data-bundle");
  var shards = JSON.parse(form.getAttribute("data-shards") || "[]");
  var strings = JSON.parse(form.getAttribute("data-strings") || "{}");
  var dates = strings.dates || { pattern: "{y}-{M}-{d}", months: [] };
  var lang = document.documentElement.lang || "en";
  var plurals = window.Intl && Intl.PluralRules ? new Intl.PluralRules(lang) : null;
  var PAGE = 10;
  var STALE = "stale_";
  var engine = null;
  var shown = [];
  var latest = 0;

  // The base index and the delta (articles added or changed since the base was
  // made) are merged here. Filters load only when a search uses one: the
  // section list is in the page already.
  function load() {
    if (!engine) {
      engine = import(bundle + "pagefind.js").then(function (pagefind) {
        return pagefind.options({ excerptLength: 30 })
          .then(function () {
            return shards.reduce(function (done, shard) {
              return done.then(function () { return pagefind.mergeIndex(shard); });
            }, Promise.resolve());
          })
          .then(function () { return pagefind; });
      });
    }
    return engine;
  }

  // A page the delta replaces (or a deleted one) stays in the base index under
  // a hash with this prefix; it is never shown.
  function current(result) { return result.id.indexOf(STALE) !== 0; }

  // A key of the theme's table, in the form CLDR's plural rules give the count
  // (the same rules the pages were written with), its {placeholders} filled.
  function say(key, values) {
    var forms = strings[key] || {};
    var form = "other";
    if (values && typeof values.count === "number" && plurals) {
      form = plurals.select(values.count);
    }
    var text = forms[form] || forms.other || "";
    return text.replace(/\{([a-z_]+)\}/g, function (whole, name) {
      return values && name in values ? String(values[name]) : whole;
    });
  }

  function humanDate(iso) {
    var parts = (iso || "").split("-");
    if (parts.length !== 3) { return ""; }
    var fields = {
      d: String(Number(parts[2])),
      M: String(Number(parts[1])),
      MMMM: dates.months[Number(parts[1]) - 1] || parts[1],
      y: parts[0]
    };
    return dates.pattern.replace(/\{(d|M|MMMM|y)\}/g, function (whole, name) {
      return fields[name];
    });
  }

  function words(text) {
    return text.toLowerCase().replace(/[^\p{L}\p{N}\s]/gu, "").split(/\s+/).filter(Boolean);
  }

  // Pagefind's excerpt: text with <mark> around the words found, nothing else.
  // Rebuilt node by node (never inserted as HTML), without a leading headline.
  function excerptNodes(html, title) {
    var holder = document.createElement("template");
    holder.innerHTML = html;
    var pieces = [];
    holder.content.childNodes.forEach(function (node) {
      pieces.push({ mark: node.nodeName === "MARK", text: node.textContent });
    });
    var head = words(title);
    var skip = 0;
    var flat = words(pieces.map(function (p) { return p.text; }).join(""));
    for (var k = head.length; k >= 2 && !skip; k--) {
      var tail = head.slice(head.length - k).join(" ");
      var start = head.slice(0, k).join(" ");
      var open = flat.slice(0, k).join(" ");
      if (open === tail || open === start) { skip = k; }
    }
    var out = [];
    var first = true;
    pieces.forEach(function (piece) {
      var text = piece.text;
      while (skip > 0 && text) {
        var match = text.match(/^\s*\S+/);
        if (!match) { break; }
        if (words(match[0]).length) { skip--; }
        text = text.slice(match[0].length);
      }
      if (!text) { return; }
      if (first && /^\s*\p{Ll}/u.test(text)) { out.push(document.createTextNode("… ")); }
      first = false;
      var node = piece.mark ? document.createElement("mark") : document.createTextNode(text);
      if (piece.mark) { node.textContent = text; }
      out.push(node);
    });
    var last = out.length ? out[out.length - 1].textContent : "";
    if (last && !/[.!?…"”’)]\s*$/.test(last)) { out.push(document.createTextNode(" …")); }
    return out;
  }

  function item(data) {
    var li = document.createElement("li");
    li.className = "search-result";
    var sections = (data.filters && data.filters.section) || [];
    if (sections.length) {
      var kicker = document.createElement("p");
      kicker.className = "kicker search-result__kicker";
      kicker.textContent = sections[0];
      li.appendChild(kicker);
    }
    var heading = document.createElement("h2");
    heading.className = "search-result__title";
    var link = document.createElement("a");
    link.href = data.url;
    link.textContent = data.meta.title || data.url;
    heading.appendChild(link);
    li.appendChild(heading);
    var excerpt = document.createElement("p");
    excerpt.className = "search-result__excerpt";
    excerptNodes(data.excerpt || "", data.meta.title || "").forEach(function (node) {
      excerpt.appendChild(node);
    });
    li.appendChild(excerpt);
    if (data.meta.date) {
      var meta = document.createElement("p");
      meta.className = "search-result__meta";
      var time = document.createElement("time");
      time.dateTime = data.meta.date;
      time.textContent = humanDate(data.meta.date);
      meta.appendChild(time);
      li.appendChild(meta);
    }
    return li;
  }

  function showMore() {
    var next = shown.splice(0, PAGE);
    more.closest("p").hidden = shown.length === 0;
    return Promise.all(next.map(function (r) { return r.data(); })).then(function (found) {
      found.forEach(function (data) { list.appendChild(item(data)); });
    });
  }

  function remember(query) {
    var params = new URLSearchParams();
    if (query) { params.set("q", query); }
    if (section.value) { params.set("section", section.value); }
    var search = params.toString();
    history.replaceState(null, "", location.pathname + (search ? "?" + search : ""));
  }

  function run() {
    var query = input.value.trim();
    var ticket = ++latest;
    remember(query);
    if (!query) {
      list.replaceChildren();
      more.closest("p").hidden = true;
      status.textContent = "";
      return;
    }
    status.textContent = say("search.searching");
    load().then(function (pagefind) {
      var filters = section.value ? { section: section.value } : {};
      return pagefind.search(query, { filters: filters });
    }).then(function (search) {
      if (ticket !== latest) { return; }
      list.replaceChildren();
      shown = search.results.filter(current);
      var count = shown.length;
      status.textContent = count === 0
        ? say("search.nothing", { query: query })
        : say("search.found", { count: count, query: query });
      return showMore();
    }).catch(function () {
      status.textContent = say("search.unavailable");
    });
  }

  var timer = 0;
  input.addEventListener("input", function () {
    clearTimeout(timer);
    timer = setTimeout(run, 250);
  });
  section.addEventListener("change", run);
  form.addEventListener("submit", function (event) { event.preventDefault(); run(); });
  more.addEventListener("click", showMore);
  var params = new URLSearchParams(location.search);
  var wanted = params.get("section") || "";
  if (Array.prototype.some.call(section.options, function (o) { return o.value === wanted; })) {
    section.value = wanted;
  }
  if (params.get("q")) {
    input.value = params.get("q");
    run();
  } else {
    load();
  }
}());
