// The built-in help resources, pinned per region: names, https addresses, phone numbers and text
// lines exactly as checked against the services' own pages (docs/policy.md, "Help resources: where
// each was checked"). A change here must come with a new check recorded there.

import { describe, expect, it } from 'vitest';
import { LOCALES, buildPrompt } from '../../src/prompts/index.js';

const contacts = (region: string | undefined, locale = 'en') =>
  buildPrompt({
    kind: 'sensitive',
    action: 'warn',
    audience: 'child',
    direction: 'incoming',
    locale,
    ...(region === undefined ? {} : { region }),
  }).helpResources.map(({ name, url, phone, text }) => ({ name, url, phone, text }));

const CHECKED = {
  GB: [
    { name: 'Childline', url: 'https://www.childline.org.uk', phone: '0800 1111', text: undefined },
    {
      name: 'Report Remove (Childline and IWF)',
      url: 'https://www.childline.org.uk/info-advice/bullying-abuse-safety/online-mobile-safety/report-remove/',
      phone: undefined,
      text: undefined,
    },
    { name: 'CEOP Safety Centre', url: 'https://www.ceop.police.uk/Safety-Centre/', phone: undefined, text: undefined },
  ],
  US: [
    { name: 'Take It Down (NCMEC)', url: 'https://takeitdown.ncmec.org', phone: undefined, text: undefined },
    { name: 'CyberTipline (NCMEC)', url: 'https://report.cybertip.org', phone: '1-800-843-5678', text: undefined },
  ],
  CA: [
    { name: 'Kids Help Phone', url: 'https://kidshelpphone.ca', phone: '1-800-668-6868', text: 'Text CONNECT to 686868' },
    { name: 'Cybertip.ca', url: 'https://www.cybertip.ca', phone: '1-866-658-9022', text: undefined },
  ],
  AU: [
    { name: 'eSafety Commissioner', url: 'https://www.esafety.gov.au/report', phone: undefined, text: undefined },
    { name: 'Kids Helpline', url: 'https://kidshelpline.com.au', phone: '1800 55 1800', text: undefined },
  ],
};
const ELSEWHERE = [{ name: 'INHOPE', url: 'https://www.inhope.org/EN', phone: undefined, text: undefined }];

describe('help resources as checked', () => {
  for (const [region, expected] of Object.entries(CHECKED)) {
    it(`${region}: names, addresses and numbers`, () => {
      expect(contacts(region)).toEqual(expected);
      expect(contacts(region.toLowerCase())).toEqual(expected);
    });
  }

  it('anywhere else, or no region: INHOPE', () => {
    for (const region of [undefined, 'FR', 'DE', 'NZ', 'IE', 'ZZ']) expect(contacts(region)).toEqual(ELSEWHERE);
  });

  it('every locale gives the same services; only the descriptions are translated', () => {
    for (const locale of Object.keys(LOCALES)) {
      for (const region of [...Object.keys(CHECKED), 'FR']) expect(contacts(region, locale)).toEqual(contacts(region));
    }
  });

  it('addresses are https with a host and no credentials; phone numbers are digits, spaces and dashes', () => {
    for (const region of [...Object.keys(CHECKED), 'FR']) {
      for (const { url, phone } of contacts(region)) {
        const u = new URL(url!);
        expect([u.protocol, u.username, u.password]).toEqual(['https:', '', '']);
        expect(u.hostname).toMatch(/\.[a-z]{2,}$/);
        if (phone !== undefined) expect(phone).toMatch(/^[0-9][0-9 -]{6,14}[0-9]$/);
      }
    }
  });
});
