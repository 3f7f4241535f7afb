// A tiny element builder. Text always goes in as text nodes, never as HTML, so
// nothing read from a PDF can inject markup into the window.

type Child = Node | string | number | null | undefined | false;
type Attr = string | number | boolean | null | undefined | EventListener;

export function h<K extends keyof HTMLElementTagNameMap>(
  tag: K,
  attrs: Record<string, Attr> = {},
  ...children: (Child | Child[])[]
): HTMLElementTagNameMap[K] {
  const el = document.createElement(tag);
  for (const [key, value] of Object.entries(attrs)) {
    if (typeof value === "function") {
      el.addEventListener(key.replace(/^on/, ""), value);
    } else if (value === true) {
      el.setAttribute(key, "");
    } else if (value !== false && value !== null && value !== undefined) {
      el.setAttribute(key, String(value));
    }
  }
  for (const child of children.flat()) {
    if (child instanceof Node) el.append(child);
    else if (child !== null && child !== undefined && child !== false) el.append(String(child));
  }
  return el;
}

export function byId<T extends HTMLElement = HTMLElement>(id: string): T {
  const el = document.getElementById(id);
  if (!el) throw new Error(`missing element #${id}`);
  return el as T;
}

/** `text` with every occurrence of any of `terms` wrapped in <mark> (of class `markClass`, if given). */
export function highlighted(text: string, terms: string[], markClass?: string): (Node | string)[] {
  const wanted = terms.filter((x) => x.length > 0);
  if (wanted.length === 0) return [text];
  const pattern = new RegExp(
    wanted
      .sort((a, b) => b.length - a.length)
      .map((x) => x.replace(/[.*+?^${}()|[\]\\]/g, "\\$&"))
      .join("|"),
    "gi",
  );
  const out: (Node | string)[] = [];
  let last = 0;
  for (const m of text.matchAll(pattern)) {
    const at = m.index ?? 0;
    if (at > last) out.push(text.slice(last, at));
    out.push(h("mark", markClass ? { class: markClass } : {}, m[0]));
    last = at + m[0].length;
  }
  if (last < text.length) out.push(text.slice(last));
  return out;
}

/** Arrow-key movement among the focusable items of a list (roving focus). */
export function arrowNavigation(container: HTMLElement, itemSelector: string) {
  container.addEventListener("keydown", (ev) => {
    if (ev.key !== "ArrowDown" && ev.key !== "ArrowUp" && ev.key !== "Home" && ev.key !== "End") return;
    if (ev.altKey || ev.ctrlKey) return;
    const items = Array.from(container.querySelectorAll<HTMLElement>(itemSelector)).filter(
      (el) => el.offsetParent !== null,
    );
    if (items.length === 0) return;
    const at = items.indexOf(document.activeElement as HTMLElement);
    let next = at;
    if (ev.key === "Home") next = 0;
    else if (ev.key === "End") next = items.length - 1;
    else if (ev.key === "ArrowDown") next = Math.min(items.length - 1, at + 1);
    else next = at <= 0 ? 0 : at - 1;
    items[next]?.focus();
    items[next]?.scrollIntoView({ block: "nearest" });
    ev.preventDefault();
  });
}
