(() => {
  const problems = [];
  const describe = (e) => {
    let d = "<" + e.tagName.toLowerCase();
    if (e.id) d += ' id="' + e.id + '"';
    const name = e.getAttribute("name");
    if (name) d += ' name="' + name + '"';
    const type = e.getAttribute("type");
    if (type) d += ' type="' + type + '"';
    const href = e.getAttribute("href");
    if (href) d += ' href="' + href + '"';
    const src = e.getAttribute("src");
    if (src) d += ' src="' + src + '"';
    return d + ">";
  };
  const text = (s) => (s || "").replace(/\s+/g, " ").trim();
  const labelledBy = (e) => text((e.getAttribute("aria-labelledby") || "").split(/\s+/)
    .map((id) => { const r = id && document.getElementById(id); return r ? r.textContent : ""; }).join(" "));
  // The accessible name of an element, following the common cases of the
  // accname algorithm: aria-labelledby, aria-label, <label>, alt of
  // images inside, text content, title.
  const contentName = (e) => {
    let s = "";
    for (const n of e.childNodes) {
      if (n.nodeType === Node.TEXT_NODE) s += n.textContent;
      else if (n.nodeType === Node.ELEMENT_NODE) {
        if (n.getAttribute("aria-hidden") === "true") continue;
        if (n.tagName === "IMG") s += n.getAttribute("alt") || "";
        else if (n.tagName.toLowerCase() === "svg") s += n.getAttribute("aria-label") || (n.querySelector("title") || {}).textContent || "";
        else s += n.getAttribute("aria-label") || contentName(n);
      }
    }
    return text(s);
  };
  const controlName = (e) => {
    const byRef = labelledBy(e);
    if (byRef) return byRef;
    if (text(e.getAttribute("aria-label"))) return text(e.getAttribute("aria-label"));
    if (e.labels && e.labels.length) {
      const l = Array.from(e.labels).map((l) => contentName(l)).join(" ");
      if (text(l)) return text(l);
    }
    return text(e.getAttribute("title"));
  };

  const html = document.documentElement;
  if (!text(html.getAttribute("lang"))) problems.push("<html> has no lang attribute");
  if (!document.querySelector("main, [role=main]")) problems.push("the page has no <main> landmark");
  if (!text(document.title)) problems.push("the page has no <title>");
  for (const l of document.querySelectorAll("label[for]")) {
    const target = document.getElementById(l.getAttribute("for"));
    if (!target || !/^(INPUT|SELECT|TEXTAREA|BUTTON|METER|OUTPUT|PROGRESS)$/.test(target.tagName)) {
      problems.push('<label for="' + l.getAttribute("for") + '">: points to no form control');
    }
  }

  for (const e of document.querySelectorAll("input, select, textarea")) {
    const type = (e.getAttribute("type") || "").toLowerCase();
    if (type === "hidden") continue;
    if (["submit", "button", "reset"].includes(type)) {
      if (!text(e.value) && !controlName(e)) problems.push(describe(e) + ": button without an accessible name");
      continue;
    }
    if (type === "image") {
      if (!text(e.getAttribute("alt")) && !controlName(e)) problems.push(describe(e) + ": image button without alt text");
      continue;
    }
    if (!controlName(e)) problems.push(describe(e) + ": form control without an accessible label");
  }

  for (const e of document.querySelectorAll("img")) {
    if (!e.hasAttribute("alt")) problems.push(describe(e) + ": image without alt attribute");
  }
  for (const e of document.querySelectorAll("svg[role=img]")) {
    if (!controlName(e) && !(e.querySelector(":scope > title") || {}).textContent) problems.push(describe(e) + ": svg image without a title");
  }

  for (const e of document.querySelectorAll("button, [role=button], a[href], [role=link]")) {
    if (!(controlName(e) || contentName(e))) {
      problems.push(describe(e) + ": " + (e.tagName === "A" || e.getAttribute("role") === "link" ? "link" : "button") + " without an accessible name");
    }
  }

  for (const e of document.querySelectorAll("[tabindex]")) {
    if (parseInt(e.getAttribute("tabindex"), 10) > 0) problems.push(describe(e) + ": positive tabindex " + e.getAttribute("tabindex") + " changes the tab order");
  }

  const ids = new Map();
  for (const e of document.querySelectorAll("[id]")) ids.set(e.id, (ids.get(e.id) || 0) + 1);
  for (const [id, n] of ids) if (n > 1) problems.push('id "' + id + '" is used ' + n + " times");

  return problems;
})()
