/** The claims of a JSON Web Token: what it says about its bearer. */
export type TokenClaims = Readonly<Record<string, unknown>>;

/**
 * Signs and checks the tokens the API server issues (ServiceAccount tokens), with a key the control plane keeps
 * outside the event log. Only the signature is checked here: what the claims mean (expiry, audience, whose they
 * are) is the application's to decide.
 */
export interface TokenSigner {
  /** A compact JWT carrying `claims`, signed with the control plane's key. */
  sign(claims: TokenClaims): string;
  /** The claims of a token this signer signed, or undefined when it is no JWT or its signature is not ours. */
  verify(token: string): TokenClaims | undefined;
}
export const TokenSigner = Symbol.for('kes.TokenSigner');
