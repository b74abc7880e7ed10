// The prompt before a flagged picture is sent: `<safeseal-prompt>` opens as a modal at once (the
// SDK's renderer keeps focus inside and gives it back); the one choice decides whether the
// picture is sent. Help stays on the page after the modal closes, until the user closes it.

import { announce, button } from './dom.js';
import { helpList } from './help.js';
import type { PromptChoice, PromptDescriptor, PromptOptionId } from './sdk.js';

/** Shows `prompt` in `container`; resolves with the user's choice (`send-anyway` is the only one that sends). */
export function askOutgoing(container: HTMLElement, prompt: PromptDescriptor, blockContact: () => void): Promise<PromptOptionId> {
  return new Promise((resolve) => {
    const el = document.createElement('safeseal-prompt');
    el.addEventListener(
      'safeseal-choice',
      (e) => {
        const { option } = (e as CustomEvent<PromptChoice>).detail;
        el.remove();
        if (option === 'get-help') {
          const help = helpList(prompt.helpResources, `help-out-${Date.now()}`);
          help.append(button('Close the help', () => help.remove()));
          container.append(help);
        }
        if (option === 'block-sender') blockContact();
        if (option === 'report') announce('Only pictures you received can be reported. This one was not sent.');
        else if (option !== 'send-anyway' && option !== 'block-sender') announce('Not sent.');
        resolve(option);
      },
      { once: true },
    );
    container.replaceChildren(el);
    el.descriptor = prompt;
  });
}
