// A local S3-compatible server (tools/s3-server: gofakes3 in memory, built from Go modules) as a
// child process on a free port, for Pulumi's S3 state backend (a DIY backend on s3://…) in the e2e
// tests and the benchmarks. It exits with the process that started it, even one killed by SIGKILL
// (it reads its standard input, which then closes).
import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import * as fs from "node:fs";
import * as path from "node:path";
import { REPO_ROOT } from "./host";

const BUILD = path.join(REPO_ROOT, "tools", "s3-server", "build.sh");

/**
 * The server's binary: S3_SERVER_BIN (npm run test:e2e sets it), or build.sh's — which builds it
 * if missing (about 40 s from an empty Go module cache, a few seconds from a warm one).
 */
export function s3ServerBinary(): string {
  const given = process.env.S3_SERVER_BIN;
  if (given && fs.existsSync(given)) return given;
  const built = spawnSync("bash", [BUILD], { encoding: "utf8", stdio: ["ignore", "pipe", "inherit"] });
  const binary = built.stdout.trim().split("\n").pop() ?? "";
  if (built.status !== 0 || !fs.existsSync(binary))
    throw new Error(`bash tools/s3-server/build.sh failed (exit ${built.status})`);
  return binary;
}

/** What the server answers at GET /_counts: requests served by HTTP method, and the bytes PUT. */
export interface S3Counts {
  requests: Record<string, number>;
  putBytes: number;
}

export class S3Server {
  private constructor(
    private readonly child: ChildProcess,
    /** http://127.0.0.1:PORT */
    readonly url: string,
    readonly bucket: string,
  ) {}

  /** Starts the server on a free port with `bucket` created. */
  static async start(bucket = "pulumi-state"): Promise<S3Server> {
    const child = spawn(s3ServerBinary(), ["-addr", "127.0.0.1:0", "-bucket", bucket, "-stdin"], {
      stdio: ["pipe", "pipe", "inherit"],
    });
    const url = await new Promise<string>((resolve, reject) => {
      let out = "";
      child.stdout.on("data", (chunk: Buffer) => {
        out += chunk.toString();
        const match = /listening on (http:\/\/\S+)/.exec(out);
        if (match) resolve(match[1]);
      });
      child.on("error", reject);
      child.on("exit", (code) => reject(new Error(`the S3 server exited (${code}) before listening`)));
    });
    child.removeAllListeners("exit");
    return new S3Server(child, url, bucket);
  }

  /**
   * PULUMI_BACKEND_URL for the bucket: the query Pulumi 3.248's DIY backend passes to gocloud.dev's
   * s3blob (aws-sdk-go-v2): `endpoint` with its scheme, `use_path_style` (no bucket.host names),
   * and a `region`, which the SDK needs for signing.
   */
  backendUrl(): string {
    return `s3://${this.bucket}?endpoint=${encodeURIComponent(this.url)}&use_path_style=true&region=us-east-1`;
  }

  /** The keys of the bucket under `prefix` (a plain ListObjectsV2: the server checks no signature). */
  async keys(prefix = ""): Promise<string[]> {
    const keys: string[] = [];
    let token: string | undefined;
    do {
      const query = new URLSearchParams({ "list-type": "2", prefix });
      if (token) query.set("continuation-token", token);
      const xml = await (await fetch(`${this.url}/${this.bucket}?${query.toString()}`)).text();
      for (const m of xml.matchAll(/<Key>([^<]*)<\/Key>/g)) keys.push(m[1]);
      token = /<NextContinuationToken>([^<]*)<\/NextContinuationToken>/.exec(xml)?.[1];
    } while (token);
    return keys;
  }

  /** The lock files of DIY backends' stacks (`.pulumi/locks/<org>/<project>/<stack>/<id>.json`). */
  locks(): Promise<string[]> {
    return this.keys(".pulumi/locks/");
  }

  async counts(): Promise<S3Counts> {
    return (await (await fetch(`${this.url}/_counts`)).json()) as S3Counts;
  }

  async stop(): Promise<void> {
    if (this.child.exitCode !== null) return;
    const exited = new Promise((resolve) => this.child.once("exit", resolve));
    this.child.kill("SIGTERM");
    await exited;
  }
}
