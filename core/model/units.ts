/** Device time in milliseconds. Every time in core is in this one unit; convert only at the edges. */
export type Ms = number;
/** Memory size in bytes. */
export type Bytes = number;
