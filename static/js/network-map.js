/* The network map on a phone (templates/reports/network_map.html): the drawing is shown at
   its own size in a box that scrolls both ways; open it on its middle (the center the
   map is about) rather than on its top left corner. Without this script the box opens on
   the legend and scrolls the same. */
(function () {
  "use strict";
  for (const box of document.querySelectorAll(".map-scroll[data-middle-x]")) {
    if (box.scrollWidth > box.clientWidth) {
      box.scrollLeft = Number(box.dataset.middleX) - box.clientWidth / 2;
    }
    if (box.scrollHeight > box.clientHeight) {
      box.scrollTop = Number(box.dataset.middleY) - box.clientHeight / 2;
    }
  }
})();
