import type { Component } from 'vue';
import { createRouter, createWebHashHistory, type RouteRecordRaw } from 'vue-router';
import { areas, type Area } from './areas';
import AreaPlaceholder from './views/AreaPlaceholder.vue';
import CardsView from './views/CardsView.vue';
import ConnectionView from './views/ConnectionView.vue';
import EnrollmentsView from './views/EnrollmentsView.vue';
import MappingView from './views/MappingView.vue';
import PrintSheetView from './views/PrintSheetView.vue';
import PersonView from './views/PersonView.vue';
import PrintView from './views/PrintView.vue';
import SignInView from './views/SignInView.vue';
import SendView from './views/SendView.vue';
import SettingsView from './views/SettingsView.vue';
import SyncView from './views/SyncView.vue';
import VerifyView from './views/VerifyView.vue';
import WalletView from './views/WalletView.vue';

/** Areas whose screen is built; the others show their placeholder until their capability lands. */
const screens: Partial<Record<Area, Component>> = {
  connection: ConnectionView,
  sync: SyncView,
  enrollments: EnrollmentsView,
  mapping: MappingView,
  cards: CardsView,
  print: PrintView,
  send: SendView,
  wallet: WalletView,
  verify: VerifyView,
  settings: SettingsView,
};

// Hash history: the same build works from app://oomus/ in Electron and from / over HTTP.
const routes: RouteRecordRaw[] = [
  { path: '/', redirect: '/connection' },
  ...areas.map((area): RouteRecordRaw => {
    const screen = screens[area];
    return screen ? { path: `/${area}`, name: area, component: screen } : { path: `/${area}`, name: area, component: AreaPlaceholder, props: { area } };
  }),
  // One person's record, reached from the enrollments list.
  { path: '/enrollments/:id', name: 'person', component: PersonView },
  // The print page stands alone, without the app's navigation (see App.vue).
  { path: '/print-sheet', name: 'print-sheet', component: PrintSheetView, meta: { bare: true } },
  { path: '/sign-in', name: 'sign-in', component: SignInView, meta: { bare: true } },
  { path: '/:pathMatch(.*)*', redirect: '/connection' },
];

export const router = createRouter({ history: createWebHashHistory(), routes });
