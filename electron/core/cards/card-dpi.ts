import { supportedDpis, type Dpi } from '../api/contract/card-templates';
import { invalid } from '../errors';

/** The DPI asked for, if cards are rendered at it; a 400 naming the field and the choices otherwise. */
export function checkDpi(value: number, field = 'dpi'): Dpi {
  const dpi = supportedDpis.find((d) => d === value);
  if (dpi === undefined) throw invalid(field, `must be one of ${supportedDpis.join(', ')}`);
  return dpi;
}
