import './take-token';
import { createPinia } from 'pinia';
import { createApp } from 'vue';
import App from './App.vue';
import { router } from './router';
import { onUnauthorized } from './transport';
import './styles.css';
import './people.css';
import './verify.css';

// A browser not signed in (no token, or a revoked one) goes to the sign-in screen, and back once signed in.
onUnauthorized(() => {
  const here = router.currentRoute.value;
  if (here.name !== 'sign-in') void router.replace({ name: 'sign-in', query: { back: here.fullPath } });
});
createApp(App).use(createPinia()).use(router).mount('#app');
