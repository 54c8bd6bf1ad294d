/**
 * A problem with one value of a scenario: where, as a JSON path in core/format/paths.ts's syntax
 * (`costs.forward[3]`, `memory.capacity`, `(root)`), and what, in words a user can act on. The one
 * error type of the file loader, the validator, the schedules' checks and the analysis.
 */
export interface PathError {
  path: string;
  message: string;
}
