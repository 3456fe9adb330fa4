// Tiny DOM builders that only ever insert text as text (never HTML).
type Child = Node | string;

/** An HTML element with the given class and children; strings become text nodes. */
export function el<K extends keyof HTMLElementTagNameMap>(
  tag: K,
  className: string,
  ...children: Child[]
): HTMLElementTagNameMap[K] {
  const node = document.createElement(tag);
  if (className) node.className = className;
  node.append(...children);
  return node;
}

/**
 * Sets a node's text only when it differs: rewriting the same text still replaces the node's children, which restyles
 * and repaints it (and re-renders a custom element's slot).
 */
export function setText(node: Node, text: string): void {
  if (node.textContent !== text) node.textContent = text;
}

const SVG_NS = 'http://www.w3.org/2000/svg';

/** An SVG element with string attributes. */
export function svg<K extends keyof SVGElementTagNameMap>(
  tag: K,
  attrs: Record<string, string | number>,
): SVGElementTagNameMap[K] {
  const node = document.createElementNS(SVG_NS, tag);
  for (const [name, value] of Object.entries(attrs)) node.setAttribute(name, String(value));
  return node;
}
