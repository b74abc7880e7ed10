// axe-core on a page once its animations have finished: a prompt caught mid-fade is partly
// transparent, and axe then measures the contrast of text blended with the page behind it (a
// failure that depends on timing, not on the prompt).

import AxeBuilder from '@axe-core/playwright';
import type { Page } from '@playwright/test';

/** Waits for every finite animation on the page, in shadow trees too, to finish (or be cancelled). */
export async function animationsSettled(page: Page): Promise<void> {
  await page.evaluate(async () => {
    const roots: (Document | ShadowRoot)[] = [document];
    for (const el of document.querySelectorAll('*')) if (el.shadowRoot) roots.push(el.shadowRoot);
    // An endless animation (a spinner) never finishes: only finite ones are waited for.
    const running = roots.flatMap((r) => r.getAnimations()).filter((a) => Number.isFinite(Number(a.effect?.getComputedTiming().endTime ?? 0)));
    await Promise.all(running.map((a) => a.finished.catch(() => undefined)));
  });
}

/** The serious and critical axe violations on the page (or inside `include`), as "rule: targets" lines. */
export async function seriousViolations(page: Page, include?: string): Promise<{ lines: string[]; passes: number }> {
  await animationsSettled(page);
  let builder = new AxeBuilder({ page });
  if (include) builder = builder.include(include);
  const result = await builder.analyze();
  const bad = result.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
  return { lines: bad.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`), passes: result.passes.length };
}
