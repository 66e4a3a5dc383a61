// The share bar's two buttons: "Copy link" (when the page may use the
// clipboard) and the system's share sheet (the Web Share API, mostly on
// phones). Without them, or without JavaScript, the plain links still work.
// What it says comes from the status line's data-copied and data-copy-failed,
// in the site's language.
(function () {
  "use strict";
  var status = document.querySelector(".share__status");
  function say(name) {
    if (status) { status.textContent = status.getAttribute(name) || ""; }
  }
  document.querySelectorAll("li[data-share-copy]").forEach(function (item) {
    if (!(navigator.clipboard && window.isSecureContext)) { return; }
    item.hidden = false;
    item.querySelector("button").addEventListener("click", function () {
      navigator.clipboard.writeText(item.getAttribute("data-share-copy")).then(
        function () { say("data-copied"); },
        function () { say("data-copy-failed"); }
      );
    });
  });
  if (!navigator.share) { return; }
  document.querySelectorAll("[data-share-native]").forEach(function (item) {
    item.hidden = false;
    item.addEventListener("click", function (event) {
      var target = event.target.closest("a, button");
      if (!target) { return; }
      event.preventDefault();
      navigator.share({
        title: item.getAttribute("data-title"),
        url: item.getAttribute("data-url")
      }).catch(function () { /* the reader closed the sheet */ });
    });
  });
}());
