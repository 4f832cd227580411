import { printLayouts, type PlacedCard, type PrintLayoutId, type PrintSheet, type PrintSheetQuery } from '@contract';
import type { LocationQuery } from 'vue-router';

// Reading a print page's address back (the route printSheetRoute() writes), and its cards in order.

const one = (v: LocationQuery[string] | undefined): string | undefined => (Array.isArray(v) ? (v[0] ?? undefined) : (v ?? undefined)) || undefined;
const page = (v: string | undefined): number | undefined => (v && /^\d{1,6}$/.test(v) ? Number(v) : undefined);

export function sheetQueryOf(q: LocationQuery): PrintSheetQuery | null {
  const layout = printLayouts.find((l) => l === one(q.layout)) as PrintLayoutId | undefined;
  if (!layout) return null;
  const taskId = one(q.task_id);
  const from = page(one(q.from_page));
  const to = page(one(q.to_page));
  const enrollments = one(q.enrollment_ids);
  return {
    layout,
    ...(taskId ? { task_id: taskId } : {}),
    ...(from !== undefined ? { from_page: from } : {}),
    ...(to !== undefined ? { to_page: to } : {}),
    ...(enrollments ? { enrollment_ids: enrollments } : {}),
  };
}

export const cardsOf = (sheet: PrintSheet): PlacedCard[] => sheet.pages.flatMap((p) => p.cards);
