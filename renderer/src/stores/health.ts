import { defineStore } from 'pinia';
import { ref } from 'vue';
import { useTransport } from '../transport/use-transport';
import { call } from '../transport/transport';

export type HealthState = 'checking' | 'ok' | 'down';

export const useHealthStore = defineStore('health', () => {
  const state = ref<HealthState>('checking');
  const version = ref<string>('');
  let timer: ReturnType<typeof setInterval> | undefined;

  async function check(): Promise<void> {
    try {
      const body = await call<{ status: string; version: string }>(useTransport(), 'GET', '/health');
      state.value = body.status === 'ok' ? 'ok' : 'down';
      version.value = body.version;
    } catch {
      state.value = 'down';
    }
  }
  function watch(everyMs = 15_000): void {
    void check();
    timer ??= setInterval(() => void check(), everyMs);
  }

  return { state, version, check, watch };
});
