// Draws the dashboard's charts with Apache ECharts from the JSON the page embeds (json_script).
// A chart with nothing to draw says 暂无数据 (the page already renders it so when data-total is 0;
// this script checks the data again so that zeros never become equal slices). On a narrow screen
// (a 360 px phone) legends scroll at the bottom and the text is smaller.
(function () {
  "use strict";
  function data(id) {
    var node = document.getElementById(id);
    return node ? JSON.parse(node.textContent) : null;
  }
  function sum(values) {
    return values.reduce(function (a, b) { return a + (Number(b) || 0); }, 0);
  }
  function total(kind, d) {
    if (!d) return 0;
    if (kind === "stacked") return sum((d.series || []).map(function (s) { return sum(s.data || []); }));
    if (kind === "line") return sum(d.map(function (r) { return r.closed; }));
    return sum(d.map(function (r) { return r.value; }));
  }
  var palette = ["#b0201a", "#0b57a4", "#1f7a3a", "#a35b00", "#6a3d9a", "#555555", "#d17b00", "#2a9d8f"];
  function option(kind, d, narrow) {
    var font = narrow ? 11 : 12;
    var legend = { type: "scroll", bottom: 0, left: "center", itemWidth: narrow ? 12 : 20, itemHeight: narrow ? 8 : 12,
                   textStyle: { fontSize: font } };
    var axisLabel = { fontSize: font, hideOverlap: true };
    var base = { color: palette, textStyle: { fontSize: font }, tooltip: { trigger: kind === "pie" ? "item" : "axis", confine: true },
                 grid: { containLabel: true, left: 8, right: 8, top: 12, bottom: 8 } };
    if (kind === "pie") {
      base.legend = legend;
      base.series = [{ type: "pie", radius: narrow ? ["28%", "52%"] : ["35%", "62%"], center: ["50%", "44%"],
                       avoidLabelOverlap: true, stillShowZeroSum: false,
                       label: { show: !narrow, fontSize: font, formatter: "{b}\n{d}%" },
                       data: d.map(function (r) { return { name: r.name, value: r.value }; }) }];
    } else if (kind === "bar") {
      base.xAxis = { type: "value", minInterval: 1, axisLabel: axisLabel };
      base.yAxis = { type: "category", data: d.map(function (r) { return r.name; }).reverse(),
                     axisLabel: { fontSize: font, width: narrow ? 84 : 140, overflow: "truncate" } };
      base.series = [{ type: "bar", barMaxWidth: 28, data: d.map(function (r) { return r.value; }).reverse() }];
    } else if (kind === "stacked") {
      base.legend = legend;
      base.grid.bottom = 36;
      base.xAxis = { type: "category", data: d.streets, axisLabel: { fontSize: font, interval: 0, rotate: narrow && d.streets.length > 3 ? 30 : 0 } };
      base.yAxis = { type: "value", minInterval: 1, axisLabel: axisLabel };
      base.series = d.series.map(function (s) { return { type: "bar", stack: "s", barMaxWidth: 40, name: s.name, data: s.data }; });
    } else if (kind === "line") {
      base.xAxis = { type: "category", data: d.map(function (r) { return r.month; }), axisLabel: axisLabel };
      base.yAxis = { type: "value", minInterval: 1, axisLabel: axisLabel };
      base.series = [{ type: "line", name: "累计销号", data: d.map(function (r) { return r.cumulative; }) }];
    }
    return base;
  }
  function empty(box) {
    box.classList.add("chart-empty");
    box.removeAttribute("role");
    box.removeAttribute("aria-label");
    box.textContent = "";
    var text = document.createElement("span");
    text.textContent = "暂无数据";
    box.appendChild(text);
  }
  function narrowBox(box) { return box.clientWidth < 480; }
  function draw() {
    if (!window.echarts) return;
    var charts = [];
    document.querySelectorAll("[data-chart]").forEach(function (box) {
      var kind = box.dataset.chart, d = data(box.dataset.source);
      if (!d) return;
      if (box.dataset.total === "0" || total(kind, d) === 0) { empty(box); return; }
      var narrow = narrowBox(box);
      var chart = window.echarts.init(box, null, { renderer: "svg" });
      chart.setOption(option(kind, d, narrow));
      box.dataset.rendered = "1";
      charts.push({ chart: chart, box: box, kind: kind, d: d, narrow: narrow });
    });
    window.addEventListener("resize", function () {
      charts.forEach(function (c) {
        var narrow = narrowBox(c.box);
        if (narrow !== c.narrow) { c.narrow = narrow; c.chart.setOption(option(c.kind, c.d, narrow), true); }
        c.chart.resize();
      });
    });
  }
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", draw); else draw();
})();
