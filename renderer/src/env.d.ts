declare module '*.vue' {
  import type { DefineComponent } from 'vue';
  const component: DefineComponent<object, object, unknown>;
  export default component;
}

interface Window {
  /** Present only inside the Electron app (exposed by the preload). */
  oomus?: import('./transport/ipc').OomusBridge;
}
