// Types of huge-pages.js (plain JavaScript: it runs before tsx is loaded).
export interface Host {
  platform: string;
  glibc: boolean;
  thp: string | undefined;
  ipc: boolean;
  inspected: boolean;
}
export function currentHost(): Host;
export function hugePagesEnv(env: NodeJS.ProcessEnv, host: Host): NodeJS.ProcessEnv | undefined;
export function relaunchWithHugePages(): Promise<number | undefined>;
