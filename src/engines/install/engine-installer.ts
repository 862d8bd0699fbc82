/**
 * One engine the project provisions itself (pinned, cached outside the repository, so a second run
 * is offline and instant). `npm run engines:install` and the test setup walk the registry of these.
 */
export interface EngineInstaller {
  readonly name: string;
  readonly pinned: string;
  isInstalled(cacheDir: string): Promise<boolean>;
  install(cacheDir: string, onProgress: (message: string) => void): Promise<void>;
}
