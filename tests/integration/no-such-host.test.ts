// A host that does not resolve (a forgotten or mistyped endpoint, a region typo) is not a
// transient failure: it fails at once, with a hint, for Macie and for STS alike.
import { expect } from "chai";
import { readProviderConfig, NO_CONFIG } from "../../provider/config/config";
import { MacieOperationError } from "../../provider/aws/errors";
import { MemberStatusProvider } from "../../provider/lifecycle/provider";
import { confirmGone } from "../../provider/lifecycle/caller";
import { createRuntime, type Runtime } from "../../provider/lifecycle/runtime";
import { DUMMY_IDENTITY } from "../support/emulator";
import { failure } from "../support/failure";

const ACCOUNT = "123456789012";
// .invalid never resolves (RFC 2606).
const NOWHERE = "https://macie.no-such-host.invalid:4566";

function runtimeAt(env: Record<string, string>): Runtime {
  return createRuntime(readProviderConfig(NO_CONFIG, env), { credentials: DUMMY_IDENTITY });
}

describe("a host that does not resolve (ENOTFOUND)", function () {
  this.timeout(30_000);

  it("fails a Macie call after 1 attempt, naming the host and what to check", async () => {
    const runtime = runtimeAt({ AWS_ENDPOINT_URL_MACIE2: NOWHERE });
    try {
      const error = await failure(
        new MemberStatusProvider(runtime).create({
          accountId: ACCOUNT,
          status: "PAUSED",
          region: "us-east-1",
        }),
      );
      expect(error).to.be.instanceOf(MacieOperationError);
      expect((error as MacieOperationError).attempts).to.equal(1);
      expect(error.message, error.message)
        .to.match(
          /^Reading Macie member account 123456789012 in us-east-1: GetMember .* failed after 1 attempt: /,
        )
        .and.contain("macie.no-such-host.invalid")
        .and.contain("Hint: the host macie.no-such-host.invalid does not exist")
        .and.contain("Is the Pulumi config aws:endpoints (macie2) or AWS_ENDPOINT_URL_MACIE2")
        .and.contain("us-east-1")
        .and.contain("Nothing was written.");
    } finally {
      runtime.destroy();
    }
  });

  it("fails STS GetCallerIdentity after 1 attempt, in the same phase and hint format", async () => {
    const runtime = runtimeAt({ AWS_ENDPOINT_URL_STS: "https://sts.no-such-host.invalid:4566" });
    try {
      const error = await failure(
        confirmGone(
          runtime,
          { accountId: ACCOUNT, region: "us-east-1" },
          "999999999999",
          "refresh would drop it",
        ),
      );
      expect(error).to.be.instanceOf(MacieOperationError);
      expect((error as MacieOperationError).attempts).to.equal(1);
      expect(error.message, error.message)
        .to.match(/^Confirming the caller's account for Macie member account 123456789012 in us-east-1: /)
        .and.contain("GetCallerIdentity for the caller in us-east-1 failed after 1 attempt: ")
        .and.contain("Hint: the host sts.no-such-host.invalid does not exist")
        .and.contain("Is the Pulumi config aws:endpoints (sts) or AWS_ENDPOINT_URL_STS")
        .and.contain("Nothing was written.");
    } finally {
      runtime.destroy();
    }
  });
});
