// The search page: Pagefind's index (from this site's /pagefind/) shown as the
// theme's own list of results. Each result gives its section, headline, the
// date as the rest of the site writes it, and an excerpt that does not repeat
// the headline. ?q=words searches on load; the form works by keyboard alone.
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
  var PAGE = 10;
  var STALE = "stale_";
  var MONTHS = ["January", "February", "March", "April", "May", "June", "July",
    "August", "September", "October", "November", "December"];
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

  function humanDate(iso) {
    var parts = (iso || "").split("-");
    if (parts.length !== 3) { return ""; }
    return Number(parts[2]) + " " + MONTHS[Number(parts[1]) - 1] + " " + parts[0];
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
    status.textContent = "Searching…";
    load().then(function (pagefind) {
      var filters = section.value ? { section: section.value } : {};
      return pagefind.search(query, { filters: filters });
    }).then(function (search) {
      if (ticket !== latest) { return; }
      list.replaceChildren();
      shown = search.results.filter(current);
      var count = shown.length;
      status.textContent = count === 0
        ? "Nothing found for “" + query + "”."
        : count + (count === 1 ? " article" : " articles") + " found for “" + query + "”.";
      return showMore();
    }).catch(function () {
      status.textContent = "Search is not available right now.";
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
