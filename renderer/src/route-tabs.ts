import { computed, nextTick, ref, type ComputedRef, type Ref } from 'vue';
import { useRoute, useRouter } from 'vue-router';

// Tabs whose choice lives in the address (#/<area>?tab=…), so other screens can link to a tab, with the
// keyboard behaviour of a WAI-ARIA tab list (arrows, Home, End move and focus).

export interface RouteTabs<T extends string> {
  tab: ComputedRef<T>;
  tabButtons: Ref<Partial<Record<T, HTMLButtonElement>>>;
  choose(next: T, focus?: boolean): void;
  onKey(e: KeyboardEvent): void;
}

export function useRouteTabs<T extends string>(path: string, tabs: readonly [T, ...T[]]): RouteTabs<T> {
  const route = useRoute();
  const router = useRouter();
  const first = tabs[0];
  const tab = computed<T>(() => (tabs.includes(route.query.tab as T) ? (route.query.tab as T) : first));
  const tabButtons = ref({}) as Ref<Partial<Record<T, HTMLButtonElement>>>;
  function choose(next: T, focus = false): void {
    if (next !== tab.value) void router.replace({ path, query: next === first ? {} : { tab: next } });
    if (focus) void nextTick(() => tabButtons.value[next]?.focus());
  }
  function onKey(e: KeyboardEvent): void {
    const i = tabs.indexOf(tab.value);
    const keys: Record<string, T | undefined> = {
      ArrowRight: tabs[(i + 1) % tabs.length], ArrowLeft: tabs[(i + tabs.length - 1) % tabs.length], Home: first, End: tabs[tabs.length - 1],
    };
    const to = keys[e.key];
    if (!to) return;
    e.preventDefault();
    choose(to, true);
  }
  return { tab, tabButtons, choose, onKey };
}
