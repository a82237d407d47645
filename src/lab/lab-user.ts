/**
 * Adapter: the test user sshd authenticates. Namespaces share the host's /etc/passwd, so this user
 * exists on the host while the lab is up; its password is random per `up` (so a host sshd, if one ran,
 * would not accept a published password) and `down` deletes the user and its group.
 */
import { randomBytes } from 'node:crypto';
import { run, succeeds } from './exec.js';

export async function userExists(name: string): Promise<boolean> {
  return succeeds(['getent', 'passwd', name]);
}

export async function groupExists(name: string): Promise<boolean> {
  return succeeds(['getent', 'group', name]);
}

/** A password no wordlist holds, lowercase letters and digits so it survives any quoting. */
export function randomPassword(): string {
  const alphabet = 'abcdefghijkmnopqrstuvwxyz23456789';
  return Array.from(randomBytes(14), (b) => alphabet[b % alphabet.length]).join('');
}

export async function createLabUser(name: string, password: string): Promise<void> {
  await run(['useradd', '--no-create-home', '--home-dir', '/nonexistent', '--shell', '/bin/sh', '--comment', 'vigil lab test user', name]);
  await run(['chpasswd'], { input: `${name}:${password}\n` });
}

export async function removeLabUser(name: string): Promise<boolean> {
  if (!(await userExists(name))) return false;
  await run(['userdel', name]);
  // userdel removes the user's private group too; remove it if it was left (USERGROUPS_ENAB off).
  if (await groupExists(name)) await run(['groupdel', name]);
  return true;
}
