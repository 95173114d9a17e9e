// 200 resources through one host, all at once, under the emulator's rate limit: every one converges,
// with no failed operation. The same run as `npm run bench` makes (bench/scale.ts); times and 429
// counts are printed for the closing note and benchmarks, never asserted.
import { expect } from "chai";
import { runScale } from "../../bench/scale";

const N = 200;
const RATE = { ratePerSecond: 100, burst: 20 };

describe(`${N} resources through one host, concurrently, under a rate limit`, function () {
  this.timeout(180_000);

  it(`all converge with no failed operation (${RATE.ratePerSecond} calls/s, burst ${RATE.burst})`, async () => {
    const r = await runScale({ n: N, rate: RATE.ratePerSecond, burst: RATE.burst, parallel: N });
    expect(r.errors).to.deep.equal([]);
    expect(r.ops).to.deep.equal({ create: N });
    expect(r.converged).to.equal(true);
    expect(r.writesApplied).to.equal(N);
    console.log(
      `      ${N} creates: ${r.seconds} s (floor ${r.floorSeconds} s), ` +
        `GetMember ${r.getMember}, UpdateMemberSession ${r.updateMemberSession}, 429s ${r.throttled}`,
    );
  });
});
