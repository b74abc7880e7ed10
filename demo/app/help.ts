// The help a prompt offers ("Get help"): the descriptor's helpResources as a list. Links open in a
// new tab only when clicked (noopener, noreferrer); nothing is fetched or prefetched before that.

import { h } from './dom.js';
import type { HelpResource } from './sdk.js';

export function helpList(resources: readonly HelpResource[], headingId: string): HTMLElement {
  const box = h('section', { className: 'help', attrs: { 'aria-labelledby': headingId } });
  box.append(h('h3', { id: headingId, text: 'People who can help' }));
  const list = h('ul');
  for (const r of resources) {
    const item = h('li');
    if (typeof r.url === 'string' && /^https:\/\//i.test(r.url)) {
      const a = h('a', { text: r.name, attrs: { href: r.url, target: '_blank', rel: 'noopener noreferrer', referrerpolicy: 'no-referrer' } });
      item.append(a, h('span', { className: 'visually-hidden', text: ' (opens in a new tab)' }));
    } else item.append(h('strong', { text: r.name }));
    if (r.phone) item.append(' ', h('span', { text: `Phone ${r.phone}` }));
    if (r.text) item.append(' ', h('span', { text: `Text ${r.text}` }));
    item.append(h('p', { text: r.description }));
    list.append(item);
  }
  box.append(list);
  return box;
}
