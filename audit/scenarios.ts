// The audit's scenarios (issue 10, item 6): what each person does through the page, what the
// audit expects each browser to send (messages, reports) and what each person must be shown.
// Each `run` records its assertions; the accounting of what was sent happens after all of them.

import { expect, type Locator, type Page } from '@playwright/test';
import type { ExpectedMessage, ExpectedReport } from './accounting.js';
import type { Person } from './harness.js';
import { composeAndSend, lastIncoming, outgoingPrompt, waitForMessage, waitForVerdicts, verdicts, type Picture } from './ui.js';

export interface Images {
  readonly benign: { name: string; mimeType: string; buffer: Buffer };
  readonly testCard: Buffer;
  readonly testPattern: Buffer;
  /** The fixture model's pin (demo/content/manifest.json): the model a report's verdict came from. */
  readonly fixtureModelSha256: string;
}

export interface ScenarioContext {
  readonly sam: Person;
  readonly alex: Person;
  readonly images: Images;
  /** Records an assertion (the scenario goes on: the report lists every one). */
  check(what: string, passed: boolean, detail?: string): void;
  expectMessage(sender: string, message: ExpectedMessage): void;
  expectReport(reporter: string, report: ExpectedReport): void;
  /** Called with the page when a screenshot or an axe check belongs at this moment. */
  moment(name: 'child-incoming-prompt' | 'child-outgoing-prompt' | 'adult-prompt', page: Page): Promise<void>;
}

export interface Scenario {
  readonly name: string;
  /** Whose traffic this scenario checks as a receiver's (the identical-traffic check). */
  readonly receiver?: 'sam';
  run(ctx: ScenarioContext): Promise<void>;
}

const PNG = 'image/png';

/** Checks a step by Playwright's own expect, recording it instead of stopping the audit. */
async function step(ctx: ScenarioContext, what: string, body: () => Promise<unknown>): Promise<boolean> {
  try {
    await body();
    ctx.check(what, true);
    return true;
  } catch (e) {
    ctx.check(what, false, (e as Error).message.split('\n')[0]);
    return false;
  }
}

async function newVerdict(page: Page, before: number): Promise<{ direction: string; action: string }> {
  return (await waitForVerdicts(page, before + 1))[before];
}

/** `sender` sends `text` with `picture`; the audit expects exactly that message on the wire. */
async function sendAndExpect(
  ctx: ScenarioContext,
  sender: Person,
  recipient: Person,
  text: string,
  picture: Picture,
  bytes: Buffer | null,
): Promise<void> {
  const before = (await verdicts(sender.page)).length;
  const rBefore = (await verdicts(recipient.page)).length;
  await composeAndSend(sender.page, text, picture);
  if (bytes) {
    const v = await newVerdict(sender.page, before);
    ctx.check(`${sender.user}'s outgoing scan: ${v.action}`, v.direction === 'outgoing' && v.action === 'allow', JSON.stringify(v));
  }
  ctx.expectMessage(sender.user, { recipient: recipient.user, text, ...(bytes ? { image: { type: PNG, bytes } } : {}) });
  await step(ctx, `${recipient.user} receives "${text}"`, () => waitForMessage(recipient.page, text, 'in'));
  if (bytes) {
    const v = await newVerdict(recipient.page, rBefore);
    ctx.check(`${recipient.user}'s incoming scan: ${v.direction} ${v.action}`, v.direction === 'incoming', JSON.stringify(v));
  }
}

async function receiveFlagged(ctx: ScenarioContext, text: string): Promise<void> {
  const { sam, alex, images } = ctx;
  const before = (await verdicts(sam.page)).length;
  await composeAndSend(alex.page, text, 'test pattern');
  ctx.expectMessage('alex', { recipient: 'sam', text, image: { type: PNG, bytes: images.testPattern } });
  await waitForMessage(sam.page, text, 'in');
  const v = await newVerdict(sam.page, before);
  ctx.check(
    `sam's incoming scan of the test pattern (fixture model): warn (child, sexual)`,
    v.direction === 'incoming' && v.action === 'warn',
    JSON.stringify(v),
  );
  await step(ctx, 'the child sees the inline prompt over the blurred picture, focus left where it was', async () => {
    const item = lastIncoming(sam.page);
    await expect(item.getByRole('group')).toContainText('This picture may be private');
    await expect(item.getByRole('button', { name: 'More' })).toBeVisible();
    await expect(item.getByRole('button', { name: 'More' })).not.toBeFocused();
  });
}

/** Opens the full prompt (More) of the newest incoming picture: a modal alertdialog. */
async function openOptions(ctx: ScenarioContext): Promise<Locator> {
  await lastIncoming(ctx.sam.page).getByRole('button', { name: 'More' }).click();
  const dialog = ctx.sam.page.getByRole('alertdialog');
  await expect(dialog).toBeVisible();
  return dialog;
}

async function viewFlagged(ctx: ScenarioContext, moment = false): Promise<void> {
  await step(ctx, "More opens the prompt with Don't view first and focused; View asks once (Yes, view), then shows the picture", async () => {
    const dialog = await openOptions(ctx);
    await expect(dialog.getByRole('button', { name: "Don't view" })).toBeFocused();
    if (moment) await ctx.moment('child-incoming-prompt', ctx.sam.page);
    await dialog.getByRole('button', { name: 'View', exact: true }).click();
    await ctx.sam.page.getByRole('button', { name: 'Yes, view' }).click();
    await expect(lastIncoming(ctx.sam.page).locator('img').first()).toBeVisible();
  });
}

async function report(ctx: ScenarioContext, text: string, withImage: boolean): Promise<void> {
  const { sam, images } = ctx;
  await step(ctx, `Report opens the report notice; ${withImage ? 'with' : 'without'} the picture; Send report`, async () => {
    const options = await openOptions(ctx);
    await options.getByRole('button', { name: 'Report', exact: true }).click();
    const dialog = sam.page.getByRole('dialog');
    await expect(dialog).toBeVisible();
    const box = dialog.getByLabel('Include the picture in the report');
    if (withImage) await box.check();
    else await expect(box).not.toBeChecked();
    await dialog.getByRole('button', { name: /^Send/ }).click();
    await expect(dialog).toBeHidden({ timeout: 30_000 });
  });
  ctx.expectReport('sam', {
    categories: ['sexual'],
    reasons: ['classifier'],
    sender: 'alex',
    recipient: 'sam',
    text,
    image: withImage ? images.testPattern : null,
  });
}

export const SCENARIOS: readonly Scenario[] = [
  {
    name: 'send a benign image',
    run: (ctx) => sendAndExpect(ctx, ctx.sam, ctx.alex, 'A drawing of hills for you', ctx.images.benign, ctx.images.benign.buffer),
  },
  {
    name: 'receive a benign image',
    receiver: 'sam',
    run: (ctx) => sendAndExpect(ctx, ctx.alex, ctx.sam, 'Hills, back at you', ctx.images.benign, ctx.images.benign.buffer),
  },
  {
    name: 'send the test card',
    async run(ctx) {
      for (const person of [ctx.sam, ctx.alex]) {
        const before = (await verdicts(person.page)).length;
        await composeAndSend(person.page, `${person.user}'s test card`, 'test card');
        const v = await newVerdict(person.page, before);
        ctx.check(
          `${person.user}'s outgoing scan of the test card: block (a test match blocks for every audience)`,
          v.direction === 'outgoing' && v.action === 'block',
          JSON.stringify(v),
        );
        await step(ctx, `${person.user} sees the test prompt ("Test picture"), without Send anyway`, async () => {
          const prompt = outgoingPrompt(person.page);
          await expect(prompt.getByText('Test picture').first()).toBeVisible();
          await expect(prompt.getByRole('button', { name: 'Send anyway' })).toHaveCount(0);
        });
        if (person === ctx.alex) await ctx.moment('adult-prompt', person.page);
        await person.page.keyboard.press('Escape');
        await person.page
          .getByRole('button', { name: 'Remove the picture' })
          .click({ timeout: 5_000 })
          .catch(() => undefined);
        await person.page.getByLabel('Message', { exact: true }).fill('');
      }
    },
  },
  {
    name: 'switch on the fixture model',
    async run(ctx) {
      await step(ctx, "sam's switch turns on the fixture test model", async () => {
        const sw = ctx.sam.page.getByRole('switch', { name: 'Use the fixture test model' });
        await sw.click();
        await expect(sw).toHaveAttribute('aria-checked', 'true', { timeout: 60_000 });
      });
    },
  },
  {
    name: 'receive a classifier-flagged image and view it',
    receiver: 'sam',
    async run(ctx) {
      await receiveFlagged(ctx, 'Look at this pattern');
      await viewFlagged(ctx, true);
    },
  },
  {
    name: "receive a classifier-flagged image and don't view it",
    receiver: 'sam',
    async run(ctx) {
      await receiveFlagged(ctx, 'Another pattern');
      await step(ctx, "Don't view keeps it hidden (the options fold into one button)", async () => {
        const dialog = await openOptions(ctx);
        await dialog.getByRole('button', { name: "Don't view" }).click();
        const item = lastIncoming(ctx.sam.page);
        await expect(item.getByRole('button', { name: 'Show the options again' })).toBeVisible();
        const shown = await waitForMessage(ctx.sam.page, 'Another pattern', 'in');
        expect(shown.state).not.toBe('viewed');
      });
    },
  },
  {
    name: "don't send",
    async run(ctx) {
      const { sam } = ctx;
      const before = (await verdicts(sam.page)).length;
      await composeAndSend(sam.page, 'My pattern', 'test pattern');
      const v = await newVerdict(sam.page, before);
      ctx.check("sam's outgoing scan of the test pattern: warn", v.direction === 'outgoing' && v.action === 'warn', JSON.stringify(v));
      await step(ctx, "the child's outgoing prompt offers Don't send first and focused", async () => {
        const prompt = outgoingPrompt(sam.page);
        await expect(prompt.getByRole('button', { name: "Don't send" })).toBeFocused();
      });
      await ctx.moment('child-outgoing-prompt', sam.page);
      await step(ctx, "Don't send closes the prompt; nothing is sent", async () => {
        await outgoingPrompt(sam.page).getByRole('button', { name: "Don't send" }).click();
        await expect(outgoingPrompt(sam.page).getByRole('button', { name: "Don't send" })).toHaveCount(0);
      });
      await sam.page
        .getByRole('button', { name: 'Remove the picture' })
        .click({ timeout: 5_000 })
        .catch(() => undefined);
      await sam.page.getByLabel('Message', { exact: true }).fill('');
    },
  },
  {
    name: 'report without the image',
    async run(ctx) {
      await receiveFlagged(ctx, 'Report me, no picture');
      await report(ctx, 'Report me, no picture', false);
    },
  },
  {
    name: 'report with the image',
    async run(ctx) {
      await receiveFlagged(ctx, 'Report me with the picture');
      await report(ctx, 'Report me with the picture', true);
    },
  },
  // Last: once marked, this picture is never flagged again on sam's device.
  {
    name: 'mark not sensitive',
    async run(ctx) {
      await receiveFlagged(ctx, 'Is this sensitive?');
      await viewFlagged(ctx);
      await step(ctx, 'after viewing, Not sensitive is offered and taken', async () => {
        const dialog = await openOptions(ctx);
        await dialog.getByRole('button', { name: 'Not sensitive' }).click();
        await expect(lastIncoming(ctx.sam.page)).toContainText('Marked not sensitive');
      });
      const before = (await verdicts(ctx.sam.page)).length;
      await composeAndSend(ctx.alex.page, 'The same pattern again', 'test pattern');
      ctx.expectMessage('alex', { recipient: 'sam', text: 'The same pattern again', image: { type: PNG, bytes: ctx.images.testPattern } });
      await waitForMessage(ctx.sam.page, 'The same pattern again', 'in');
      const v = await newVerdict(ctx.sam.page, before);
      ctx.check('the same picture is not flagged again on this device (allow)', v.action === 'allow', JSON.stringify(v));
    },
  },
];
