import { defineStore } from 'pinia';
import { ref } from 'vue';
import type { ReviewDecision, ReviewItem, ReviewSort } from '@contract';
import { useApi } from '../api';
import { errorInfo, type ErrorInfo } from '../api-error';

// The MPI review queue (GET /dhis2/mpi/review): enrollments that look like a known person without
// certainty, each waiting for someone to say "same person" (link) or "different person" (new MPI ID).

/** A decision just taken here, shown as a confirmation once its item has left the list. */
export interface Decided {
  review_id: string;
  enrollment_uid: string;
  decision: ReviewDecision;
  mpi_id: string;
  name: string;
}

export const useMpiReviewStore = defineStore('mpiReview', () => {
  const items = ref<ReviewItem[]>([]);
  const loaded = ref(false);
  const loading = ref(false);
  const error = ref<ErrorInfo | null>(null);
  const deciding = ref<Record<string, ReviewDecision>>({});
  const decisionErrors = ref<Record<string, ErrorInfo>>({});
  const decided = ref<Decided[]>([]);
  const sort = ref<ReviewSort>('probability');
  const total = ref(0);
  const next = ref<string | null>(null);
  const pageSize = 50;

  /** The first page (again), in the chosen order. */
  async function load(): Promise<void> {
    loading.value = true;
    try {
      const page = await useApi().call('GET /dhis2/mpi/review', { query: { status: 'pending', limit: pageSize, sort: sort.value } });
      items.value = page.items;
      total.value = page.total;
      next.value = page.next;
      error.value = null;
      loaded.value = true;
    } catch (err) {
      error.value = errorInfo(err);
    } finally {
      loading.value = false;
    }
  }

  /** The next page, after the items shown: every item is reachable, however long the queue. */
  async function more(): Promise<void> {
    if (!next.value || loading.value) return;
    loading.value = true;
    try {
      const page = await useApi().call('GET /dhis2/mpi/review', { query: { status: 'pending', limit: pageSize, sort: sort.value, after: next.value } });
      const shown = new Set(items.value.map((i) => i.review_id));
      items.value = [...items.value, ...page.items.filter((i) => !shown.has(i.review_id))];
      total.value = page.total;
      next.value = page.next;
      error.value = null;
    } catch (err) {
      error.value = errorInfo(err);
    } finally {
      loading.value = false;
    }
  }

  async function sortBy(order: ReviewSort): Promise<void> {
    sort.value = order;
    await load();
  }

  /** `mpiId`: with "link", the person chosen among those the item offers (its likeliest when left out). */
  async function decide(item: ReviewItem, decision: ReviewDecision, mpiId?: string): Promise<void> {
    deciding.value[item.review_id] = decision;
    delete decisionErrors.value[item.review_id];
    try {
      const body = mpiId ? { decision, mpi_id: mpiId } : { decision };
      const answer = await useApi().call('POST /dhis2/mpi/review/:review_id', { params: { review_id: item.review_id }, body });
      items.value = items.value.filter((i) => i.review_id !== item.review_id);
      total.value = Math.max(0, total.value - 1);
      const name = [item.record.firstName, item.record.lastName].filter(Boolean).join(' ');
      decided.value = [{ review_id: item.review_id, enrollment_uid: item.enrollment_uid, decision, mpi_id: answer.mpi_id, name }, ...decided.value].slice(0, 5);
    } catch (err) {
      const info = errorInfo(err);
      // 409: decided meanwhile (another laptop): the queue is read again, the item leaves it.
      if (info.status === 409) await load();
      else decisionErrors.value[item.review_id] = info;
    } finally {
      delete deciding.value[item.review_id];
    }
  }

  function dismiss(reviewId: string): void {
    decided.value = decided.value.filter((d) => d.review_id !== reviewId);
  }

  return { items, loaded, loading, error, deciding, decisionErrors, decided, sort, total, next, load, more, sortBy, decide, dismiss };
});
