// Element building without innerHTML: every text goes in as a text node, so nothing a
// resident typed (or the server echoed) can become markup.

/**
 * h("a", {href: "/me", class: "nav-link", onclick: fn}, "text", childNode, [more])
 * Attribute values: false/null/undefined skip it, true sets it empty. `value`, `checked`
 * and `selected` are set as properties so that forms start with them.
 */
export function h(tag, props = {}, ...children) {
  const el = document.createElement(tag);
  for (const [name, value] of Object.entries(props || {})) {
    if (value === false || value === null || value === undefined) continue;
    if (typeof value === "function" && name.startsWith("on")) {
      el.addEventListener(name.slice(2), value);
    } else if (name === "value" || name === "checked" || name === "selected") {
      el[name] = value;
    } else {
      el.setAttribute(name, value === true ? "" : String(value));
    }
  }
  append(el, children);
  return el;
}

export function append(el, children) {
  for (const child of children.flat(Infinity)) {
    if (child === null || child === undefined || child === false) continue;
    el.append(child instanceof Node ? child : document.createTextNode(String(child)));
  }
  return el;
}

let counter = 0;

/** An id unique in the page, for label/aria pairs. */
export function uniqueId(prefix) {
  counter += 1;
  return `${prefix}-${counter}`;
}
