// A switch between a few choices as a radio group: Tab reaches the checked choice, the arrow keys move the choice
// (Enter and Space also choose the focused one), as the ARIA radio group pattern asks.
import { el } from '../drawing/dom';

export function radioGroup<T extends string>(
  label: string,
  values: readonly T[],
  current: T,
  onChoose: (value: T) => void,
): HTMLElement {
  const group = el('div', 'toggle');
  group.setAttribute('role', 'radiogroup');
  group.setAttribute('aria-label', label);
  let chosen = current;
  const choices = values.map((value) => {
    const b = el('button', '', value);
    b.setAttribute('role', 'radio');
    b.addEventListener('click', () => choose(value));
    return { value, button: b };
  });
  const mark = (): void => {
    for (const c of choices) {
      c.button.classList.toggle('on', c.value === chosen);
      c.button.setAttribute('aria-checked', String(c.value === chosen));
      c.button.tabIndex = c.value === chosen ? 0 : -1;
    }
  };
  const choose = (value: T): void => {
    const changed = value !== chosen;
    chosen = value;
    mark();
    if (changed) onChoose(value);
  };
  group.addEventListener('keydown', (e) => {
    const step = { ArrowRight: 1, ArrowDown: 1, ArrowLeft: -1, ArrowUp: -1 }[e.key];
    if (step === undefined) return;
    e.preventDefault();
    const at = choices.findIndex((c) => c.value === chosen);
    const next = choices[(at + step + choices.length) % choices.length]!;
    choose(next.value);
    next.button.focus();
  });
  mark();
  group.append(...choices.map((c) => c.button));
  return group;
}
