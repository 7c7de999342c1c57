/** Content-addressed retrieval ids: SHA-256 via WebCrypto, so the same original gets the same id in every runtime. */
import { ID_LENGTH } from './marker.ts';

const encoder = new TextEncoder();

export async function contentId(text: string): Promise<string> {
  const digest = await crypto.subtle.digest('SHA-256', encoder.encode(text));
  const bytes = new Uint8Array(digest);
  let hex = '';
  for (let i = 0; i < ID_LENGTH / 2; i++) hex += (bytes[i] ?? 0).toString(16).padStart(2, '0');
  return hex;
}
