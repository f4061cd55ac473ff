// govkg explorer: helpers shared by the page's scripts (DOM building, the HTTP API, text).
// Plain JavaScript, no build step; everything hangs off window.govkg.
"use strict";

(() => {
  const govkg = (window.govkg = window.govkg || {});

  /** A DOM element with attributes (on* are listeners) and children (strings or nodes). */
  function el(tag, attrs, ...children) {
    const node = document.createElement(tag);
    for (const [key, value] of Object.entries(attrs || {})) {
      if (value === null || value === undefined || value === false) continue;
      if (key === "class") node.className = value;
      else if (key.startsWith("on")) node.addEventListener(key.slice(2), value);
      else if (key === "dataset") Object.assign(node.dataset, value);
      else node.setAttribute(key, value === true ? "" : value);
    }
    for (const child of children.flat(Infinity)) {
      if (child === null || child === undefined || child === false) continue;
      node.append(child instanceof Node ? child : document.createTextNode(String(child)));
    }
    return node;
  }

  class ApiError extends Error {
    constructor(status, body) {
      super(body?.error?.message || `HTTP ${status}`);
      this.status = status;
      this.code = body?.error?.code;
      this.details = body?.error?.details;
    }
  }

  function url(path, params = {}) {
    const target = new URL(path, window.location.origin);
    for (const [key, value] of Object.entries(params)) {
      if (value === null || value === undefined || value === "") continue;
      for (const item of Array.isArray(value) ? value : [value]) {
        target.searchParams.append(key, item);
      }
    }
    return target;
  }

  /** GET (or POST with `body`) against the govkg API; errors carry its error shape. */
  async function api(path, params = {}, body = undefined) {
    const init = { headers: { Accept: "application/json" } };
    if (body !== undefined) {
      init.method = "POST";
      init.headers["Content-Type"] = "application/json";
      init.body = JSON.stringify(body);
    }
    const response = await fetch(url(path, params), init);
    const answer = await response.json().catch(() => null);
    if (!response.ok) throw new ApiError(response.status, answer);
    return answer;
  }

  /** A quote as the reader should see it: the source's Markdown emphasis markers removed. */
  const cleanQuote = (text) => String(text ?? "").replace(/\*\*|__/g, "").trim();

  /** A figure's amount as the text states it: qualifier, value, unit (超 1000 万元). */
  const amount = (entity) => (entity.value === undefined || entity.value === null ? ""
    : `${entity.qualifier || ""}${entity.value}${entity.unit ? ` ${entity.unit}` : ""}`);

  /** Save `blob` as a file the browser downloads. */
  function download(blob, filename) {
    const link = el("a", { href: URL.createObjectURL(blob), download: filename });
    document.body.append(link);
    link.click();
    link.remove();
    setTimeout(() => URL.revokeObjectURL(link.href), 10_000);
  }

  /** One CSV field: quoted when it holds a comma, a quote or a line break. */
  function csvField(value) {
    const text = value === null || value === undefined ? ""
      : typeof value === "object" ? JSON.stringify(value) : String(value);
    return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
  }

  const toCsv = (columns, rows) => [columns, ...rows]
    .map((row) => row.map(csvField).join(",")).join("\r\n") + "\r\n";

  Object.assign(govkg, { el, api, url, ApiError, cleanQuote, amount, download, toCsv,
    enc: encodeURIComponent, $: (id) => document.getElementById(id) });
})();
