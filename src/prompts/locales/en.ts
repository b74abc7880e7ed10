// English. Children's texts: title + body at most 40 words at Flesch-Kincaid grade 5 or below;
// teens' at grade 8 or below (test/unit/prompts.test.ts). "May show", never "shows": the
// classifier can be wrong, and nothing here may tell the user they did wrong.

import type { Messages } from '../messages.js';

export const en = {
  locale: 'en',
  options: {
    'dont-view': "Don't view",
    view: 'View',
    'not-sensitive': 'Not sensitive',
    'dont-send': "Don't send",
    'send-anyway': 'Send anyway',
    'get-help': 'Get help',
    report: 'Report',
    'block-sender': 'Block sender',
  },
  blockContact: 'Block contact',
  sensitive: {
    child: {
      incoming: {
        short: {
          title: 'This picture may be private',
          body: "It may show private parts of the body. It's OK not to look. You can talk to a grown-up you trust.",
        },
        full: {
          title: 'This picture may be private',
          body: "Someone sent you a picture. It may show private parts of the body. It's OK not to look at it. You did nothing wrong. You can talk to a grown-up you trust.",
        },
        viewed: { title: 'You chose to look', body: 'If it upset you, you can talk to a grown-up you trust. If it is fine, tell us.' },
      },
      outgoing: {
        short: {
          title: 'Do you want to send this?',
          body: "You don't have to send it. Nobody should push you to. You won't be in trouble for asking for help.",
        },
        full: {
          title: 'Do you want to send this?',
          body: "This picture may show private parts of the body. You don't have to send it. Nobody should push you to. You won't be in trouble for asking for help.",
        },
      },
    },
    teen: {
      incoming: {
        short: { title: 'This image may contain nudity', body: "It's OK not to look. If it bothers you, talk to someone you trust." },
        full: {
          title: 'This image may contain nudity',
          body: "Someone sent you an image. It may show private parts of the body. It's OK not to look. You can talk to someone you trust.",
        },
        viewed: { title: 'You chose to view it', body: 'If it bothered you, you can talk to someone you trust. If it is fine, you can say so.' },
      },
      outgoing: {
        short: { title: 'Send this image?', body: "It may contain nudity. You don't have to send it. Nobody should pressure you to." },
        full: {
          title: 'Do you want to send this?',
          body: "This image may show private parts of the body. You don't have to send it, and nobody should pressure you to. Asking for help won't get you in trouble.",
        },
      },
    },
    adult: {
      incoming: {
        short: { title: 'This image may contain nudity', body: 'It is blurred so that you can choose whether to see it.' },
        full: {
          title: 'This image may contain nudity',
          body: 'It is blurred so that you can choose whether to see it. You can also report it or get help.',
        },
        viewed: { title: 'You chose to view it', body: 'If this image is fine, you can say so. It will not be blurred again.' },
      },
      outgoing: {
        short: { title: 'Send this image?', body: 'It may contain nudity. Check that you want to send it.' },
        full: {
          title: 'Do you want to send this?',
          body: 'This image may contain nudity. Check that you want to send it. Nobody should pressure you to.',
        },
      },
    },
  },
  knownMatch: {
    child: {
      incoming: {
        title: 'This picture is hidden',
        body: 'It looks like a picture that is not allowed here. You did nothing wrong. You can talk to a grown-up you trust.',
      },
      outgoing: {
        title: 'This picture is not allowed',
        body: "It looks like a picture that is not allowed here. You won't be in trouble for asking for help.",
      },
    },
    teen: {
      incoming: {
        title: 'This image is hidden',
        body: 'It matches an image that is not allowed here. You did nothing wrong. You can talk to someone you trust.',
      },
      outgoing: {
        title: 'This image is not allowed',
        body: "It matches an image that is not allowed here. Asking for help won't get you in trouble.",
      },
    },
    adult: {
      incoming: { title: 'This image is hidden', body: 'It matches an image on a list of images not allowed here.' },
      outgoing: { title: 'This image is not allowed', body: 'It matches an image on a list of images not allowed here.' },
    },
  },
  test: {
    incoming: { title: 'Test picture', body: 'This is the safeseal test picture. The safety check is working.' },
    outgoing: { title: 'Test picture', body: 'This is the safeseal test picture. The safety check is working.' },
  },
  error: {
    child: {
      incoming: { title: "We couldn't check this picture", body: "So it is hidden for now. It's OK not to look." },
      outgoing: { title: "We couldn't check this picture", body: "You don't have to send it. You can ask a grown-up you trust." },
    },
    teen: {
      incoming: { title: "We couldn't check this image", body: "So it is hidden for now. It's OK not to look." },
      outgoing: { title: "We couldn't check this image", body: 'Check that you want to send it.' },
    },
    adult: {
      incoming: { title: "We couldn't check this image", body: 'So it is hidden for now.' },
      outgoing: { title: "We couldn't check this image", body: 'Check that you want to send it.' },
    },
  },
  confirm: {
    view: { title: 'Are you sure?', body: 'You can still choose not to look.', yes: 'Yes, view', no: 'Go back' },
    'send-anyway': { title: 'Are you sure?', body: 'You can still choose not to send it.', yes: 'Yes, send', no: 'Go back' },
  },
  ui: { helpHeading: 'People who can help', more: 'More', close: 'Close' },
  help: {
    childline: 'Free, private help for anyone under 19 in the UK, any time.',
    'report-remove': 'Childline and the IWF can help remove a nude image of you under 18 from the internet.',
    ceop: 'Report online sexual abuse or grooming to the police (CEOP).',
    'take-it-down': 'Helps remove nude images of you taken before you were 18.',
    cybertipline: 'Report the sexual exploitation of children to NCMEC.',
    'kids-help-phone': 'Free, private help for young people in Canada, any time.',
    'cybertip-ca': 'Report the online sexual exploitation of children in Canada.',
    esafety: 'Report image-based abuse and get help in Australia.',
    'kids-helpline': 'Free, private help for young people in Australia, any time.',
    inhope: 'Find the hotline in your country to report child sexual abuse material.',
  },
} as const satisfies Messages;
