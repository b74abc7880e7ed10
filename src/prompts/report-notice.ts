// The notice a user sees before a report is sealed: who receives it, every item it carries, that
// it cannot be undone and that the platform may see that a report was sent; for children, "talk
// to a grown-up you trust first". "Send" and "Cancel" carry equal weight; Cancel is the safe option.

import type { Audience } from '../policy/types.js';
import type { ReportItem, ReportNoticeDescriptor } from '../protocol.js';

export type { ReportNoticeDescriptor };

interface NoticeMessages {
  readonly title: string;
  readonly body: (authority: string) => string;
  readonly child: string;
  readonly items: { readonly [K in ReportItem]: string };
  readonly imageWithheld: string;
  readonly send: string;
  readonly cancel: string;
}

const en: NoticeMessages = {
  title: 'Send a report?',
  body: (a) => `This report goes to ${a}. It cannot be undone. The app may see that you sent a report, but not what is in it.`,
  child: 'Talk to a grown-up you trust first.',
  items: {
    categories: 'Why the image was flagged',
    reasons: 'What flagged it',
    model: 'Which version of the checker was used',
    hour: 'The hour you sent the report',
    match: 'Which known-image list it matched',
    note: 'Your note, if you write one',
    image: 'The image itself',
    franking: "Who sent the message, who got it, when, and the message's words",
  },
  imageWithheld: 'The image is too big to send: only its size and fingerprint go',
  send: 'Send report',
  cancel: 'Cancel',
};

const fr: NoticeMessages = {
  title: 'Envoyer un signalement ?',
  body: (a) => `Ce signalement va à ${a}. On ne peut pas l'annuler. L'appli peut voir qu'un signalement est parti, mais pas son contenu.`,
  child: "Parles-en d'abord à un adulte de confiance.",
  items: {
    categories: "Pourquoi l'image a été signalée",
    reasons: "Ce qui l'a signalée",
    model: 'La version du vérificateur',
    hour: "L'heure du signalement",
    match: "La liste d'images connues concernée",
    note: 'Ton message, si tu en écris un',
    image: "L'image elle-même",
    franking: 'Qui a envoyé le message, à qui, quand, et ses mots',
  },
  imageWithheld: "L'image est trop grande : seules sa taille et son empreinte partent",
  send: 'Envoyer le signalement',
  cancel: 'Annuler',
};

const NOTICE_LOCALES: Readonly<Record<string, NoticeMessages>> = Object.freeze({ en, fr });

/** The notice descriptor for these facts, in `locale` (English when missing). */
export function reportNotice(facts: {
  readonly id: string;
  readonly items: readonly ReportItem[];
  readonly imageWithheld: boolean;
  readonly audience: Audience;
  readonly locale?: string;
  readonly authority: { readonly name?: string; readonly url?: string };
}): ReportNoticeDescriptor {
  const tag = facts.locale && NOTICE_LOCALES[facts.locale.split('-')[0].toLowerCase()] ? facts.locale.split('-')[0].toLowerCase() : 'en';
  const m = NOTICE_LOCALES[tag];
  const name = facts.authority.name ?? facts.authority.url ?? 'the reporting authority';
  const body = m.body(name) + (facts.audience === 'child' ? ` ${m.child}` : '');
  return {
    kind: 'report-notice',
    id: facts.id,
    audience: facts.audience,
    direction: 'incoming',
    locale: tag,
    title: m.title,
    body,
    authority: { name, ...(facts.authority.url ? { url: facts.authority.url } : {}) },
    items: facts.items.map((id) => ({ id, label: id === 'image' && facts.imageWithheld ? m.imageWithheld : m.items[id] })),
    options: [
      { id: 'send', label: m.send },
      { id: 'cancel', label: m.cancel },
    ],
    safeOption: 'cancel',
  };
}
