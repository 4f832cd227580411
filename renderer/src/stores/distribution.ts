import { defineStore } from 'pinia';
import { ref } from 'vue';
import type { PersonItem } from '../person-search';

// The Send and Google Wallet screens' choice of programme and person (kept for the session, shared by
// both screens); the person's details (name, phone) as the picker found them.

export const useDistributionStore = defineStore('distribution', () => {
  const programmeUid = ref('');
  const enrollmentId = ref('');
  const selected = ref<PersonItem | null>(null);
  /** The picker's choice: the id and what is shown of the person. */
  function choose(item: PersonItem | null): void {
    selected.value = item;
    enrollmentId.value = item?.id ?? '';
  }
  return { programmeUid, enrollmentId, selected, choose };
});
