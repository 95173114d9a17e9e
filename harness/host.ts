// Pulumi's real dynamic-provider host (@pulumi/pulumi/cmd/dynamic-provider), started and called
// over gRPC the way the engine does: from the program's directory, so the serialized provider's
// `require("pulumi-macie-member-status/…")` resolves there by package name.
import { spawn, type ChildProcess } from "node:child_process";
import * as path from "node:path";
import * as grpc from "@grpc/grpc-js";
import { ResourceProviderClient } from "@pulumi/pulumi/proto/provider_grpc_pb";
import * as proto from "@pulumi/pulumi/proto/provider_pb";
import { Struct } from "google-protobuf/google/protobuf/struct_pb";
import { Status } from "@pulumi/pulumi/proto/status_pb";

export type Props = Record<string, unknown>;

export interface CheckFailure {
  property: string;
  reason: string;
}

export type DiffKind = "none" | "some" | "unknown";

export interface HostOptions {
  /** The program directory: the host's working directory, where node_modules resolves our package. */
  cwd: string;
  env?: NodeJS.ProcessEnv;
  /**
   * The host script to run: by default this checkout's @pulumi/pulumi's; a project with its own
   * installed @pulumi/pulumi passes that one's, as the engine's plugin shim resolves it there.
   */
  script?: string;
}

const HOST_SCRIPT = require.resolve("@pulumi/pulumi/cmd/dynamic-provider/index.js");

function struct(value: Props): Struct {
  return Struct.fromJavaScript(value as Parameters<typeof Struct.fromJavaScript>[0]);
}

function plain(value: Struct | undefined): Props {
  return value?.toJavaScript() ?? {};
}

export class DynamicProviderHost {
  private constructor(
    private readonly child: ChildProcess,
    private readonly client: ResourceProviderClient,
    readonly port: number,
    private readonly stderr: string[],
  ) {}

  static async start(options: HostOptions): Promise<DynamicProviderHost> {
    // The host wants the engine's address as its argument; nothing here calls back to it.
    const child = spawn(process.execPath, [options.script ?? HOST_SCRIPT, "127.0.0.1:1"], {
      cwd: options.cwd,
      env: options.env ?? process.env,
      stdio: ["ignore", "pipe", "pipe"],
    });
    const stderr: string[] = [];
    child.stderr.on("data", (chunk: Buffer) => stderr.push(chunk.toString()));
    const port = await new Promise<number>((resolve, reject) => {
      let out = "";
      child.stdout.on("data", (chunk: Buffer) => {
        out += chunk.toString();
        const line = /^([0-9]+)\s*$/m.exec(out);
        if (line) resolve(Number(line[1]));
      });
      child.once("exit", (code) =>
        reject(new Error(`dynamic-provider host exited with ${code}: ${stderr.join("")}`)),
      );
    });
    const client = new ResourceProviderClient(`127.0.0.1:${port}`, grpc.credentials.createInsecure(), {
      "grpc.max_receive_message_length": 64 * 1024 * 1024,
    });
    return new DynamicProviderHost(child, client, port, stderr);
  }

  /** What the host printed on stderr (its own error logging). */
  get log(): string {
    return this.stderr.join("");
  }

  get pid(): number | undefined {
    return this.child.pid;
  }

  private unary<Res>(
    send: (callback: (err: grpc.ServiceError | null, res: Res) => void) => unknown,
  ): Promise<Res> {
    return new Promise((resolve, reject) =>
      send((err, res) => (err ? reject(hostError(err)) : resolve(res))),
    );
  }

  async configure(config: Record<string, string> = {}): Promise<void> {
    const req = new proto.ConfigureRequest();
    req.setArgs(struct(config));
    req.setAcceptsecrets(false);
    req.setAcceptresources(false);
    await this.unary<proto.ConfigureResponse>((cb) => this.client.configure(req, cb));
  }

  async check(urn: string, olds: Props, news: Props): Promise<{ inputs: Props; failures: CheckFailure[] }> {
    const req = new proto.CheckRequest();
    req.setUrn(urn);
    req.setOlds(struct(olds));
    req.setNews(struct(news));
    const res = await this.unary<proto.CheckResponse>((cb) => this.client.check(req, cb));
    return {
      inputs: plain(res.getInputs()),
      failures: res.getFailuresList().map((f) => ({ property: f.getProperty(), reason: f.getReason() })),
    };
  }

  async diff(
    id: string,
    urn: string,
    olds: Props,
    news: Props,
  ): Promise<{ changes: DiffKind; replaces: string[] }> {
    const req = new proto.DiffRequest();
    req.setId(id);
    req.setUrn(urn);
    req.setOlds(struct(olds));
    req.setNews(struct(news));
    const res = await this.unary<proto.DiffResponse>((cb) => this.client.diff(req, cb));
    const kinds: Record<number, DiffKind> = {
      [proto.DiffResponse.DiffChanges.DIFF_NONE]: "none",
      [proto.DiffResponse.DiffChanges.DIFF_SOME]: "some",
      [proto.DiffResponse.DiffChanges.DIFF_UNKNOWN]: "unknown",
    };
    return { changes: kinds[res.getChanges()], replaces: res.getReplacesList() };
  }

  async create(urn: string, properties: Props): Promise<{ id: string; properties: Props }> {
    const req = new proto.CreateRequest();
    req.setUrn(urn);
    req.setProperties(struct(properties));
    const res = await this.unary<proto.CreateResponse>((cb) => this.client.create(req, cb));
    return { id: res.getId(), properties: plain(res.getProperties()) };
  }

  /** Read: an empty id back means the resource is gone. */
  async read(
    id: string,
    urn: string,
    properties: Props,
    inputs?: Props,
  ): Promise<{ id: string; properties: Props; inputs?: Props }> {
    const req = new proto.ReadRequest();
    req.setId(id);
    req.setUrn(urn);
    req.setProperties(struct(properties));
    if (inputs) req.setInputs(struct(inputs));
    const res = await this.unary<proto.ReadResponse>((cb) => this.client.read(req, cb));
    return {
      id: res.getId(),
      properties: plain(res.getProperties()),
      inputs: res.hasInputs() ? plain(res.getInputs()) : undefined,
    };
  }

  async update(id: string, urn: string, olds: Props, news: Props): Promise<Props> {
    const req = new proto.UpdateRequest();
    req.setId(id);
    req.setUrn(urn);
    req.setOlds(struct(olds));
    req.setNews(struct(news));
    return plain(
      (await this.unary<proto.UpdateResponse>((cb) => this.client.update(req, cb))).getProperties(),
    );
  }

  async delete(id: string, urn: string, properties: Props): Promise<void> {
    const req = new proto.DeleteRequest();
    req.setId(id);
    req.setUrn(urn);
    req.setProperties(struct(properties));
    await this.unary<unknown>((cb) => this.client.delete(req, cb));
  }

  async stop(): Promise<void> {
    this.client.close();
    if (this.child.exitCode !== null) return;
    const exited = new Promise((resolve) => this.child.once("exit", resolve));
    this.child.kill("SIGTERM");
    await exited;
  }
}

/** A gRPC error as the engine would show it: the provider's message, without gRPC's prefix. */
/** What a create or update that failed part-way left behind (ErrorResourceInitFailed): the engine records it. */
export interface PartialState {
  id: string;
  properties: Props;
}

export class HostError extends Error {
  constructor(
    readonly code: grpc.status,
    message: string,
    readonly partial?: PartialState,
  ) {
    super(message);
    this.name = "HostError";
  }
}

function hostError(err: grpc.ServiceError): HostError {
  return new HostError(err.code, err.details || err.message, partialStateOf(err));
}

/** The ErrorResourceInitFailed detail the dynamic-provider host packs into the error's metadata, if any. */
function partialStateOf(err: grpc.ServiceError): PartialState | undefined {
  const [bin] = err.metadata?.get("grpc-status-details-bin") ?? [];
  if (!(bin instanceof Buffer)) return undefined;
  for (const detail of Status.deserializeBinary(bin).getDetailsList()) {
    const failed = detail.unpack(
      (bytes) => proto.ErrorResourceInitFailed.deserializeBinary(bytes),
      "pulumirpc.ErrorResourceInitFailed",
    );
    if (failed) return { id: failed.getId(), properties: plain(failed.getProperties()) };
  }
  return undefined;
}

export function urnOf(project: string, stack: string, type: string, name: string): string {
  return `urn:pulumi:${stack}::${project}::${type}::${name}`;
}

export const REPO_ROOT = path.resolve(__dirname, "../..");
