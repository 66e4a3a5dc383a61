// Old addresses with a query string (WordPress's /?p=12) lead to their article.
// A static host serves the home page or the 404 page for them whatever the
// query; this looks the address up in the site's map and moves on if found.
(function () {
  "use strict";
  var script = document.currentScript;
  if (!location.search || !script) return;
  var wanted = location.pathname + location.search;
  fetch(script.getAttribute("data-map"))
    .then(function (response) { return response.ok ? response.json() : {}; })
    .then(function (map) {
      var target = map[wanted];
      if (!target) {
        // One parameter of several (/?p=12&utm_source=x) may be the old address.
        new URLSearchParams(location.search).forEach(function (value, key) {
          var one = location.pathname + "?" + key + "=" + value;
          if (!target && map[one]) target = map[one];
        });
      }
      if (target) location.replace(target + location.hash);
    })
    .catch(function () {});
})();
