import { describe, expect, it } from 'vitest';
import { fileURLToPath } from 'node:url';
import { ConfigError, isDryRun, loadResponseConfig, parseResponseConfig } from './config.js';

const example = fileURLToPath(new URL('./examples/response.yaml', import.meta.url));

function issuesOf(yaml: string): { field: string; message: string }[] {
  try {
    parseResponseConfig(yaml, 'test.yaml');
  } catch (err) {
    expect(err).toBeInstanceOf(ConfigError);
    return (err as ConfigError).issues;
  }
  throw new Error('config was accepted');
}

describe('response config', () => {
  it('loads the example file', () => {
    const c = loadResponseConfig(example);
    expect(c.allowlist.map((a) => a.text)).toContain('10.203.250.0/24');
    expect(c.profiles[0]).toMatchObject({ name: 'ssh-brute-force', action: 'block', ttl: 14_400 });
    expect(c.profiles[0]?.threshold).toEqual({ count: 3, window: 60 });
    expect(c.escalation.maxTtl).toBe(7 * 86_400);
    expect(c.notifiers.map((n) => n.kind)).toEqual(['webhook', 'syslog', 'smtp']);
    expect(isDryRun(c)).toBe(false);
    expect(c.firewall).toMatchObject({ backend: 'nftables', table: 'vigil', session: true });
  });

  it('is dry-run when no firewall is configured', () => {
    expect(isDryRun(parseResponseConfig('profiles: []'))).toBe(true);
  });

  it('names the field of an unknown action', () => {
    const issues = issuesOf(
      'profiles:\n  - { name: a, action: block, ttl: 1h }\n  - { name: b, action: nuke, ttl: 1h }\n',
    );
    expect(issues).toEqual([expect.objectContaining({ field: 'profiles[1].action' })]);
    expect(issues[0]?.message).toMatch(/unknown action "nuke"/);
  });

  it('names the field of a negative TTL and of a TTL without unit', () => {
    expect(issuesOf('profiles:\n  - { name: a, action: block, ttl: -4h }\n')[0]).toMatchObject({
      field: 'profiles[0].ttl',
      message: expect.stringMatching(/negative/),
    });
    const noUnit = issuesOf('profiles:\n  - { name: a, action: block, ttl: "4" }\n');
    expect(noUnit[0]).toMatchObject({ field: 'profiles[0].ttl', message: expect.stringMatching(/no unit/) });
    const numeric = issuesOf('profiles:\n  - { name: a, action: block, ttl: 4 }\n');
    expect(numeric[0]?.field).toBe('profiles[0].ttl');
  });

  it('names the allowlist entry that does not parse', () => {
    const issues = issuesOf('allowlist: [10.0.0.0/8, 10.0.0.300, 192.168.0.0/40]\n');
    expect(issues.map((i) => i.field)).toEqual(['allowlist[1]', 'allowlist[2]']);
  });

  it('names unknown keys, a rate-limit without rate, and YAML syntax errors by line', () => {
    expect(issuesOf('profiles:\n  - { name: a, action: rate-limit, ttl: 1h }\n')[0]?.field).toBe(
      'profiles[0].rate',
    );
    expect(issuesOf('firewal: {backend: nftables}\n')[0]?.message).toMatch(/firewal/);
    expect(issuesOf('profiles:\n  - name: a\n   action: block\n')[0]?.field).toMatch(/^line \d+/);
  });

  it('the error message lists every issue with its field', () => {
    expect(() =>
      parseResponseConfig('allowlist: [nope]\nprofiles: [{name: a, action: zap, ttl: 1h}]', 'x.yaml'),
    ).toThrow(/x\.yaml: invalid config\n {2}allowlist\[0\]: .*\n {2}profiles\[0\]\.action: unknown action/);
  });
});
