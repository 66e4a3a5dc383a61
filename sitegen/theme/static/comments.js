/* Click-to-load comments.
 *
 * Takes the #comments-thread mount written by partials/comments.html: its
 * data-src is the provider's script and every data-attr-NAME attribute becomes
 * NAME on that script. Nothing is requested from the provider until the reader
 * presses "Show comments", so a page view alone never contacts a third party.
 */
(function () {
  "use strict";
  var mount = document.getElementById("comments-thread");
  var button = document.getElementById("comments-load");
  if (!mount || !button) {
    return;
  }
  var prefix = "data-attr-";

  function loadComments() {
    var script = document.createElement("script");
    Array.prototype.forEach.call(mount.attributes, function (attribute) {
      if (attribute.name.indexOf(prefix) === 0) {
        script.setAttribute(attribute.name.slice(prefix.length), attribute.value);
      }
    });
    script.src = mount.getAttribute("data-src");
    script.async = true;
    script.crossOrigin = "anonymous";
    mount.appendChild(script);
    button.hidden = true;
    mount.setAttribute("tabindex", "-1");
    mount.focus();
  }

  button.hidden = false;
  button.addEventListener("click", loadComments, { once: true });
})();
