// Draws the dashboard's charts with Apache ECharts from the JSON the page embeds (json_script).
(function () {
  "use strict";
  function data(id) {
    var node = document.getElementById(id);
    return node ? JSON.parse(node.textContent) : null;
  }
  var palette = ["#b0201a", "#0b57a4", "#1f7a3a", "#a35b00", "#6a3d9a", "#555555", "#d17b00", "#2a9d8f"];
  function option(kind, source) {
    var d = data(source);
    if (!d) return null;
    var base = { color: palette, tooltip: { trigger: kind === "pie" ? "item" : "axis" }, grid: { containLabel: true, left: 8, right: 8, top: 30, bottom: 8 } };
    if (kind === "pie") {
      base.series = [{ type: "pie", radius: ["35%", "65%"], data: d.map(function (r) { return { name: r.name, value: r.value }; }) }];
      base.legend = { bottom: 0, type: "scroll" };
    } else if (kind === "bar") {
      base.xAxis = { type: "value" };
      base.yAxis = { type: "category", data: d.map(function (r) { return r.name; }).reverse() };
      base.series = [{ type: "bar", data: d.map(function (r) { return r.value; }).reverse() }];
    } else if (kind === "stacked") {
      base.legend = { top: 0 };
      base.xAxis = { type: "category", data: d.streets };
      base.yAxis = { type: "value" };
      base.series = d.series.map(function (s) { return { type: "bar", stack: "s", name: s.name, data: s.data }; });
    } else if (kind === "line") {
      base.xAxis = { type: "category", data: d.map(function (r) { return r.month; }) };
      base.yAxis = { type: "value" };
      base.series = [{ type: "line", name: "累计销号", data: d.map(function (r) { return r.cumulative; }) }];
    }
    return base;
  }
  function draw() {
    if (!window.echarts) return;
    var charts = [];
    document.querySelectorAll("[data-chart]").forEach(function (box) {
      var opt = option(box.dataset.chart, box.dataset.source);
      if (!opt) return;
      var chart = window.echarts.init(box, null, { renderer: "svg" });
      chart.setOption(opt);
      box.dataset.rendered = "1";
      charts.push(chart);
    });
    window.addEventListener("resize", function () { charts.forEach(function (c) { c.resize(); }); });
  }
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", draw); else draw();
})();
