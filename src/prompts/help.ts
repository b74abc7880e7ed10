// Help resources by region (ISO 3166-1 alpha-2): who a user can turn to, shown with `get-help`.
// Names, numbers and addresses are the services' own public ones; descriptions come from the
// locale. An app replaces the whole list with `helpResources` (its own region's services, or
// its own support team). Elsewhere: INHOPE's directory of national hotlines.

import type { HelpResource } from '../policy/types.js';
import type { HelpResourceId, Messages } from './messages.js';

type Contact = Omit<HelpResource, 'description'>;

/**
 * The services themselves, without descriptions (those are translated). Each address and number
 * was checked on 2026-12-02 against stored copies of public pages (the search tool's store, which
 * gives no storage date; no live page could be fetched); docs/policy.md ("Help resources: where
 * each was checked") lists the page behind each value. Re-check them before each release.
 */
const CONTACTS: { readonly [Id in HelpResourceId]: Contact } = {
  childline: { name: 'Childline', url: 'https://www.childline.org.uk', phone: '0800 1111' },
  'report-remove': {
    name: 'Report Remove (Childline and IWF)',
    // The tool's page moved from .../remove-nude-image-shared-online/ to .../report-remove/.
    url: 'https://www.childline.org.uk/info-advice/bullying-abuse-safety/online-mobile-safety/report-remove/',
  },
  ceop: { name: 'CEOP Safety Centre', url: 'https://www.ceop.police.uk/Safety-Centre/' },
  'take-it-down': { name: 'Take It Down (NCMEC)', url: 'https://takeitdown.ncmec.org' },
  // 1-800-843-5678 is 1-800-THE-LOST, NCMEC's line, which its Take It Down FAQ also gives.
  cybertipline: { name: 'CyberTipline (NCMEC)', url: 'https://report.cybertip.org', phone: '1-800-843-5678' },
  'kids-help-phone': { name: 'Kids Help Phone', url: 'https://kidshelpphone.ca', phone: '1-800-668-6868', text: 'Text CONNECT to 686868' },
  'cybertip-ca': { name: 'Cybertip.ca', url: 'https://www.cybertip.ca', phone: '1-866-658-9022' },
  esafety: { name: 'eSafety Commissioner', url: 'https://www.esafety.gov.au/report' },
  'kids-helpline': { name: 'Kids Helpline', url: 'https://kidshelpline.com.au', phone: '1800 55 1800' },
  inhope: { name: 'INHOPE', url: 'https://www.inhope.org/EN' },
};

/** Which services each region gets, most immediate help first. */
export const HELP_BY_REGION: Readonly<Record<string, readonly HelpResourceId[]>> = Object.freeze({
  GB: ['childline', 'report-remove', 'ceop'],
  US: ['take-it-down', 'cybertipline'],
  CA: ['kids-help-phone', 'cybertip-ca'],
  AU: ['esafety', 'kids-helpline'],
});

/** Regions without their own entry. */
export const HELP_ELSEWHERE: readonly HelpResourceId[] = ['inhope'];

/** The built-in help resources for `region` (upper-case alpha-2; unknown or absent: INHOPE), in `messages`' language. */
export function helpResourcesFor(region: string | undefined, messages: Messages): HelpResource[] {
  const ids = (region !== undefined && HELP_BY_REGION[region.toUpperCase()]) || HELP_ELSEWHERE;
  return ids.map((id) => ({ ...CONTACTS[id], description: messages.help[id] }));
}
