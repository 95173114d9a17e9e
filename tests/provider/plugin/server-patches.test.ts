// The two Pulumi workarounds on @pulumi/pulumi/provider's server (plugin/server-patches.ts), on
// Pulumi's own protobuf classes: Configure's variables reach the plugin, and a Read without
// properties (`pulumi import`) reads as an empty Struct instead of crashing the server.
import { expect } from "chai";
import { Struct } from "google-protobuf/google/protobuf/struct_pb";
import * as provproto from "@pulumi/pulumi/proto/provider_pb";
import { patchProviderServer, type Configured } from "../../../provider/plugin/server-patches";

describe("the provider server's patches", () => {
  const seen: Configured[] = [];
  before(() => patchProviderServer((configured) => seen.push(configured)));

  it("hands over each ConfigureRequest's variables and provider URN as the server deserializes it", () => {
    const request = new provproto.ConfigureRequest();
    request.getVariablesMap().set("macie:config:maxAttempts", "3");
    request.setUrn("urn:pulumi:dev::p::pulumi:providers:macie::default_0_2_0");
    provproto.ConfigureRequest.deserializeBinary(request.serializeBinary());
    expect(seen.map((c) => ({ ...c, variables: Object.fromEntries(c.variables) }))).to.deep.equal([
      {
        variables: { "macie:config:maxAttempts": "3" },
        urn: "urn:pulumi:dev::p::pulumi:providers:macie::default_0_2_0",
      },
    ]);
  });

  it("reads a ReadRequest without properties as an empty Struct, one with them as it is", () => {
    const bare = new provproto.ReadRequest();
    expect(bare.hasProperties()).to.equal(false);
    expect(bare.getProperties()?.toJavaScript()).to.deep.equal({});
    const full = new provproto.ReadRequest();
    full.setProperties(Struct.fromJavaScript({ accountId: "111111111111" }));
    expect(full.getProperties()?.toJavaScript()).to.deep.equal({ accountId: "111111111111" });
  });

  it("cannot be applied twice in one process", () => {
    expect(() => patchProviderServer(() => undefined)).to.throw(/already applied/);
  });
});
