// govkg explorer: the drawing as SVG. Written from what Cytoscape has laid out and styled
// (positions, sizes, colours, line styles, the labels shown), so the file is vector shapes
// and real text a researcher can edit in Inkscape or Illustrator. govkg's own code (MIT):
// the GPL-licensed cytoscape-svg plugin is not needed.
"use strict";

(() => {
  const govkg = (window.govkg = window.govkg || {});
  const SVG_NS = "http://www.w3.org/2000/svg";
  const PAD = 20;
  const DASHES = { dotted: "1.5 3", dashed: "6 4" };

  const esc = (text) => String(text).replace(/[&<>"]/g, (c) => (
    { "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;" }[c]));
  const num = (value) => Math.round(value * 100) / 100;
  const px = (value) => parseFloat(value) || 0;
  const attrs = (pairs) => Object.entries(pairs)
    .filter(([, v]) => v !== undefined && v !== null && v !== "")
    .map(([k, v]) => `${k}="${esc(v)}"`).join(" ");

  const ruler = document.createElement("canvas").getContext("2d");

  /** A label's lines, broken where Cytoscape breaks them: at `text-max-width`, measured in
   * the label's font; Chinese has no spaces, so any two characters may break. */
  function wrapped(text, maxWidth, style) {
    ruler.font = `${style.weight || "normal"} ${px(style.size)}px ${style.family}`;
    const lines = [];
    for (const part of String(text).replace(/\u200b/g, "").split("\n")) {
      let line = "";
      for (const char of part) {
        if (line && ruler.measureText(line + char).width > maxWidth) {
          lines.push(line);
          line = "";
        }
        line += char;
      }
      lines.push(line);
    }
    return lines;
  }

  function textBlock(lines, x, y, style, anchor = "middle") {
    const size = px(style.size);
    const spans = lines.map((line, i) => `<tspan x="${num(x)}" dy="${i === 0 ? 0 : num(size * 1.2)}">${esc(line)}</tspan>`).join("");
    return `<text ${attrs({ x: num(x), y: num(y), "font-family": style.family,
      "font-size": num(size), "font-weight": style.weight, fill: style.colour,
      "text-anchor": anchor, stroke: "#ffffff", "stroke-width": num(size / 4),
      "paint-order": "stroke" })}>${spans}</text>`;
  }

  function labelStyle(ele) {
    return { size: ele.style("font-size"), family: ele.style("font-family"),
      weight: ele.style("font-weight"), colour: ele.style("color") };
  }

  function nodeShape(node) {
    const { x, y } = node.position();
    const w = node.outerWidth() - px(node.style("border-width"));
    const h = node.outerHeight() - px(node.style("border-width"));
    const paint = attrs({ fill: node.style("background-color"),
      "fill-opacity": node.style("background-opacity"),
      stroke: node.style("border-color"), "stroke-width": px(node.style("border-width")),
      "stroke-dasharray": DASHES[node.style("border-style")] });
    if (node.isParent() || node.style("shape") !== "ellipse") {
      return `<path d="M${num(x - w / 2)},${num(y - h / 2)}h${num(w)}v${num(h)}h${num(-w)}Z" ${paint}/>`;
    }
    return `<path d="M${num(x - w / 2)},${num(y)}a${num(w / 2)},${num(h / 2)} 0 1,0 ${num(w)},0a${num(w / 2)},${num(h / 2)} 0 1,0 ${num(-w)},0Z" ${paint}/>`;
  }

  function nodeLabel(node) {
    const text = node.style("label");
    if (!text) return "";
    const style = labelStyle(node);
    const { x, y } = node.position();
    const box = node.boundingBox({ includeLabels: false });
    const lines = wrapped(text, px(node.style("text-max-width")) || 200, style);
    const top = node.isParent() || node.style("text-valign") === "top";
    const baseline = top ? box.y1 - 4 - (lines.length - 1) * px(style.size) * 1.2
      : box.y2 + px(style.size) + 2;
    return textBlock(lines, x, baseline, style);
  }

  function edgePath(edge) {
    const s = edge.sourceEndpoint();
    const t = edge.targetEndpoint();
    const controls = edge.controlPoints() || [];
    let d = `M${num(s.x)},${num(s.y)}`;
    if (controls.length === 1) d += `Q${num(controls[0].x)},${num(controls[0].y)} `;
    else if (controls.length >= 2) {
      d += `C${num(controls[0].x)},${num(controls[0].y)} ${num(controls[1].x)},${num(controls[1].y)} `;
    } else d += "L";
    d += `${num(t.x)},${num(t.y)}`;
    const colour = edge.style("line-color");
    return `<path ${attrs({ d, fill: "none", stroke: colour,
      "stroke-width": px(edge.style("width")),
      "stroke-dasharray": DASHES[edge.style("line-style")],
      "marker-end": `url(#arrow-${colour.replace(/[^0-9a-z]/gi, "")})` })}/>`;
  }

  function edgeLabel(edge) {
    const text = edge.style("label");
    if (!text) return "";
    const m = edge.midpoint();
    return textBlock([String(text)], m.x, m.y, labelStyle(edge));
  }

  function arrowMarkers(edges) {
    const colours = new Set(edges.map((e) => e.style("line-color")));
    return [...colours].map((c) => `<marker id="arrow-${c.replace(/[^0-9a-z]/gi, "")}" viewBox="0 0 10 10" refX="10" refY="5" markerWidth="6" markerHeight="6" orient="auto-start-reverse"><path d="M0,0L10,5L0,10Z" fill="${esc(c)}"/></marker>`).join("");
  }

  /** The whole drawing (everything visible, not only the viewport) as SVG text. */
  function toSvg(cy, background = "#ffffff") {
    const visible = cy.elements(":visible");
    const box = visible.boundingBox({ includeLabels: true });
    const x0 = box.x1 - PAD;
    const y0 = box.y1 - PAD;
    const w = box.w + 2 * PAD;
    const h = box.h + 2 * PAD;
    const nodes = visible.nodes();
    const parents = nodes.filter((n) => n.isParent());
    const leaves = nodes.filter((n) => !n.isParent())
      .sort((a, b) => px(a.style("z-index")) - px(b.style("z-index")));
    const edges = visible.edges();
    return [
      `<?xml version="1.0" encoding="UTF-8"?>`,
      `<svg xmlns="${SVG_NS}" width="${num(w)}" height="${num(h)}" viewBox="${num(x0)} ${num(y0)} ${num(w)} ${num(h)}">`,
      `<defs>${arrowMarkers(edges.toArray())}</defs>`,
      `<rect x="${num(x0)}" y="${num(y0)}" width="${num(w)}" height="${num(h)}" fill="${esc(background)}"/>`,
      `<g class="groups">${parents.map((n) => nodeShape(n) + nodeLabel(n)).join("")}</g>`,
      `<g class="edges">${edges.map(edgePath).join("")}</g>`,
      `<g class="nodes">${leaves.map(nodeShape).join("")}</g>`,
      `<g class="labels">${edges.map(edgeLabel).join("")}${leaves.map(nodeLabel).join("")}</g>`,
      "</svg>",
    ].join("\n");
  }

  govkg.toSvg = toSvg;
})();
