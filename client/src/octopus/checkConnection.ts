/**
 * Checks a server address and API key the way "Add Server…" needs: is it Octopus (`GET /api`),
 * does it take the key (`GET /api/spaces`), which space — and says exactly which step failed.
 */
import type { CallOptions } from './octopusClient';
import { OctopusClient } from './octopusClient';
import { OctopusError } from '@stepwise/core/octopus/errors';
import type { RootDocument, Space } from './types';

export interface ConnectionCheck {
  root: RootDocument;
  spaces: Space[];
  /** The space asked for by name or id, else the default one (else the first). */
  space: Space;
  /** A client for that space. */
  client: OctopusClient;
}

export async function checkConnection(
  target: { url: string; apiKey: string; space?: string; timeoutMs?: number; userAgent?: string },
  o?: CallOptions,
): Promise<ConnectionCheck> {
  const client = new OctopusClient({
    url: target.url,
    apiKey: target.apiKey,
    timeoutMs: target.timeoutMs,
    userAgent: target.userAgent,
  });
  const host = client.baseUrl;
  let root: RootDocument;
  try {
    root = await client.root(o);
  } catch (error) {
    if (error instanceof OctopusError && error.kind === 'not-found') {
      throw new OctopusError(
        'not-octopus',
        `${host} has no Octopus API (GET /api answered 404). Use the address you open Octopus at in a browser, without /app or a path after it.`,
        error.details,
      );
    }
    if (error instanceof OctopusError && error.kind === 'unauthorized') {
      // Only a proxy in front of Octopus asks for credentials on /api.
      throw new OctopusError(
        'not-octopus',
        `${host} asks for credentials before the Octopus API (GET /api answered 401): is a proxy or sign-in page in front of it?`,
        error.details,
      );
    }
    throw error;
  }
  let spaces: Space[];
  try {
    spaces = await client.spaces(o);
  } catch (error) {
    if (error instanceof OctopusError && error.kind === 'unauthorized') {
      // One sentence of ours; Octopus's own words stay in details.serverMessage, for the log.
      throw new OctopusError(
        'unauthorized',
        `${host} is an Octopus server, but it did not accept the API key.`,
        error.details,
      );
    }
    if (error instanceof OctopusError && error.kind === 'forbidden') {
      throw new OctopusError(
        'forbidden',
        `${host} accepted the API key, but its user may not list spaces: ${error.message}`,
        error.details,
      );
    }
    throw error;
  }
  if (!spaces.length)
    throw new OctopusError('forbidden', `${host} accepted the API key, but its user can see no space.`);
  const wanted = target.space?.trim().toLowerCase();
  const space = wanted
    ? spaces.find((s) => s.Name.toLowerCase() === wanted || s.Id.toLowerCase() === wanted)
    : (spaces.find((s) => s.IsDefault) ?? spaces[0]);
  if (!space) {
    throw new OctopusError(
      'not-found',
      `${host} has no space named '${target.space}'; the key can see ${spaces.map((s) => `'${s.Name}'`).join(', ')}.`,
    );
  }
  return { root, spaces, space, client: client.withSpace(space.Id) };
}
