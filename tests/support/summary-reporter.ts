// Mocha's spec output, followed by the plain `N passed, N failed` line that CI reads: mocha's own
// summary ("12 passing") is not recognized there.
import Mocha from "mocha";

class SummaryReporter extends Mocha.reporters.Spec {
  constructor(runner: Mocha.Runner, options?: Mocha.MochaOptions) {
    super(runner, options);
    let passed = 0;
    let failed = 0;
    let skipped = 0;
    runner.on(Mocha.Runner.constants.EVENT_TEST_PASS, () => (passed += 1));
    runner.on(Mocha.Runner.constants.EVENT_TEST_FAIL, () => (failed += 1));
    runner.on(Mocha.Runner.constants.EVENT_TEST_PENDING, () => (skipped += 1));
    runner.once(Mocha.Runner.constants.EVENT_RUN_END, () => {
      // Spec prints its epilogue on the same event; print ours after it.
      setImmediate(() =>
        console.log(`${passed} passed, ${failed} failed${skipped ? `, ${skipped} skipped` : ""}`),
      );
    });
  }
}

export = SummaryReporter;
