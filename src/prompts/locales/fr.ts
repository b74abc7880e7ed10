// French. Same rules as English: at most 40 words per title + body, 12 words per sentence;
// "peut montrer", never "montre"; nothing says the user did wrong. Children are addressed with
// "tu", teens with "tu", adults with "vous".

import type { Messages } from '../messages.js';

export const fr = {
  locale: 'fr',
  options: {
    'dont-view': 'Ne pas regarder',
    view: 'Regarder',
    'not-sensitive': 'Pas sensible',
    'dont-send': 'Ne pas envoyer',
    'send-anyway': 'Envoyer quand même',
    'get-help': "Trouver de l'aide",
    report: 'Signaler',
    'block-sender': "Bloquer l'expéditeur",
  },
  blockContact: 'Bloquer le contact',
  sensitive: {
    child: {
      incoming: {
        short: {
          title: 'Cette image est peut-être intime',
          body: 'Elle peut montrer des parties intimes du corps. Tu peux choisir de ne pas regarder. Parles-en à un adulte de confiance.',
        },
        full: {
          title: 'Cette image est peut-être intime',
          body: "Quelqu'un t'a envoyé une image. Elle peut montrer des parties intimes du corps. Tu peux choisir de ne pas la regarder. Tu n'as rien fait de mal. Parles-en à un adulte de confiance.",
        },
        viewed: {
          title: 'Tu as choisi de regarder',
          body: "Si elle t'a fait peur, parles-en à un adulte de confiance. Si tout va bien, dis-le-nous.",
        },
      },
      outgoing: {
        short: {
          title: 'Tu veux envoyer ceci ?',
          body: "Tu n'es pas obligé de l'envoyer. Personne ne doit te forcer. Demander de l'aide ne t'attirera pas d'ennuis.",
        },
        full: {
          title: 'Tu veux envoyer ceci ?',
          body: "Cette image peut montrer des parties intimes du corps. Tu n'es pas obligé de l'envoyer. Personne ne doit te forcer. Demander de l'aide ne t'attirera pas d'ennuis.",
        },
      },
    },
    teen: {
      incoming: {
        short: {
          title: 'Cette image peut contenir de la nudité',
          body: "Tu peux choisir de ne pas regarder. Si ça te gêne, parles-en à quelqu'un de confiance.",
        },
        full: {
          title: 'Cette image peut contenir de la nudité',
          body: "Quelqu'un t'a envoyé une image qui peut montrer des parties intimes. Tu peux choisir de ne pas regarder. Parles-en à quelqu'un de confiance.",
        },
        viewed: { title: 'Tu as choisi de regarder', body: "Si ça t'a gêné, parles-en à quelqu'un de confiance. Si tout va bien, tu peux le dire." },
      },
      outgoing: {
        short: {
          title: 'Envoyer cette image ?',
          body: "Elle peut contenir de la nudité. Tu n'es pas obligé de l'envoyer. Personne ne doit te forcer.",
        },
        full: {
          title: 'Tu veux envoyer ceci ?',
          body: "Cette image peut montrer des parties intimes. Tu n'es pas obligé de l'envoyer. Personne ne doit te forcer. Demander de l'aide ne t'attirera pas d'ennuis.",
        },
      },
    },
    adult: {
      incoming: {
        short: { title: 'Cette image peut contenir de la nudité', body: 'Elle est floutée pour que vous choisissiez de la voir ou non.' },
        full: {
          title: 'Cette image peut contenir de la nudité',
          body: "Elle est floutée pour que vous choisissiez de la voir ou non. Vous pouvez aussi la signaler ou trouver de l'aide.",
        },
        viewed: { title: 'Vous avez choisi de la voir', body: 'Si cette image ne pose pas de problème, dites-le. Elle ne sera plus floutée.' },
      },
      outgoing: {
        short: { title: 'Envoyer cette image ?', body: "Elle peut contenir de la nudité. Vérifiez que vous voulez l'envoyer." },
        full: {
          title: 'Voulez-vous envoyer ceci ?',
          body: "Cette image peut contenir de la nudité. Vérifiez que vous voulez l'envoyer. Personne ne doit vous y forcer.",
        },
      },
    },
  },
  knownMatch: {
    child: {
      incoming: {
        title: 'Cette image est cachée',
        body: "Elle ressemble à une image interdite ici. Tu n'as rien fait de mal. Parles-en à un adulte de confiance.",
      },
      outgoing: {
        title: "Cette image n'est pas autorisée",
        body: "Elle ressemble à une image interdite ici. Demander de l'aide ne t'attirera pas d'ennuis.",
      },
    },
    teen: {
      incoming: {
        title: 'Cette image est cachée',
        body: "Elle correspond à une image interdite ici. Tu n'as rien fait de mal. Parles-en à quelqu'un de confiance.",
      },
      outgoing: {
        title: "Cette image n'est pas autorisée",
        body: "Elle correspond à une image interdite ici. Demander de l'aide ne t'attirera pas d'ennuis.",
      },
    },
    adult: {
      incoming: { title: 'Cette image est cachée', body: "Elle correspond à une image d'une liste d'images interdites ici." },
      outgoing: { title: "Cette image n'est pas autorisée", body: "Elle correspond à une image d'une liste d'images interdites ici." },
    },
  },
  test: {
    incoming: { title: 'Image de test', body: "C'est l'image de test de safeseal. La vérification fonctionne." },
    outgoing: { title: 'Image de test', body: "C'est l'image de test de safeseal. La vérification fonctionne." },
  },
  error: {
    child: {
      incoming: {
        title: "Nous n'avons pas pu vérifier cette image",
        body: 'Elle est donc cachée pour le moment. Tu peux choisir de ne pas regarder.',
      },
      outgoing: {
        title: "Nous n'avons pas pu vérifier cette image",
        body: "Tu n'es pas obligé de l'envoyer. Tu peux demander à un adulte de confiance.",
      },
    },
    teen: {
      incoming: {
        title: "Nous n'avons pas pu vérifier cette image",
        body: 'Elle est donc cachée pour le moment. Tu peux choisir de ne pas regarder.',
      },
      outgoing: { title: "Nous n'avons pas pu vérifier cette image", body: "Vérifie que tu veux l'envoyer." },
    },
    adult: {
      incoming: { title: "Nous n'avons pas pu vérifier cette image", body: 'Elle est donc cachée pour le moment.' },
      outgoing: { title: "Nous n'avons pas pu vérifier cette image", body: "Vérifiez que vous voulez l'envoyer." },
    },
  },
  confirm: {
    view: { title: 'Tu es sûr ?', body: 'Tu peux encore choisir de ne pas regarder.', yes: 'Oui, regarder', no: 'Retour' },
    'send-anyway': { title: 'Tu es sûr ?', body: 'Tu peux encore choisir de ne pas envoyer.', yes: 'Oui, envoyer', no: 'Retour' },
  },
  ui: { helpHeading: 'Qui peut aider', more: 'Plus', close: 'Fermer' },
  help: {
    childline: 'Aide gratuite et confidentielle pour les moins de 19 ans au Royaume-Uni.',
    'report-remove': "Childline et l'IWF aident à retirer d'internet une image intime de toi avant 18 ans.",
    ceop: 'Signaler à la police (CEOP) des abus sexuels ou de la manipulation en ligne.',
    'take-it-down': 'Aide à retirer des images intimes de toi prises avant tes 18 ans.',
    cybertipline: "Signaler au NCMEC l'exploitation sexuelle d'enfants.",
    'kids-help-phone': 'Aide gratuite et confidentielle pour les jeunes au Canada, à toute heure.',
    'cybertip-ca': "Signaler l'exploitation sexuelle d'enfants en ligne au Canada.",
    esafety: "Signaler des abus par images et trouver de l'aide en Australie.",
    'kids-helpline': 'Aide gratuite et confidentielle pour les jeunes en Australie, à toute heure.',
    inhope: "Trouver la ligne de signalement de ton pays pour les contenus d'abus sexuels sur enfants.",
  },
} as const satisfies Messages;
