/**
 * The hook for `vigil lab run --defend` (issue 4, item 4; built in defend/session.ts): before the first step the
 * runner asks a DefenderLauncher to start one agent per victim inside that victim's namespace
 * (live capture on its interface, its sshd log tailed, nftables applied there), and stops it after
 * the last step. The lab itself only provides the place; the agent comes from the detection and
 * response stages.
 */
export interface DefendedVictim {
  host: string;
  ip: string;
  /** Network namespace the agent must run in (`ip netns exec NS ...`). */
  ns: string;
  /** Interface to capture on inside ns. */
  iface: string;
  /** The victim's stamped sshd log (see stamp.ts), growing while the run lasts. */
  authLogPath: string;
}

export interface RunningDefender {
  pid: number;
  stop(): Promise<void>;
}

export interface DefenderLauncher {
  start(victim: DefendedVictim, runDir: string): Promise<RunningDefender>;
}
