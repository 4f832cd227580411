import type { CardModel } from './card-model';
import { initialsOf } from './labels';
import type { AvatarNode, Fill, PhotoNode, Stroke } from './scene';
import type { Box } from './units';

export interface PortraitStyle { r: number; fill: Fill; color: string; stroke?: Stroke; font?: 'sans' | 'serif' | 'mono' }

/** The holder's photo in a frame when there is one, else an initials avatar in the same frame. */
export function portrait(card: CardModel, box: Box, style: PortraitStyle): PhotoNode | AvatarNode {
  const avatar: AvatarNode = {
    kind: 'avatar', ...box, r: style.r, initials: initialsOf(card), fill: style.fill, color: style.color,
    font: style.font ?? 'sans', ...(style.stroke ? { stroke: style.stroke } : {}),
  };
  if (!card.photo || card.photo.length === 0) return avatar;
  return { kind: 'photo', ...box, r: style.r, bytes: card.photo, ...(style.stroke ? { stroke: style.stroke } : {}), fallback: avatar };
}
