// One declaration per member and region, in the provider plugin: the TypeScript program refuses the
// same (account, region) declared twice when it runs (program/declarations.ts); a plugin's programs
// may be in any language, so the plugin checks it where every declaration passes — each resource's
// check, in the one provider process the engine starts per run and provider. Two resources holding
// one member would write against each other on every `pulumi up`.

/** Who holds a member: the declaration as users read it, and whether its account id is a secret. */
interface Holder {
  urn: string;
  shown: string;
  secret: boolean;
}

export class Declarations {
  private readonly holders = new Map<string, Holder>();

  /**
   * Claims `accounts` in `region` for the resource `urn` (shown to users as `shown`); returns the
   * refusal for the first one another resource of this run already holds, or undefined.
   */
  claim(
    urn: string,
    shown: string,
    region: string,
    accounts: readonly string[],
    secret = false,
  ): string | undefined {
    for (const account of accounts) {
      const other = this.holders.get(`${region}/${account}`);
      if (other !== undefined && other.urn !== urn) {
        const id = secret || other.secret ? `…${account.slice(-4)}` : account;
        return (
          `Account ${id} in ${region} is declared twice: by ${other.shown} and by ${shown}. Each member may be declared ` +
          `once, or the two would write against each other on every \`pulumi up\`. Remove one; to keep a member out of ` +
          `a RegionPolicy, list it in the policy's exclude.`
        );
      }
    }
    for (const account of accounts) this.holders.set(`${region}/${account}`, { urn, shown, secret });
    return undefined;
  }
}
