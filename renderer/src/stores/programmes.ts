import { defineStore } from 'pinia';
import { computed, ref } from 'vue';
import type { Programme } from '@contract';
import { useApi } from '../api';
import { errorInfo, type ErrorInfo } from '../api-error';

// The cached tracker programmes (GET /dhis2/programmes): read by Sync, Enrollments and Mapping.

export const useProgrammesStore = defineStore('programmes', () => {
  const list = ref<Programme[]>([]);
  const loaded = ref(false);
  const loading = ref(false);
  const error = ref<ErrorInfo | null>(null);

  async function load(): Promise<void> {
    loading.value = true;
    try {
      list.value = (await useApi().call('GET /dhis2/programmes')).programmes;
      error.value = null;
      loaded.value = true;
    } catch (err) {
      error.value = errorInfo(err);
    } finally {
      loading.value = false;
    }
  }
  const byUid = computed(() => new Map(list.value.map((p) => [p.uid, p])));
  /** The programme to open first: the first with cached enrollments, else the first. */
  const preferred = computed(() => (list.value.find((p) => p.cached_enrollments > 0) ?? list.value[0])?.uid ?? '');

  return { list, loaded, loading, error, load, byUid, preferred };
});
