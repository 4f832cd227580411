import { defineStore } from 'pinia';
import { ref } from 'vue';
import { useApi } from '../api';

export type HealthState = 'checking' | 'ok' | 'down';

export const useHealthStore = defineStore('health', () => {
  const state = ref<HealthState>('checking');
  const version = ref<string>('');
  let timer: ReturnType<typeof setInterval> | undefined;

  async function check(): Promise<void> {
    try {
      const body = await useApi().call('GET /health');
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
