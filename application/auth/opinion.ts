/**
 * What one authorizer thinks of a request, as in Kubernetes' authorizer chain: allow, deny with a reason,
 * or no opinion (the next authorizer decides; when none does, the request is denied).
 */
export type Opinion = Readonly<{ allowed: true }> | Readonly<{ allowed: false; reason: string }> | undefined;

export const ALLOW: Opinion = { allowed: true };
export const deny = (reason: string): Opinion => ({ allowed: false, reason });
