// Pulumi workarounds for the provider plugin, on @pulumi/pulumi/provider's gRPC server. Verified
// with @pulumi/pulumi 3.248.0 and the Pulumi CLI 3.248.0 (tests/e2e/plugin-*.e2e.ts).
//
// 1. Configure is answered without being read. `Server#configure` (provider/server.js) replies
//    "accepts secrets" and drops the request, and the `Provider` interface has no configure hook,
//    so a plugin never sees its stack config (`macie:*`). The request passes through the
//    ConfigureRequest deserializer the service definition names (proto/provider_grpc_pb.js), which
//    looks the class up on each call: wrapping `deserializeBinary` hands us every request as it
//    arrives, before the server answers it.
// 2. `pulumi import` sends Read without properties: `req.getProperties()` is undefined and the
//    server's `.toJavaScript()` on it crashes ("Cannot read properties of undefined (reading
//    'toJavaScript')"), so no import can work. An absent Struct is read as an empty one.
// Both patch this process's copy of Pulumi's protobuf classes, the copy server.js itself loads.
import { Struct } from "google-protobuf/google/protobuf/struct_pb";
import * as provproto from "@pulumi/pulumi/proto/provider_pb";

/** What a ConfigureRequest carries: the provider's config, `macie:config:maxAttempts` → "5" and the like. */
export type ConfigVariables = ReadonlyMap<string, string>;

/** A ConfigureRequest as the plugin reads it: the config, and which provider resource it configures. */
export interface Configured {
  variables: ConfigVariables;
  /** The provider resource's URN (`…::pulumi:providers:macie::default_0_2_0`); "" from engines that send none. */
  urn: string;
}

let patched = false;

/** Applies both patches once; `onConfigure` gets each ConfigureRequest's variables and provider URN. */
export function patchProviderServer(onConfigure: (configured: Configured) => void): void {
  if (patched) throw new Error("patchProviderServer: already applied in this process");
  patched = true;
  const configure = provproto.ConfigureRequest;
  const deserialize = configure.deserializeBinary.bind(configure);
  configure.deserializeBinary = (bytes: Uint8Array) => {
    const request = deserialize(bytes);
    onConfigure({ variables: new Map(request.getVariablesMap().toArray()), urn: request.getUrn() ?? "" });
    return request;
  };
  const read = provproto.ReadRequest.prototype;
  const properties = read.getProperties; // eslint-disable-line @typescript-eslint/unbound-method -- called with its own `this` below
  read.getProperties = function (this: provproto.ReadRequest) {
    return properties.call(this) ?? new Struct();
  };
}
