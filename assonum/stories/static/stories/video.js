// Click-to-load videos: nothing is fetched from the video host until the visitor asks.
// Without JavaScript, the placeholder's link simply opens the video on its own site.
(function () {
  "use strict";
  function load(figure) {
    var src = figure.getAttribute("data-video-player");
    if (!src) { return; }
    var frame = document.createElement("iframe");
    frame.className = "video__frame";
    frame.src = src + (src.indexOf("?") === -1 ? "?" : "&") + "autoplay=1";
    frame.title = figure.getAttribute("data-video-title") || "Vidéo";
    frame.setAttribute("allow", "autoplay; fullscreen; picture-in-picture");
    frame.setAttribute("allowfullscreen", "");
    frame.setAttribute("referrerpolicy", "strict-origin-when-cross-origin");
    frame.setAttribute("loading", "lazy");
    var placeholder = figure.querySelector(".video__placeholder");
    var link = figure.querySelector(".video__link");
    var caption = document.createElement("figcaption");
    if (link) { caption.appendChild(link.cloneNode(true)); }
    figure.replaceChild(frame, placeholder);
    figure.appendChild(caption);
    frame.focus();
  }
  function init() {
    var figures = document.querySelectorAll("figure.video[data-video-player]");
    Array.prototype.forEach.call(figures, function (figure) {
      var button = figure.querySelector(".video__play");
      if (!button) { return; }
      button.hidden = false;
      button.addEventListener("click", function () { load(figure); });
    });
  }
  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", init);
  } else {
    init();
  }
})();
