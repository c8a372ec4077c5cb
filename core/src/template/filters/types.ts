/** A filter as Octostache defines one: null means "cannot evaluate" and the token is echoed. */
export type TemplateFilter = (argument: string | null, options: string[], context: FilterContext) => string | null;

export interface FilterContext {
  /** The clock for NowDate / NowDateUtc. */
  now(): Date;
  /** The longest text a filter may produce (the evaluation's output limit). */
  maxOutputLength: number;
}
