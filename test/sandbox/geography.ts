// The org unit hierarchy: Sénégal → 14 regions → health districts → health centres and posts.
import { int, type Rng } from './random';

export const plateauHealthCenter = 'DiszpKrYNg8';

export type OrgUnitKind = 'country' | 'region' | 'district' | 'centre' | 'poste';

export interface OrgUnit {
  id: string;
  name: string;
  shortName: string;
  code: string;
  level: number;
  path: string;
  parentId: string | null;
  kind: OrgUnitKind;
  openingDate: string;
  closedDate: string | null;
  /** [longitude, latitude], health facilities only. */
  coordinates: [number, number] | null;
  created: string;
  lastUpdated: string;
}

// [region, [longitude, latitude], [[district, [localities…]]…]]. The first locality of a district is its
// centre de santé, the others are postes de santé; '†' marks a post that has closed.
type RegionRow = [string, [number, number], [string, string[]][]];
const senegal: RegionRow[] = [
  ['Dakar', [-17.45, 14.7], [
    ['Dakar Centre', ['Plateau', 'Fann', 'Gueule Tapée', 'Médina']],
    ['Dakar Ouest', ['Ngor', 'Ouakam', 'Yoff', 'Mermoz']],
    ['Dakar Nord', ['Grand Yoff', 'Parcelles Assainies', 'HLM Grand Yoff']],
    ['Dakar Sud', ['Hann Bel-Air', 'Colobane']],
    ['Guédiawaye', ['Roi Baudouin', 'Médina Gounass', 'Wakhinane', 'Golf Sud']],
    ['Pikine', ['Pikine', 'Thiaroye', 'Dalifort', 'Keur Massar']],
    ['Rufisque', ['Rufisque', 'Bargny', '†Bargny Guedj', 'Sangalkam', 'Diamniadio']],
  ]],
  ['Thiès', [-16.93, 14.79], [
    ['Thiès', ['Thiès', 'Keur Mame Arame', 'Pout']],
    ['Mbour', ['Mbour', 'Saly Portudal', 'Joal', 'Nianing']],
    ['Tivaouane', ['Tivaouane', 'Pire', 'Mboro']],
  ]],
  ['Saint-Louis', [-16.49, 16.02], [
    ['Saint-Louis', ['Saint-Louis', 'Sor', 'Guet Ndar']],
    ['Dagana', ['Richard-Toll', 'Ross Béthio']],
    ['Podor', ['Podor', 'Ndioum', 'Guédé']],
  ]],
  ['Diourbel', [-16.23, 14.65], [
    ['Diourbel', ['Diourbel', 'Ndindy']],
    ['Touba', ['Touba', 'Darou Marnane', 'Touba Mosquée']],
    ['Bambey', ['Bambey', 'Ngoye']],
  ]],
  ['Louga', [-16.22, 15.62], [['Louga', ['Louga', 'Keur Serigne Louga']], ['Kébémer', ['Kébémer', 'Guéoul']], ['Linguère', ['Linguère', 'Dahra']]]],
  ['Fatick', [-16.41, 14.34], [['Fatick', ['Fatick', 'Diakhao']], ['Foundiougne', ['Foundiougne', 'Sokone']], ['Gossas', ['Gossas']]]],
  ['Kaolack', [-16.07, 14.15], [
    ['Kaolack', ['Kaolack', 'Médina Baye', 'Kasnack']],
    ['Nioro du Rip', ['Nioro du Rip', 'Keur Madiabel']],
    ['Guinguinéo', ['Guinguinéo']],
  ]],
  ['Kaffrine', [-15.55, 14.11], [['Kaffrine', ['Kaffrine', 'Nganda']], ['Koungheul', ['Koungheul']], ['Birkelane', ['Birkelane']]]],
  ['Tambacounda', [-13.67, 13.77], [['Tambacounda', ['Tambacounda', 'Gourel']], ['Bakel', ['Bakel', 'Kidira']], ['Goudiry', ['Goudiry']]]],
  ['Kédougou', [-12.18, 12.56], [['Kédougou', ['Kédougou', 'Bandafassi', 'Dindéfélo']], ['Saraya', ['Saraya']], ['Salémata', ['Salémata']]]],
  ['Kolda', [-14.95, 12.89], [['Kolda', ['Kolda', 'Saré Kémo']], ['Vélingara', ['Vélingara', 'Diaobé']], ['Médina Yoro Foulah', ['Médina Yoro Foulah']]]],
  ['Sédhiou', [-15.56, 12.71], [['Sédhiou', ['Sédhiou', 'Marsassoum']], ['Goudomp', ['Goudomp']], ['Bounkiling', ['Bounkiling']]]],
  ['Ziguinchor', [-16.27, 12.56], [
    ['Ziguinchor', ['Ziguinchor', 'Boucotte', 'Lyndiane', 'Kandé']],
    ['Bignona', ['Bignona', 'Thionck Essyl']],
    ['Oussouye', ['Oussouye', 'Cap Skirring']],
  ]],
  ['Matam', [-13.26, 15.66], [['Matam', ['Matam', 'Ourossogui']], ['Kanel', ['Kanel', 'Orkadiéré']], ['Ranérou', ['Ranérou']]]],
];

function slug(text: string): string {
  return text.normalize('NFD').replace(/[\u0300-\u036f]/g, '').toUpperCase().replace(/[^A-Z0-9]+/g, '_').replace(/^_|_$/g, '');
}

function stamp(rng: Rng, fromYear: number, toYear: number): string {
  const t = Date.UTC(fromYear, 0, 1) + Math.floor(rng() * (Date.UTC(toYear, 0, 1) - Date.UTC(fromYear, 0, 1)));
  return new Date(t).toISOString().slice(0, 23);
}

export function buildOrgUnits(rng: Rng, uid: (fixed?: string) => string): OrgUnit[] {
  const units: OrgUnit[] = [];
  const add = (name: string, code: string, kind: OrgUnitKind, parent: OrgUnit | null, extra: Partial<OrgUnit> = {}): OrgUnit => {
    const id = extra.id ?? uid();
    const created = stamp(rng, 2016, 2019);
    const unit: OrgUnit = {
      id, name, shortName: name.slice(0, 50), code, kind,
      level: parent ? parent.level + 1 : 1,
      path: `${parent ? parent.path : ''}/${id}`,
      parentId: parent ? parent.id : null,
      openingDate: parent ? `${int(rng, 1960, 2015)}-01-01T00:00:00.000` : '1960-04-04T00:00:00.000',
      closedDate: null, coordinates: null, created, lastUpdated: created,
      ...extra,
    };
    units.push(unit);
    return unit;
  };
  const root = add('Sénégal', 'SN', 'country', null);
  for (const [region, [lon, lat], districts] of senegal) {
    const r = add(region, `SN_${slug(region)}`, 'region', root);
    for (const [district, localities] of districts) {
      const d = add(`District sanitaire de ${district}`, `DS_${slug(district)}`, 'district', r);
      localities.forEach((raw, i) => {
        const closed = raw.startsWith('†');
        const place = closed ? raw.slice(1) : raw;
        const coordinates: [number, number] = [round(lon + (rng() - 0.5) * 0.5), round(lat + (rng() - 0.5) * 0.5)];
        if (place === 'Plateau') {
          add('Plateau Health Center', 'CS_PLATEAU', 'centre', d, { id: uid(plateauHealthCenter), coordinates });
        } else if (i === 0 || place === 'Ngor') {
          add(`Centre de santé ${/^[AEIOUÉ]/.test(place) ? `d'${place}` : `de ${place}`}`, `CS_${slug(place)}`, 'centre', d, { coordinates });
        } else {
          add(`Poste de santé ${place}`, `PS_${slug(place)}`, 'poste', d, {
            coordinates,
            ...(closed ? { closedDate: '2021-06-30T00:00:00.000' } : {}),
          });
        }
      });
    }
  }
  return units;
}

function round(x: number): number {
  return Math.round(x * 1e4) / 1e4;
}
