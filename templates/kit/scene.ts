import type { FontRole, FontWeight } from '../fonts/bundled-fonts';
import type { Box } from './units';

// What a template's layout step returns: a flat list of drawing nodes in millimetres, painted in order.
// Tests read it to check the layout (boxes, sizes, contrast, strings) without looking at pixels.

export interface LinearGradient { kind: 'linear'; x0: number; y0: number; x1: number; y1: number; stops: [number, string][] }
export interface RadialGradient { kind: 'radial'; cx: number; cy: number; r: number; stops: [number, string][] }
export type Fill = string | LinearGradient | RadialGradient;

export interface Stroke { color: string; width: number; dash?: number[]; cap?: 'butt' | 'round' | 'square'; join?: 'miter' | 'round' | 'bevel' }

export interface RectNode extends Box { kind: 'rect'; r?: number | [number, number, number, number]; fill?: Fill; stroke?: Stroke; opacity?: number }
export interface CircleNode { kind: 'circle'; cx: number; cy: number; r: number; fill?: Fill; stroke?: Stroke; opacity?: number }
/** SVG path data in millimetres. */
export interface PathNode { kind: 'path'; d: string; fill?: Fill; stroke?: Stroke; opacity?: number; clip?: Box & { r?: number } }

export type TextRole = 'name' | 'value' | 'label' | 'title' | 'id';

export interface TextLine { text: string; /** baseline */ y: number; width: number }

export interface TextNode {
  kind: 'text';
  /** What it shows, e.g. "name", "label:date_of_birth", "value:phone_number". */
  id: string;
  role: TextRole;
  box: Box;
  /** The area it belongs to (header band, data panel, …): the box must stay inside it. */
  panel: Box;
  lines: TextLine[];
  font: FontRole;
  weight: FontWeight;
  sizePt: number;
  color: string;
  /** The flat colour behind the text, for the contrast check. */
  background: string;
  align: 'left' | 'center' | 'right';
  dir: 'ltr' | 'rtl';
  letterSpacing?: number;
  truncated: boolean;
}

export interface QrNode { kind: 'qr'; x: number; y: number; size: number; modules: Uint8Array; count: number; dark: string; light: string }

/** The holder's photo, cover-cropped into the frame; drawn as `fallback` when the bytes do not decode. */
export interface PhotoNode extends Box { kind: 'photo'; bytes: Uint8Array; r: number; stroke?: Stroke; fallback: AvatarNode }

export interface AvatarNode extends Box { kind: 'avatar'; initials: string; r: number; fill: Fill; color: string; font: FontRole; stroke?: Stroke }

export type SceneNode = RectNode | CircleNode | PathNode | TextNode | QrNode | PhotoNode | AvatarNode;

export interface Scene { nodes: SceneNode[] }
