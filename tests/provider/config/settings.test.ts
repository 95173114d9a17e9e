import { expect } from "chai";
import { resolveSettings, settingsFromConfig, SETTINGS } from "../../../provider/config/settings";

describe("settings", () => {
  it("has documented defaults", () => {
    expect(resolveSettings({}, {})).to.deep.equal({
      maxAttempts: 10,
      maxRetrySeconds: 300,
      waitTimeoutSeconds: 120,
      requestTimeoutSeconds: 30,
      requestsPerSecond: 0,
      requestBurst: 10,
      maxChangesPerRun: 0,
      readSnapshotSeconds: 60,
      membersAtOnce: 32,
      writeFromListingSeconds: 120,
      progressSeconds: 5,
    });
  });

  it("takes decimal digits only: no hexadecimal, binary, octal or exponent", () => {
    for (const raw of ["0x5", "0b11", "0o7", "1e1", "5.0", "+5", " 5 5", "٥"]) {
      expect(() => resolveSettings({}, { MACIE_MEMBER_STATUS_MAX_ATTEMPTS: raw }), raw).to.throw(
        `environment variable MACIE_MEMBER_STATUS_MAX_ATTEMPTS must be a whole number from 1 to 100 in decimal digits (default 10); got ${JSON.stringify(raw)}`,
      );
      expect(() => settingsFromConfig((key) => (key === "maxAttempts" ? raw : undefined)), raw).to.throw(
        "Pulumi config macie:maxAttempts must be a whole number",
      );
    }
    expect(resolveSettings({}, { MACIE_MEMBER_STATUS_MAX_ATTEMPTS: " 7 " }).maxAttempts).to.equal(7);
    expect(resolveSettings({}, { MACIE_MEMBER_STATUS_MAX_ATTEMPTS: "007" }).maxAttempts).to.equal(7);
  });

  it("reads the scan snapshot from macie:readSnapshotSeconds over MACIE_MEMBER_STATUS_READ_SNAPSHOT_SECONDS", () => {
    const env = { MACIE_MEMBER_STATUS_READ_SNAPSHOT_SECONDS: "0" };
    expect(resolveSettings({}, env).readSnapshotSeconds).to.equal(0);
    const config: Record<string, string> = { readSnapshotSeconds: "120" };
    expect(
      resolveSettings(
        settingsFromConfig((key) => config[key]),
        env,
      ).readSnapshotSeconds,
    ).to.equal(120);
    expect(() => settingsFromConfig((key) => (key === "readSnapshotSeconds" ? "3601" : undefined))).to.throw(
      'Pulumi config macie:readSnapshotSeconds must be a whole number from 0 to 3600 in decimal digits (default 60); got "3601"',
    );
  });

  it("reads the change limit from macie:maxChangesPerRun over MACIE_MEMBER_STATUS_MAX_CHANGES_PER_RUN", () => {
    const env = { MACIE_MEMBER_STATUS_MAX_CHANGES_PER_RUN: "25" };
    expect(resolveSettings({}, env).maxChangesPerRun).to.equal(25);
    const config: Record<string, string> = { maxChangesPerRun: "50" };
    expect(
      resolveSettings(
        settingsFromConfig((key) => config[key]),
        env,
      ).maxChangesPerRun,
    ).to.equal(50);
    expect(() => settingsFromConfig((key) => (key === "maxChangesPerRun" ? "-1" : undefined))).to.throw(
      'Pulumi config macie:maxChangesPerRun must be a whole number from 0 to 10000 in decimal digits (default 0); got "-1"',
    );
  });

  it("takes the environment over the defaults", () => {
    const env = {
      MACIE_MEMBER_STATUS_MAX_ATTEMPTS: "3",
      MACIE_MEMBER_STATUS_MAX_RETRY_SECONDS: "30",
      MACIE_MEMBER_STATUS_WAIT_TIMEOUT_SECONDS: "9",
    };
    expect(resolveSettings({}, env)).to.include({
      maxAttempts: 3,
      maxRetrySeconds: 30,
      waitTimeoutSeconds: 9,
    });
  });

  it("takes Pulumi config (carried by the program) over the environment", () => {
    const env = { MACIE_MEMBER_STATUS_MAX_ATTEMPTS: "3" };
    expect(resolveSettings({ maxAttempts: 7 }, env).maxAttempts).to.equal(7);
  });

  it("reads the macie:* config keys", () => {
    const config: Record<string, string> = { maxAttempts: "4", waitTimeoutSeconds: "15" };
    expect(settingsFromConfig((key) => config[key])).to.deep.equal({
      maxAttempts: 4,
      waitTimeoutSeconds: 15,
    });
  });

  const badValues = ["0", "-1", "2.5", "ten", "", "101"];
  for (const raw of badValues) {
    it(`refuses ${JSON.stringify(raw)} for maxAttempts, naming the variable and the allowed range`, () => {
      expect(() => resolveSettings({}, { MACIE_MEMBER_STATUS_MAX_ATTEMPTS: raw })).to.throw(
        `environment variable MACIE_MEMBER_STATUS_MAX_ATTEMPTS must be a whole number from 1 to 100 in decimal digits (default 10); got ${JSON.stringify(raw)}`,
      );
    });
  }

  it("refuses a bad config value, naming the key", () => {
    expect(() => settingsFromConfig((key) => (key === "maxRetrySeconds" ? "soon" : undefined))).to.throw(
      /Pulumi config macie:maxRetrySeconds must be a whole number/,
    );
  });

  it("names an environment variable and a config key for every setting", () => {
    for (const spec of Object.values(SETTINGS)) {
      expect(spec.env).to.match(/^MACIE_MEMBER_STATUS_[A-Z_]+$/);
      expect(spec.config).to.match(/^macie:[a-zA-Z]+$/);
    }
  });
});
