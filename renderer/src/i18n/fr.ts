// French is the default language of the app; en.ts must hold the same keys (the type checker sees to it).
export const fr = {
  app: { title: 'Oomus CampaignID', subtitle: 'Cartes d’identité et de vaccination' },
  health: {
    checking: 'Vérification du service…',
    ok: 'Service opérationnel',
    down: 'Service injoignable',
    version: 'version {version}',
  },
  areas: {
    connection: 'Connexion',
    sync: 'Synchronisation',
    enrollments: 'Inscriptions',
    mapping: 'Correspondance',
    cards: 'Cartes',
    print: 'Impression',
    send: 'Envoi',
    wallet: 'Google Wallet',
    settings: 'Paramètres',
  },
  blurbs: {
    connection: 'Adresse du serveur DHIS2, identifiants et test de connexion.',
    sync: 'Téléchargement des programmes et des inscriptions pour travailler hors ligne.',
    enrollments: 'Les inscriptions gardées sur cet ordinateur, et leur identifiant MPI.',
    mapping: 'Quels attributs DHIS2 remplissent chaque champ de la carte.',
    cards: 'Aperçu et génération des cartes, avec les dix modèles.',
    print: 'Feuilles A4 et cartes CR80 prêtes à imprimer.',
    send: 'Envoi des cartes par WhatsApp ou SMS, et la file d’attente hors ligne.',
    wallet: 'Passes Google Wallet pour les bénéficiaires.',
    settings: 'Langue, jetons d’accès et partage sur le réseau local.',
  },
  placeholder: 'Cet écran arrive avec une prochaine version.',
  settings: {
    language: 'Langue',
    apiToken: 'Jeton d’accès à l’API',
    apiTokenHelp:
      'Dans le navigateur, les appels à /dhis2 demandent un jeton. Créez-le avec « npm run token -- create --name NOM » et collez-le ici.',
    save: 'Enregistrer',
    clear: 'Effacer',
    saved: 'Enregistré.',
    desktopToken: 'Dans l’application de bureau, aucun jeton n’est nécessaire.',
  },
  languages: { fr: 'Français', en: 'English' },
};

export type Messages = typeof fr;
