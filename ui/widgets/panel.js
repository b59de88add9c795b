/**
 * The side panel frame shared by History and What is missing: a labelled <aside> with a close
 * button that also closes with Escape.
 */

import { h } from '../dom.js';
import { t } from '../i18n.js';

/** Builds `<aside id=...>` with a heading and a close button; returns `{ el, body }`. */
export function sidePanel({ id, title, close }) {
  const body = h('div', { class: 'panel-body' });
  const el = h('aside', { id, class: 'side-panel', 'aria-labelledby': `${id}-title`, tabindex: '-1' },
    h('div', { class: 'panel-head' },
      h('h2', { id: `${id}-title`, tabindex: '-1' }, title),
      h('button', { type: 'button', class: 'close', 'aria-label': t('panel.close'), title: t('panel.close'), onClick: close },
        h('span', { 'aria-hidden': 'true' }, '×'))),
    body);
  el.addEventListener('keydown', (event) => {
    if (event.key === 'Escape' && !event.defaultPrevented) {
      event.preventDefault();
      close();
    }
  });
  return { el, body };
}
