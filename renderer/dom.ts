// Tiny DOM helpers for building views without a framework (no innerHTML: the CSP and XSS stay simple).

/** Options of `el`: class, text, attributes. */
export interface ElOptions {
  class?: string;
  text?: string;
  attrs?: Record<string, string>;
}

/** Creates an element with a class, text and attributes, and appends `children`. */
export function el<K extends keyof HTMLElementTagNameMap>(
  tag: K,
  options: ElOptions = {},
  children: (Node | string)[] = [],
): HTMLElementTagNameMap[K] {
  const node = document.createElement(tag);
  if (options.class !== undefined) node.className = options.class;
  if (options.text !== undefined) node.textContent = options.text;
  for (const [name, value] of Object.entries(options.attrs ?? {})) node.setAttribute(name, value);
  node.append(...children);
  return node;
}

/** Sets text only when it changed, so live updates do not touch the layout needlessly. */
export function setText(node: Element, text: string): void {
  if (node.textContent !== text) node.textContent = text;
}

/** Finds a required element inside `root`; a missing one is a programming error. */
export function must<T extends Element>(root: ParentNode, selector: string): T {
  const found = root.querySelector<T>(selector);
  if (found === null) throw new Error(`missing element ${selector}`);
  return found;
}

/** A row of toggle buttons (aria-pressed) of which one is chosen. */
export class Segmented<T extends string> {
  readonly element: HTMLDivElement;
  private readonly buttons = new Map<T, HTMLButtonElement>();

  constructor(
    label: string,
    choices: readonly { value: T; label: string }[],
    private value: T,
    onChange: (value: T) => void,
  ) {
    this.element = el('div', { class: 'segmented', attrs: { role: 'group', 'aria-label': label } });
    for (const choice of choices) {
      const button = el('button', {
        text: choice.label,
        attrs: { type: 'button', 'data-value': choice.value },
      });
      button.addEventListener('click', () => {
        if (this.value === choice.value) return;
        this.set(choice.value);
        onChange(choice.value);
      });
      this.buttons.set(choice.value, button);
      this.element.append(button);
    }
    this.set(value);
  }

  /** Marks `value` as chosen. */
  set(value: T): void {
    this.value = value;
    for (const [v, button] of this.buttons) button.setAttribute('aria-pressed', String(v === value));
  }

  get current(): T {
    return this.value;
  }
}
