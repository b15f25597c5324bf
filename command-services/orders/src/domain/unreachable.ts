/** Ends a switch that covers every case: the compiler proves it, this reports a broken promise. */
export const unreachable = (value: never): never => {
  throw new Error(`unexpected value ${JSON.stringify(value)}`);
};
