// Who is calling: the SigV4 Authorization header names the access key, the region and the service
// (Credential=AKID/20261126/us-east-1/macie2/aws4_request). Macie keeps members per region, so the
// region of the signature is the region of the call.

export interface Signature {
  accessKeyId: string;
  region: string;
  service: string;
}

export function signatureOf(authorization: string | undefined): Signature | undefined {
  const m = /^AWS4-HMAC-SHA256 Credential=([^/]+)\/[0-9]{8}\/([a-z0-9-]+)\/([a-z0-9]+)\/aws4_request/.exec(
    authorization ?? "",
  );
  return m ? { accessKeyId: m[1], region: m[2], service: m[3] } : undefined;
}
