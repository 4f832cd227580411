declare module '*.vue' {
  import type { DefineComponent } from 'vue';
  const component: DefineComponent<object, object, unknown>;
  export default component;
}

interface OomusBridge {
  invoke(method: string, path: string, body?: unknown): Promise<{ status: number; contentType: string; body: unknown }>;
}

interface Window {
  /** Present only inside the Electron app (exposed by the preload). */
  oomus?: OomusBridge;
}
