import type { Messages } from './fr';

export const en: Messages = {
  app: { title: 'Oomus CampaignID', subtitle: 'ID and vaccination cards' },
  health: {
    checking: 'Checking the service…',
    ok: 'Service running',
    down: 'Service unreachable',
    version: 'version {version}',
  },
  areas: {
    connection: 'Connection',
    sync: 'Sync',
    enrollments: 'Enrollments',
    mapping: 'Mapping',
    cards: 'Cards',
    print: 'Print',
    send: 'Send',
    wallet: 'Google Wallet',
    settings: 'Settings',
  },
  blurbs: {
    connection: 'DHIS2 server address, credentials and connection test.',
    sync: 'Download programmes and enrollments to work offline.',
    enrollments: 'The enrollments kept on this computer, with their MPI ID.',
    mapping: 'Which DHIS2 attributes fill each field of the card.',
    cards: 'Card preview and generation, with the ten templates.',
    print: 'A4 sheets and CR80 cards ready to print.',
    send: 'Send cards by WhatsApp or SMS, and the offline outbox.',
    wallet: 'Google Wallet passes for beneficiaries.',
    settings: 'Language, access tokens and sharing on the office network.',
  },
  placeholder: 'This screen arrives with a coming version.',
  settings: {
    language: 'Language',
    apiToken: 'API access token',
    apiTokenHelp:
      'In the browser, calls to /dhis2 need a token. Create one with "npm run token -- create --name NAME" and paste it here.',
    save: 'Save',
    clear: 'Clear',
    saved: 'Saved.',
    desktopToken: 'In the desktop app, no token is needed.',
  },
  languages: { fr: 'Français', en: 'English' },
};
