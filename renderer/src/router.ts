import { createRouter, createWebHashHistory, type RouteRecordRaw } from 'vue-router';
import { areas } from './areas';
import AreaPlaceholder from './views/AreaPlaceholder.vue';
import SettingsView from './views/SettingsView.vue';

// Hash history: the same build works from app://oomus/ in Electron and from / over HTTP.
const routes: RouteRecordRaw[] = [
  { path: '/', redirect: '/connection' },
  ...areas.map((area): RouteRecordRaw =>
    area === 'settings'
      ? { path: '/settings', name: 'settings', component: SettingsView }
      : { path: `/${area}`, name: area, component: AreaPlaceholder, props: { area } },
  ),
  { path: '/:pathMatch(.*)*', redirect: '/connection' },
];

export const router = createRouter({ history: createWebHashHistory(), routes });
