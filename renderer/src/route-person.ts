import type { RouteLocationNormalizedLoaded } from 'vue-router';

// #/cards, #/send and #/wallet with ?programme=…&enrollment=… (the buttons of a person's record) open on
// that person: the choice a screen starts with, when the cache has the programme.

export interface ScreenChoice {
  programmeUid: string;
  enrollmentId: string;
}

/** Sets the screen's programme (and person) from the address; false when the address names none the cache has. */
export function chooseFromRoute(route: RouteLocationNormalizedLoaded, known: (programmeUid: string) => boolean, choice: ScreenChoice): boolean {
  const programme = typeof route.query.programme === 'string' ? route.query.programme : '';
  const enrollment = typeof route.query.enrollment === 'string' ? route.query.enrollment : '';
  if (!known(programme)) return false;
  choice.programmeUid = programme;
  if (enrollment) choice.enrollmentId = enrollment;
  return true;
}
