/* visitplan map page: legend control, calendar panel, filters, print sizing.
 *
 * Reads window.VP_DATA, written by scheduler/output/map.py after the Leaflet
 * objects exist. It never builds HTML from strings: every text on the page was
 * escaped in Python; this script only moves, shows and hides existing nodes.
 */
(function () {
  "use strict";

  function init() {
    var d = window.VP_DATA;
    if (!d || !d.map) {
      return;
    }
    var map = d.map;
    if (map.attributionControl) {
      map.attributionControl.setPrefix(d.prefix);
    }

    // Legend: the hidden server-rendered block becomes a Leaflet control.
    var source = document.getElementById("vp-legend-source");
    var legendNode = source ? source.firstElementChild : null;
    if (legendNode) {
      var Legend = L.Control.extend({
        options: { position: "bottomright" },
        onAdd: function () {
          L.DomEvent.disableClickPropagation(legendNode);
          L.DomEvent.disableScrollPropagation(legendNode);
          return legendNode;
        },
      });
      new Legend().addTo(map);
    }

    var teamSel = document.getElementById("vp-filter-team");
    var weekSel = document.getElementById("vp-filter-week");
    var count = document.getElementById("vp-count");
    var rows = Array.prototype.slice.call(document.querySelectorAll("tr.vp-row"));

    function matches(team, week) {
      var t = teamSel ? teamSel.value : "";
      var w = weekSel ? weekSel.value : "";
      return (t === "" || String(team) === t) && (w === "" || String(week) === w);
    }

    function applyFilters() {
      var shown = 0;
      rows.forEach(function (row) {
        var ok = matches(row.getAttribute("data-team"), row.getAttribute("data-week"));
        row.classList.toggle("vp-hidden", !ok);
        if (ok) {
          shown += 1;
        }
      });
      d.routes.forEach(function (route) {
        var ok = matches(route.team, route.week);
        route.layers.forEach(function (layer) {
          if (ok) {
            route.group.addLayer(layer);
          } else {
            route.group.removeLayer(layer);
          }
        });
      });
      if (count) {
        count.textContent = shown + " / " + rows.length;
      }
    }

    function showRow(row) {
      var marker = d.centers[Number(row.getAttribute("data-site"))];
      if (!marker) {
        return;
      }
      if (!map.hasLayer(d.centersGroup)) {
        map.addLayer(d.centersGroup);
      }
      rows.forEach(function (other) {
        other.classList.remove("vp-selected");
      });
      row.classList.add("vp-selected");
      map.setView(marker.getLatLng(), Math.max(map.getZoom(), d.focusZoom), { animate: false });
      marker.openPopup();
    }

    rows.forEach(function (row) {
      row.addEventListener("click", function () {
        showRow(row);
      });
      row.addEventListener("keydown", function (event) {
        if (event.key === "Enter" || event.key === " ") {
          event.preventDefault();
          showRow(row);
        }
      });
    });
    if (teamSel) {
      teamSel.addEventListener("change", applyFilters);
    }
    if (weekSel) {
      weekSel.addEventListener("change", applyFilters);
    }
    applyFilters();

    // Fit the district clear of the layer list (top right) and the legend (bottom
    // right): try room above or beside each, keep the largest zoom.
    function fitAll() {
      map.invalidateSize({ animate: false });
      if (!d.bounds) {
        return;
      }
      var bounds = L.latLngBounds(d.bounds);
      var size = map.getSize();
      var pad = 16;
      var layers = document.querySelector(".leaflet-top.leaflet-right .leaflet-control-layers");
      var legend = document.querySelector(".leaflet-control.vp-legend");
      var tops = [L.point(pad, pad)];
      if (layers && layers.offsetHeight && layers.offsetHeight < size.y / 3) {
        tops.push(L.point(pad, layers.offsetHeight + 2 * pad));
      }
      var bottoms = [L.point(pad, pad)];
      if (legend && legend.offsetWidth && legend.offsetWidth < size.x / 2) {
        bottoms = [L.point(legend.offsetWidth + 2 * pad, pad), L.point(pad, legend.offsetHeight + 2 * pad)];
      }
      var best = null;
      bottoms.forEach(function (br) {
        tops.forEach(function (tl) {
          var zoom = map.getBoundsZoom(bounds, false, tl.add(br));
          if (best === null || zoom >= best.zoom) {
            best = { zoom: zoom, tl: tl, br: br };
          }
        });
      });
      map.fitBounds(bounds, { paddingTopLeft: best.tl, paddingBottomRight: best.br, animate: false });
    }

    // Browsers lay out the print page after "beforeprint": refit when print media applies too.
    window.addEventListener("beforeprint", fitAll);
    window.addEventListener("afterprint", fitAll);
    if (window.matchMedia) {
      var printQuery = window.matchMedia("print");
      if (printQuery.addEventListener) {
        printQuery.addEventListener("change", fitAll);
      }
    }
    fitAll();
    document.body.setAttribute("data-vp-ready", "1");
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", init);
  } else {
    init();
  }
})();
