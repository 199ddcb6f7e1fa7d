/** For pure code that throws HaloError synchronously: the error it threw, failing the test when it threw nothing or something else. */
import { HaloError } from "../../src/halo/errors.js";

export function thrown(fn: () => unknown): HaloError {
  try {
    fn();
  } catch (err) {
    if (err instanceof HaloError) return err;
    throw err;
  }
  throw new Error("expected a HaloError, got success");
}
